// Resolving and listing re-assessment requests. The IMPACT request is resolved
// by approving a new impact-assessment revision (see approveImpactAssessment);
// the RISK request by an appointed AI risk owner or AIMS manager who records
// what the risk re-assessment found. A consultant never resolves one: it is the
// organisation's judgement that the change has been assessed.

import { holdsAppointment } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { loadVersioned, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { ReassessmentRequests } from './model';
import {
  type ReassessmentRequest,
  reassessmentFilter,
  resolveRiskReassessmentInput,
} from './reassessment-request';
import { resolutionWrites } from './request-reassessment';

const RISK_REASSESSMENT_RESOLVERS = ['AI_RISK_OWNER', 'AIMS_MANAGER'] as const;

export async function resolveRiskReassessment(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ReassessmentRequest> {
  assertCan(scope.role, 'risk.manage');
  if (scope.role === 'CONSULTANT') {
    throw new ForbiddenError(
      'resolving a risk re-assessment is a decision of the organisation: a consultant cannot resolve it',
    );
  }
  const input = parseInput(resolveRiskReassessmentInput, rawInput, ['input']);
  const current = await loadVersioned(
    deps.store,
    ReassessmentRequests,
    { id: input.id },
    input.expectedVersion,
  );
  if (current.scope !== 'RISK') {
    throw new ValidationError([
      {
        path: ['input', 'id'],
        message: 'an IMPACT request is resolved by approving a new assessment revision',
      },
    ]);
  }
  if (current.status !== 'OPEN') throw new ConflictError('this request is already resolved', 'INVALID_STATE');
  const held = await readAll(deps.store, Appointments, 'byUser', { userId: scope.actorId });
  if (!holdsAppointment(held, scope.actorId, RISK_REASSESSMENT_RESOLVERS, deps.clock.now())) {
    throw new ForbiddenError(
      'only the appointed AI risk owner or AIMS manager resolves a risk re-assessment',
    );
  }
  const now = deps.clock.now().toISOString();
  const writes = resolutionWrites(scope, current, { note: input.note, assessmentId: null }, now, deps);
  await deps.store.commit(writes);
  const saved = writes[0];
  return (saved?.kind === 'put' ? saved.entity : current) as ReassessmentRequest;
}

export async function getReassessmentRequest(scope: TenantScope, id: string, deps: { store: TenantStore }) {
  assertCan(scope.role, 'impact.read');
  const request = await deps.store.get(ReassessmentRequests, { id });
  if (!request) throw new NotFoundError('ReassessmentRequest', id);
  return request;
}

/** Requests newest first: all, by status, or one system's (each served by its own key). */
export function listReassessmentRequests(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: unknown },
  deps: { store: TenantStore; cursors: CursorCodec },
): Promise<Connection<ReassessmentRequest>> {
  assertCan(scope.role, 'impact.read');
  const filter = parseInput(reassessmentFilter, args.filter, ['filter']) ?? {};
  const { status, aiSystemId } = filter;
  const listing = `reassessments|status=${status ?? ''}|system=${aiSystemId ?? ''}`;
  return pagedConnection(scope.tenantId, listing, args, deps.cursors, (page) => {
    if (aiSystemId)
      return deps.store.query(
        ReassessmentRequests,
        'bySystem',
        { aiSystemId },
        page,
        status ? { descending: true, where: { status } } : { descending: true },
      );
    if (status)
      return deps.store.query(ReassessmentRequests, 'byStatus', { status }, page, { descending: true });
    return deps.store.query(ReassessmentRequests, 'all', {}, page, { descending: true });
  });
}
