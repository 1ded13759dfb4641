// Editing, checking and approving the Statement of Applicability. Entries are
// versioned one by one; the head counts edits so an approval freezes exactly
// the state it was shown. Reads never walk the risk register: reliance comes
// from the risk↔control links, gaps from the sparse gap index.
import { ANNEX_A_CONTROLS, isControlId } from '../annex-a/catalogue';
import type { CustomControl } from '../controls/custom-control';
import { CustomControls } from '../controls/model';
import { COMMITTEE_KINDS, holdsAppointment } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { ImpactAssessments } from '../impact/model';
import { type MemberCheck, PROVENANCES } from '../inventory/ai-system';
import { AiSystems } from '../inventory/model';
import { approvedMethodology, methodologyAt } from '../risk/manage-methodology';
import type { RiskMethodology } from '../risk/methodology';
import {
  type RiskControlLink,
  RiskControlLinks,
  type RiskCounts,
  RiskCountsStore,
  Risks,
} from '../risk/model';
import type { Risk } from '../risk/risk';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import {
  check,
  increment,
  padded,
  put,
  recordChange,
  remove,
  type TenantStore,
  type Write,
} from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { parseInput } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { checkSoaConsistency, namedRiskIds, type SoaFinding } from './consistency';
import { ApprovedSoaEntries, type ApprovedSoaEntry, ApprovedSoaHeads, SoaEntries, SoaHeads } from './model';
import {
  type ApprovedSoa,
  approveSoaInput,
  blankEntry,
  blankSoa,
  type FrozenSoaEntry,
  type SoaEntry,
  type SoaHead,
  type SoaWaiver,
  type StatementOfApplicability,
  updateSoaEntryInput,
} from './statement-of-applicability';

export interface SoaDeps extends StoreDeps {
  isMember: MemberCheck;
}

/** The working copy: stored entries over the blank catalogue, in catalogue order, then the additional entries by ref. */
export async function getSoa(
  scope: TenantScope,
  deps: Pick<StoreDeps, 'store' | 'clock'>,
): Promise<StatementOfApplicability> {
  assertCan(scope.role, 'soa.read');
  // Head and entries share one partition: one read.
  const [parts, custom] = await Promise.all([
    deps.store.partition(['SOA'], [SoaHeads, SoaEntries]),
    readAll(deps.store, CustomControls, 'all', {}),
  ]);
  const head = (parts.get(SoaHeads.name)?.[0] as SoaHead | undefined) ?? null;
  const stored = (parts.get(SoaEntries.name) ?? []) as SoaEntry[];
  const byControl = new Map(stored.map((e) => [e.controlId, e]));
  const live = new Map(custom.filter((c) => !c.retiredAt).map((c) => [c.ref, c]));
  // A custom control's entry is created with it and removed when it is retired.
  const additional = stored
    .filter((e) => !isControlId(e.controlId) && live.has(e.controlId))
    .sort((a, b) => (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0));
  const blank = blankSoa(scope.tenantId, deps.clock.now().toISOString());
  return {
    ...blank,
    entries: [
      ...ANNEX_A_CONTROLS.map((c) => byControl.get(c.id) ?? blankEntry(scope.tenantId, c.id)),
      ...additional,
    ],
    customControls: live,
    version: head?.version ?? 0,
    approvedVersion: head?.approvedVersion ?? null,
    updatedAt: head?.updatedAt || blank.updatedAt,
  };
}

