// Editing, checking and approving the Statement of Applicability. Entries are
// versioned one by one; the head counts edits so an approval freezes exactly
// the state it was shown. Reads never walk the risk register: reliance comes
// from the risk↔control links, gaps from the sparse gap index.
import { ANNEX_A_CONTROLS, isControlId } from '../annex-a/catalogue';
import type { MemberCheck } from '../inventory/ai-system';
import { methodologyAt } from '../risk/manage-methodology';
import type { RiskMethodology } from '../risk/methodology';
import { type RiskControlLink, RiskControlLinks, Risks } from '../risk/model';
import type { Risk } from '../risk/risk';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { increment, put, recordChange, type TenantStore } from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { parseInput } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { checkSoaConsistency, namedRiskIds, type SoaFinding } from './consistency';
import { ApprovedSoaEntries, ApprovedSoaHeads, SoaEntries, SoaHeads } from './model';
import {
  type ApprovedSoa,
  blankEntry,
  blankSoa,
  type SoaEntry,
  type SoaHead,
  type StatementOfApplicability,
  updateSoaEntryInput,
} from './statement-of-applicability';

export interface SoaDeps extends StoreDeps {
  isMember: MemberCheck;
}

/** The working copy: stored entries over the blank catalogue, in catalogue order. */
export async function getSoa(
  scope: TenantScope,
  deps: Pick<StoreDeps, 'store' | 'clock'>,
): Promise<StatementOfApplicability> {
  assertCan(scope.role, 'soa.read');
  // Head and entries share one partition: one read.
  const parts = await deps.store.partition(['SOA'], [SoaHeads, SoaEntries]);
  const head = (parts.get(SoaHeads.name)?.[0] as SoaHead | undefined) ?? null;
  const stored = (parts.get(SoaEntries.name) ?? []) as SoaEntry[];
  const byControl = new Map(stored.map((e) => [e.controlId, e]));
  const blank = blankSoa(scope.tenantId, deps.clock.now().toISOString());
  return {
    ...blank,
    entries: ANNEX_A_CONTROLS.map((c) => byControl.get(c.id) ?? blankEntry(scope.tenantId, c.id)),
    version: head?.version ?? 0,
    approvedVersion: head?.approvedVersion ?? null,
    updatedAt: head?.updatedAt || blank.updatedAt,
  };
}

export async function updateSoaEntry(scope: TenantScope, rawInput: unknown, deps: SoaDeps) {
  assertCan(scope.role, 'soa.edit');
  const input = parseInput(updateSoaEntryInput, rawInput, ['input']);
  if (!isControlId(input.controlId)) {
    throw new ValidationError([{ path: ['input', 'controlId'], message: 'not an Annex A control' }]);
  }
  const before =
    (await deps.store.get(SoaEntries, { controlId: input.controlId })) ??
    blankEntry(scope.tenantId, input.controlId);
  if (before.version !== input.expectedVersion) {
    throw versionMismatch('SoaEntry', input.controlId, input.expectedVersion, before.version);
  }
  const entry: SoaEntry = { ...before };
  if (input.applicable !== undefined) entry.applicable = input.applicable ?? null;
  if (input.justification !== undefined) entry.justification = input.justification ?? null;
  if (input.reasons !== undefined) entry.reasons = [...new Set(input.reasons)];
  if (input.implementationStatus !== undefined) entry.implementationStatus = input.implementationStatus;
  if (input.ownerId !== undefined) entry.ownerId = input.ownerId ?? null;
  if (input.linkedRiskIds !== undefined) entry.linkedRiskIds = [...new Set(input.linkedRiskIds)];
  if (input.evidenceRefs !== undefined) entry.evidenceRefs = input.evidenceRefs;

  const errors = [];
  if (entry.applicable === false && entry.implementationStatus !== 'NOT_STARTED') {
    errors.push({
      path: ['input', 'implementationStatus'],
      message: 'an excluded control has no implementation status',
    });
  }
  if (input.ownerId && !(await deps.isMember(input.ownerId))) {
    errors.push({ path: ['input', 'ownerId'], message: 'is not a member of this tenant' });
  }
  if (input.linkedRiskIds?.length) {
    // A BatchGet of the named risks, not a read of the register.
    const found = await deps.store.getMany(
      Risks,
      input.linkedRiskIds.map((id) => ({ id })),
    );
    const unknown = input.linkedRiskIds.filter((_, i) => !found[i]);
    if (unknown.length)
      errors.push({ path: ['input', 'linkedRiskIds'], message: `unknown risks: ${unknown.join(', ')}` });
  }
  if (errors.length) throw new ValidationError(errors);

  const now = deps.clock.now().toISOString();
  const saved: SoaEntry = { ...entry, version: before.version + 1, updatedAt: now };
  try {
    await deps.store.commit([
      put(SoaEntries, saved, before.version === 0 ? 'absent' : { version: before.version }),
      recordChange(changeOf(SoaEntries, scope, before.version === 0 ? null : before, saved, now, deps.ids)),
      increment(SoaHeads, {}, { version: 1 }, { updatedAt: now }),
    ]);
  } catch (error) {
    // A concurrent first edit of the same control wrote version 1 first: a stale version, as when sequential.
    if (error instanceof ConflictError && error.extensions.reason === 'ALREADY_EXISTS') {
      const current = await deps.store.get(SoaEntries, { controlId: input.controlId });
      throw versionMismatch('SoaEntry', input.controlId, input.expectedVersion, current?.version ?? null);
    }
    throw error;
  }
  return getSoa(scope, deps);
}

