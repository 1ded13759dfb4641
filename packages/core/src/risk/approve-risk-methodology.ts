// Approving a draft risk methodology (R7, X-3): risk criteria are set by the
// organisation's management, so only an active TOP_MANAGEMENT or
// COMMITTEE_CHAIR appointee approves, never the draft's author and never under
// a CONSULTANT membership. The approved draft becomes current and the version
// it replaces is SUPERSEDED, each with a status change record, in one commit.
import type { AppointmentKind } from '../governance/appointment';
import { holdsAppointment } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { approvedMethodology, type MethodologyDeps, methodologyAt, statusChange } from './manage-methodology';
import { approveMethodologyInput, type RiskMethodology } from './methodology';

/** Who may approve risk criteria: the standard reserves them to management (6.1.1, 6.1.2). */
export const METHODOLOGY_APPROVER_KINDS: readonly AppointmentKind[] = ['TOP_MANAGEMENT', 'COMMITTEE_CHAIR'];

/** Approves draft `version`; `expectedVersion`, when given, is the approved version it was reviewed against. */
export async function approveRiskMethodology(
  scope: TenantScope,
  rawInput: unknown,
  deps: MethodologyDeps,
): Promise<RiskMethodology> {
  assertCan(scope.role, 'risk.read');
  const input = parseInput(approveMethodologyInput, rawInput, ['input']);
  const draft = await methodologyAt(deps.store, input.version);
  if (!draft) throw new NotFoundError('RiskMethodology', String(input.version));
  if (scope.role === 'CONSULTANT') {
    throw new ForbiddenError('a consultant may not approve the risk methodology');
  }
  const now = deps.clock.now();
  const appointments = await readAll(deps.store, Appointments, 'byUser', { userId: scope.actorId });
  if (!holdsAppointment(appointments, scope.actorId, METHODOLOGY_APPROVER_KINDS, now)) {
    throw new ForbiddenError(
      `approving the risk methodology needs an active ${METHODOLOGY_APPROVER_KINDS.join(' or ')} appointment`,
    );
  }
  if (draft.createdBy === scope.actorId) {
    throw new ForbiddenError('the author of a methodology version may not approve it');
  }
  if (draft.status !== 'DRAFT') {
    throw new ConflictError(
      `methodology version ${draft.version} is ${draft.status}, not DRAFT`,
      'INVALID_STATE',
    );
  }
  const previous = await approvedMethodology(deps.store);
  if (
    input.expectedVersion !== undefined &&
    input.expectedVersion !== null &&
    previous?.version !== input.expectedVersion
  ) {
    throw new ConflictError(
      `the approved methodology is at version ${previous?.version ?? 'none'}, not ${input.expectedVersion}`,
      'VERSION_MISMATCH',
    );
  }
  const at = now.toISOString();
  const approval = statusChange(scope, draft, 'APPROVED', at, deps.ids, {
    approvedBy: scope.actorId,
    approvedAt: at,
  });
  const superseded = previous ? statusChange(scope, previous, 'SUPERSEDED', at, deps.ids).writes : [];
  await deps.store.commit([...approval.writes, ...superseded]);
  return approval.next;
}