export async function updateSoaEntry(scope: TenantScope, rawInput: unknown, deps: SoaDeps) {
  assertCan(scope.role, 'soa.edit');
  const input = parseInput(updateSoaEntryInput, rawInput, ['input']);
  const stored = await deps.store.get(SoaEntries, { controlId: input.controlId });
  if (!stored && !isControlId(input.controlId)) {
    // Additional entries exist from their control's creation until it is retired.
    throw new ValidationError([
      {
        path: ['input', 'controlId'],
        message: 'neither an Annex A control nor a live custom control of this tenant',
      },
    ]);
  }
  const before = stored ?? blankEntry(scope.tenantId, input.controlId);
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
  if (input.officialTitle !== undefined) entry.officialTitle = input.officialTitle ?? null;

  const errors = [];
  if (input.implementationStatus === 'OPERATING_EFFECTIVELY') {
    errors.push({
      path: ['input', 'implementationStatus'],
      message:
        'OPERATING_EFFECTIVELY cannot be set by hand: it will be derived from internal-audit conclusions; record IMPLEMENTED with evidence instead',
    });
  }
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
      put(SoaEntries, saved, stored ? { version: before.version } : 'absent'),
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

/** Gaps named one by one in the check; past this the check says how to see them all. */
const GAP_FINDINGS_PAGE = 100;
/** Systems of each provenance an explanation names as examples. */
const SYSTEM_EXAMPLES = 10;

export interface ConsistencyReadDeps {
  store: TenantStore;
  clock: StoreDeps['clock'];
  /** The working copy already read in this request, if any. */
  workingSoa?: () => Promise<StatementOfApplicability>;
}

/** Everything the checks need, in a fixed number of reads whatever the register's size. */
async function consistencyInputs(scope: TenantScope, deps: ConsistencyReadDeps) {
  assertCan(scope.role, 'soa.read');
  // Every read is bounded, whatever the size of the register or the inventory: gaps
  // up to a page (a summary finding says when there are more), a few examples of
  // each kind of system, and the sparse index of systems classed high-risk.
  const [soa, reliance, gapPage, latestRiskChangeAt, inventory, highRisk] = await Promise.all([
    deps.workingSoa ? deps.workingSoa() : getSoa(scope, deps),
    deps.store.collection(RiskControlLinks, ['LINK', 'RISK-CONTROL']) as Promise<RiskControlLink[]>,
    deps.store.query(Risks, 'gaps', {}, { limit: GAP_FINDINGS_PAGE }),
    deps.store.lastChangeAt('Risk'),
    Promise.all(
      PROVENANCES.map((provenance) =>
        deps.store.query(AiSystems, 'byProvenance', { provenance }, { limit: SYSTEM_EXAMPLES }),
      ),
    ),
    deps.store.query(ImpactAssessments, 'highRiskInForce', {}, { limit: SYSTEM_EXAMPLES }),
  ]);
  const gaps = gapPage.entries.map((e) => e.item);
  const examples = inventory.flatMap((page) => page.entries.map((e) => e.item));
  const highRiskIds = [...new Set(highRisk.entries.map((e) => e.item.aiSystemId))];
  const highRiskSystems = (
    await deps.store.getMany(
      AiSystems,
      highRiskIds.map((id) => ({ id })),
    )
  ).filter((s): s is NonNullable<typeof s> => !!s);
  const highRiskSystemIds = new Set(highRiskSystems.map((s) => s.id));
  const aiSystems = [...new Map([...examples, ...highRiskSystems].map((s) => [s.id, s])).values()].filter(
    (s) => s.lifecycleStage !== 'DECOMMISSIONED',
  );
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
  return {
    soa,
    reliance,
    gaps,
    moreGaps: gapPage.hasMore,
    risks,
    methodologies,
    latestApproved,
    latestRiskChangeAt,
    aiSystems,
    highRiskSystemIds,
  };
}

export async function soaConsistency(scope: TenantScope, deps: ConsistencyReadDeps): Promise<SoaFinding[]> {
  assertCan(scope.role, 'soa.read');
  return checkSoaConsistency(await consistencyInputs(scope, deps));
}

const sameFinding = (w: { code: string; controlId?: string | null; riskId?: string | null }, f: SoaFinding) =>
  w.code === f.code && (w.controlId ?? null) === f.controlId && (w.riskId ?? null) === f.riskId;

/**
 * Freezes the working copy as the next approved version. Every control must be
 * decided and justified, and no HIGH finding may be open unless the committee
 * waives it: a waiver comes only from an approver holding an active committee
 * appointment and is stored with the approved version.
 */
export async function approveSoa(scope: TenantScope, rawInput: unknown, deps: SoaDeps): Promise<ApprovedSoa> {
  assertCan(scope.role, 'soa.approve');
  const { expectedVersion, waivers: requested = [] } = parseInput(approveSoaInput, rawInput, ['input']);
  const [inputs, methodology, riskCounts] = await Promise.all([
    consistencyInputs(scope, deps),
    approvedMethodology(deps.store),
    deps.store.collection(RiskCountsStore, ['RISKCOUNT']),
  ]);
  const { soa: current, reliance, latestRiskChangeAt } = inputs;
  if (current.version !== expectedVersion) {
    throw versionMismatch('StatementOfApplicability', 'soa', expectedVersion, current.version);
  }
  const incomplete = current.entries
    .filter((e) => e.applicable === null || !e.justification)
    .map((e) => e.controlId);
  if (incomplete.length) {
    throw new ValidationError([
      {
        path: ['input', 'expectedVersion'],
        message: `decide and justify every control before approval; incomplete: ${incomplete.join(', ')}`,
      },
    ]);
  }
  const high = checkSoaConsistency(inputs).filter((f) => f.severity === 'HIGH');
  if (requested.length) {
    // One query of the approver's own appointments, only when a waiver is asked for.
    const appointments = await readAll(deps.store, Appointments, 'byUser', { userId: scope.actorId });
    if (!holdsAppointment(appointments, scope.actorId, COMMITTEE_KINDS, deps.clock.now())) {
      throw new ForbiddenError(
        'only a member of the AI governance committee (an active COMMITTEE_CHAIR or COMMITTEE_MEMBER appointment) may waive SoA findings',
      );
    }
    const stray = requested.flatMap((w, i) => (high.some((f) => sameFinding(w, f)) ? [] : [i]));
    if (stray.length) {
      throw new ValidationError(
        stray.map((i) => ({ path: ['input', 'waivers', i], message: 'matches no open HIGH finding' })),
      );
    }
  }
  const open = high.filter((f) => !requested.some((w) => sameFinding(w, f)));
  if (open.length) {
    const listed = open.map(
      (f) => `${f.code}${f.controlId ? ` ${f.controlId}` : ''}${f.riskId ? ` (risk ${f.riskId})` : ''}`,
    );
    const error = new ConflictError(
      `resolve or have the committee waive every HIGH SoA finding before approval; open: ${listed.join('; ')}`,
      'INVALID_STATE',
    );
    error.extensions.findings = open.map(({ code, controlId, riskId }) => ({ code, controlId, riskId }));
    throw error;
  }
  const waivers: SoaWaiver[] = requested.map((w) => ({
    code: w.code,
    controlId: w.controlId ?? null,
    riskId: w.riskId ?? null,
    reason: w.reason,
    grantedBy: scope.actorId,
  }));
  const now = deps.clock.now().toISOString();
  const number = (current.approvedVersion ?? 0) + 1;
  // Freeze the links too: risks whose mitigation relies on a control join its explicit links.
  const entries: ApprovedSoaEntry[] = current.entries.map((e) => ({
    ...e,
    number,
    customControl: frozenControl(current.customControls.get(e.controlId)),
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
    // S7: what the SoA was approved against, beside the register's last change.
    methodologyVersion: methodology?.version ?? null,
    openRiskCount: openRisks(riskCounts),
    waivers,
  };
  const final: Write[] = [
    put(ApprovedSoaHeads, head, 'absent', `Approved SoA version ${number}`),
    recordChange(changeOf(ApprovedSoaHeads, scope, null, { ...head, version: number }, now, deps.ids)),
    // Only if nobody edited an entry since the state checked above.
    increment(SoaHeads, {}, { version: 1 }, { approvedVersion: number, updatedAt: now }, current.version),
  ];
  try {
    if (entries.length + final.length <= MAX_COMMIT_ITEMS) {
      await deps.store.commit([...entries.map((e) => put(ApprovedSoaEntries, e, 'absent')), ...final]);
    } else {
      await writeFrozenEntries(deps.store, number, entries, current.version);
      await deps.store.commit(final);
    }
  } catch (error) {
    if (error instanceof ConflictError && error.extensions.reason === 'ALREADY_EXISTS') {
      throw versionMismatch('StatementOfApplicability', 'soa', expectedVersion, null);
    }
    throw error;
  }
  return { ...head, entries };
}

/** A transaction's item limit (DynamoDB TransactWriteItems). */
const MAX_COMMIT_ITEMS = 100;

function frozenControl(c: CustomControl | undefined): FrozenSoaEntry['customControl'] {
  return c
    ? {
        ref: c.ref,
        title: c.title,
        description: c.description,
        source: c.source,
        mappedAnnexA: [...c.mappedAnnexA],
      }
    : null;
}

/** Open risks: the inherent heat-map cells count each open risk once, under its methodology version. */
function openRisks(counts: readonly RiskCounts[]): number {
  let total = 0;
  for (const c of counts) for (const [k, v] of Object.entries(c.cells)) if (k.startsWith('i_')) total += v;
  return total;
}

/**
 * An SoA too large for one transaction is frozen in batches before its head:
 * entries of version n are invisible until the head exists, each batch holds
 * only while the working SoA is still at the state checked (no edit, no other
 * approval), and writes are overwrites, so a retry after a failure half-way
 * completes the same version; entries left by an earlier attempt for controls
 * since retired are removed.
 */
async function writeFrozenEntries(
  store: TenantStore,
  number: number,
  entries: readonly ApprovedSoaEntry[],
  soaVersion: number,
) {
  const partition = ['SOA', 'V', padded(number, 6)];
  const earlier = await store.collection(ApprovedSoaEntries, partition, { sortPrefix: 'ENTRY#' });
  const keep = new Set(entries.map((e) => e.controlId));
  const writes: Write[] = [
    ...entries.map((e) => put(ApprovedSoaEntries, e, 'any')),
    ...earlier
      .filter((e) => !keep.has(e.controlId))
      .map((e) => remove(ApprovedSoaEntries, { number, controlId: e.controlId })),
  ];
  const size = MAX_COMMIT_ITEMS - 1;
  for (let i = 0; i < writes.length; i += size) {
    await store.commit([
      check(SoaHeads, {}, soaVersion, 'StatementOfApplicability'),
      ...writes.slice(i, i + size),
    ]);
  }
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
  const entries = await deps.store.collection(ApprovedSoaEntries, ['SOA', 'V', padded(head.number, 6)], {
    sortPrefix: 'ENTRY#',
  });
  // Annex A in catalogue order, then the additional entries by ref.
  const order = new Map(ANNEX_A_CONTROLS.map((c, i) => [c.id as string, i]));
  const rank = (id: string) => order.get(id) ?? ANNEX_A_CONTROLS.length;
  return {
    ...head,
    entries: entries.sort(
      (a, b) =>
        rank(a.controlId) - rank(b.controlId) ||
        (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0),
    ),
  };
}