export interface ConsistencyReadDeps {
  store: TenantStore;
  clock: StoreDeps['clock'];
  /** The working copy already read in this request, if any. */
  workingSoa?: () => Promise<StatementOfApplicability>;
}

/** Everything the checks need, in a fixed number of reads whatever the register's size. */
async function consistencyInputs(scope: TenantScope, deps: ConsistencyReadDeps) {
  assertCan(scope.role, 'soa.read');
  const [soa, reliance, gaps, latestRiskChangeAt] = await Promise.all([
    deps.workingSoa ? deps.workingSoa() : getSoa(scope, deps),
    deps.store.collection(RiskControlLinks, ['LINK', 'RISK-CONTROL']) as Promise<RiskControlLink[]>,
    readAll(deps.store, Risks, 'gaps', {}),
    deps.store.lastChangeAt('Risk'),
  ]);
  const latestApproved = soa.approvedVersion
    ? await deps.store.get(ApprovedSoaHeads, { number: soa.approvedVersion })
    : null;
  const named = await deps.store.getMany(
    Risks,
    namedRiskIds({ soa, reliance }).map((id) => ({ id })),
  );
  const risks = new Map([...gaps, ...named.filter((r): r is Risk => !!r)].map((r) => [r.id, r]));
  const methodologies = new Map<number, RiskMethodology>();
  for (const version of new Set([...risks.values()].map((r) => r.methodologyVersion))) {
    const m = await methodologyAt(deps.store, version);
    if (m) methodologies.set(version, m);
  }
  return { soa, reliance, gaps, risks, methodologies, latestApproved, latestRiskChangeAt };
}

export async function soaConsistency(scope: TenantScope, deps: ConsistencyReadDeps): Promise<SoaFinding[]> {
  assertCan(scope.role, 'soa.read');
  return checkSoaConsistency(await consistencyInputs(scope, deps));
}

/** Freezes the working copy as the next approved version. Every control must be decided and justified. */
export async function approveSoa(
  scope: TenantScope,
  expectedVersion: number,
  deps: SoaDeps,
): Promise<ApprovedSoa> {
  assertCan(scope.role, 'soa.approve');
  const { soa: current, reliance, latestRiskChangeAt } = await consistencyInputs(scope, deps);
  if (current.version !== expectedVersion) {
    throw versionMismatch('StatementOfApplicability', 'soa', expectedVersion, current.version);
  }
  const incomplete = current.entries
    .filter((e) => e.applicable === null || !e.justification)
    .map((e) => e.controlId);
  if (incomplete.length) {
    throw new ValidationError([
      {
        path: ['expectedVersion'],
        message: `decide and justify every control before approval; incomplete: ${incomplete.join(', ')}`,
      },
    ]);
  }
  const now = deps.clock.now().toISOString();
  const number = (current.approvedVersion ?? 0) + 1;
  // Freeze the links too: risks whose mitigation relies on a control join its explicit links.
  const entries = current.entries.map((e) => ({
    ...e,
    number,
    linkedRiskIds: [
      ...new Set([
        ...e.linkedRiskIds,
        ...reliance.filter((l) => l.controlRef === e.controlId).map((l) => l.riskId),
      ]),
    ],
  }));
  const head = {
    tenantId: scope.tenantId,
    number,
    catalogueVersion: current.catalogueVersion,
    approvedBy: scope.actorId,
    approvedAt: now,
    soaVersion: current.version,
    riskRegisterChangedAt: latestRiskChangeAt,
  };
  try {
    await deps.store.commit([
      ...entries.map((e) => put(ApprovedSoaEntries, e, 'absent')),
      put(ApprovedSoaHeads, head, 'absent', `Approved SoA version ${number}`),
      recordChange(changeOf(ApprovedSoaHeads, scope, null, { ...head, version: number }, now, deps.ids)),
      // Only if nobody edited an entry since the state checked above.
      increment(SoaHeads, {}, { version: 1 }, { approvedVersion: number, updatedAt: now }, current.version),
    ]);
  } catch (error) {
    if (error instanceof ConflictError && error.extensions.reason === 'ALREADY_EXISTS') {
      throw versionMismatch('StatementOfApplicability', 'soa', expectedVersion, null);
    }
    throw error;
  }
  return { ...head, entries };
}

/** A frozen approved version; the latest when no number is given. */
export async function getApprovedSoa(
  scope: TenantScope,
  number: number | null | undefined,
  deps: Pick<StoreDeps, 'store'>,
): Promise<ApprovedSoa> {
  assertCan(scope.role, 'soa.read');
  const n = number ?? (await deps.store.get(SoaHeads, {}))?.approvedVersion;
  const head = n ? await deps.store.get(ApprovedSoaHeads, { number: n }) : null;
  if (!head) throw new NotFoundError('ApprovedSoa', n ? String(n) : 'latest');
  const entries = await deps.store.collection(ApprovedSoaEntries, ['SOA', 'V', String(n).padStart(6, '0')], {
    sortPrefix: 'ENTRY#',
  });
  const order = new Map(ANNEX_A_CONTROLS.map((c, i) => [c.id as string, i]));
  return {
    ...head,
    entries: entries.sort((a, b) => (order.get(a.controlId) ?? 0) - (order.get(b.controlId) ?? 0)),
  };
}
