// Editing, checking and approving the Statement of Applicability.
import { isControlId } from '../annex-a/catalogue';
import { changeRecord } from '../audit/change-record';
import type { MemberCheck } from '../inventory/ai-system';
import type { MethodologyRepository } from '../risk/manage-methodology';
import type { RiskMethodology } from '../risk/methodology';
import type { RiskRepository } from '../risk/risk';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { Clock, IdGenerator } from '../shared/ports';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { checkSoaConsistency, type SoaFinding } from './consistency';
import {
  type ApprovedSoa,
  blankSoa,
  type SoaRepository,
  type StatementOfApplicability,
  updateSoaEntryInput,
} from './statement-of-applicability';

export interface SoaDeps {
  soa: SoaRepository;
  risks: Pick<RiskRepository, 'all'>;
  methodologies: Pick<MethodologyRepository, 'getVersion'>;
  isMember: MemberCheck;
  clock: Clock;
  ids: IdGenerator;
}

export async function getSoa(
  scope: TenantScope,
  deps: Pick<SoaDeps, 'soa' | 'clock'>,
): Promise<StatementOfApplicability> {
  assertCan(scope.role, 'soa.read');
  return (await deps.soa.get()) ?? blankSoa(scope.tenantId, deps.clock.now().toISOString());
}

export async function updateSoaEntry(scope: TenantScope, rawInput: unknown, deps: SoaDeps) {
  assertCan(scope.role, 'soa.edit');
  const input = parseInput(updateSoaEntryInput, rawInput, ['input']);
  if (!isControlId(input.controlId)) {
    throw new ValidationError([{ path: ['input', 'controlId'], message: 'not an Annex A control' }]);
  }
  const current = await getSoa(scope, deps);
  if (current.version !== input.expectedVersion) {
    throw new ConflictError(
      `the SoA is at version ${current.version}, not ${input.expectedVersion}`,
      'VERSION_MISMATCH',
    );
  }
  const index = current.entries.findIndex((e) => e.controlId === input.controlId);
  const before = current.entries[index];
  if (!before) throw new NotFoundError('SoaEntry', input.controlId);
  const entry = { ...before };
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
    const known = new Set((await deps.risks.all()).map((r) => r.id));
    const unknown = input.linkedRiskIds.filter((id) => !known.has(id));
    if (unknown.length)
      errors.push({ path: ['input', 'linkedRiskIds'], message: `unknown risks: ${unknown.join(', ')}` });
  }
  if (errors.length) throw new ValidationError(errors);

  const now = deps.clock.now().toISOString();
  const next: StatementOfApplicability = {
    ...current,
    entries: current.entries.map((e, i) => (i === index ? entry : e)),
    version: current.version + 1,
    updatedAt: now,
  };
  await deps.soa.save(
    next,
    current.version,
    changeRecord(
      {
        tenantId: scope.tenantId,
        entityType: 'SoaEntry',
        entityId: entry.controlId,
        action: current.version === 0 ? 'CREATED' : 'UPDATED',
        actorId: scope.actorId,
        at: now,
        version: next.version,
        before,
        after: entry,
      },
      deps.ids,
    ),
  );
  return next;
}

export async function soaConsistency(scope: TenantScope, deps: SoaDeps): Promise<SoaFinding[]> {
  assertCan(scope.role, 'soa.read');
  const [soa, risks, latestApproved] = await Promise.all([
    getSoa(scope, deps),
    deps.risks.all(),
    deps.soa.latestApproved(),
  ]);
  const methodologies = new Map<number, RiskMethodology>();
  for (const v of new Set(risks.map((r) => r.methodologyVersion))) {
    const m = await deps.methodologies.getVersion(v);
    if (m) methodologies.set(v, m);
  }
  const latestRiskChangeAt = risks.reduce<string | null>(
    (max, r) => (!max || r.updatedAt > max ? r.updatedAt : max),
    null,
  );
  return checkSoaConsistency({ soa, risks, methodologies, latestApproved, latestRiskChangeAt });
}

/** Freezes the working copy as the next approved version. Every control must be decided and justified. */
export async function approveSoa(
  scope: TenantScope,
  expectedVersion: number,
  deps: SoaDeps,
): Promise<ApprovedSoa> {
  assertCan(scope.role, 'soa.approve');
  const current = await getSoa(scope, deps);
  if (current.version !== expectedVersion) {
    throw new ConflictError(
      `the SoA is at version ${current.version}, not ${expectedVersion}`,
      'VERSION_MISMATCH',
    );
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
  // Freeze the links too: risks whose mitigation names a control join its explicit links.
  const risks = (await deps.risks.all()).filter((r) => r.status !== 'CLOSED');
  const entries = current.entries.map((e) => ({
    ...e,
    linkedRiskIds: [
      ...new Set([
        ...e.linkedRiskIds,
        ...risks
          .filter((r) => r.treatment?.option === 'MITIGATE' && r.treatment.controlIds.includes(e.controlId))
          .map((r) => r.id),
      ]),
    ],
  }));
  const approved: ApprovedSoa = {
    tenantId: scope.tenantId,
    number: (current.approvedVersion ?? 0) + 1,
    catalogueVersion: current.catalogueVersion,
    entries,
    approvedBy: scope.actorId,
    approvedAt: now,
  };
  const working: StatementOfApplicability = {
    ...current,
    approvedVersion: approved.number,
    version: current.version + 1,
    updatedAt: now,
  };
  await deps.soa.approve(
    approved,
    working,
    current.version,
    changeRecord(
      {
        tenantId: scope.tenantId,
        entityType: 'StatementOfApplicability',
        entityId: 'soa',
        action: 'UPDATED',
        actorId: scope.actorId,
        at: now,
        version: working.version,
        before: { approvedVersion: current.approvedVersion },
        after: { approvedVersion: approved.number, approvedBy: scope.actorId },
      },
      deps.ids,
    ),
  );
  return approved;
}
