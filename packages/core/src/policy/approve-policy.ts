// Approving a policy version (5.2, §3.2.1): top management establishes the AI
// policy, so only an accepted TOP_MANAGEMENT appointee approves, never under a
// CONSULTANT membership and never one of the version's authors. A version that
// lacks a mandatory element cannot be approved: CONFLICT INVALID_STATE, with
// the missing codes in `extensions.missing` — the stored document is what is
// wrong, not the approval input, so the client fixes the draft and retries.
import { holdsAppointment } from '../governance/appointment';
import { addMonths } from '../governance/committee';
import { Appointments } from '../governance/model';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { loadLatestPolicy, type PolicyDeps, policySaveWrites } from './manage-policies';
import { approvePolicyInput, assertTransition, type PolicyDocument, policyCompleteness } from './policy';

export async function approvePolicy(
  scope: TenantScope,
  rawInput: unknown,
  deps: PolicyDeps,
): Promise<PolicyDocument> {
  assertCan(scope.role, 'governance.read');
  const input = parseInput(approvePolicyInput, rawInput, ['input']);
  if (scope.role === 'CONSULTANT') {
    throw new ForbiddenError('a consultant may not approve a policy: top management establishes it (5.2)');
  }
  const [current, appointments] = await Promise.all([
    loadLatestPolicy(deps.store, input.documentId, input.expectedVersion),
    readAll(deps.store, Appointments, 'byUser', { userId: scope.actorId }),
  ]);
  const now = deps.clock.now();
  if (!holdsAppointment(appointments, scope.actorId, ['TOP_MANAGEMENT'], now)) {
    throw new ForbiddenError('approving a policy needs an accepted TOP_MANAGEMENT appointment');
  }
  if (current.authorIds.includes(scope.actorId)) {
    throw new ForbiddenError('an author of this policy version may not approve it');
  }
  assertTransition(current, 'APPROVED');
  const today = now.toISOString().slice(0, 10);
  const { missing, missingPrinciples } = policyCompleteness(current, { today });
  if (missing.length) {
    const error = new ConflictError(
      `policy ${current.id} version ${current.versionNumber} lacks mandatory elements: ${missing.join(', ')}` +
        (missingPrinciples.length ? ` (guiding principles not named: ${missingPrinciples.join(', ')})` : ''),
      'INVALID_STATE',
    );
    error.extensions.missing = missing;
    error.extensions.missingPrinciples = missingPrinciples;
    throw error;
  }
  if (!input.appropriateToPurposeAttested) {
    throw new ValidationError([
      {
        path: ['input', 'appropriateToPurposeAttested'],
        message: "must be true: the approver attests the policy fits the organisation's purpose (5.2 a)",
      },
    ]);
  }
  const at = now.toISOString();
  const next: PolicyDocument = {
    ...current,
    status: 'APPROVED',
    approval: {
      by: scope.actorId,
      role: 'TOP_MANAGEMENT',
      at,
      comment: input.comment || null,
      appropriateToPurposeAttested: true,
    },
    nextReviewOn: addMonths(today, current.reviewIntervalMonths),
  };
  const { saved, writes } = policySaveWrites(scope, current, next, at, deps);
  await deps.store.commit(writes);
  return saved;
}
