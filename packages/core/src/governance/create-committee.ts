// Constitutes an AI governance committee (5.3, A.3.2): the AIMS manager or the
// consultant records management's decision, with the charter and how often the
// committee must meet. Seats are then appointed with subjectRef = committee id.
import { put } from '../shared/store';
import { parseInput } from '../shared/validation';
import { createVersioned, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type Committee, createCommitteeInput } from './committee';
import { CommitteeMeetingDigests, Committees } from './model';

export async function createCommittee(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<Committee> {
  assertCan(scope.role, 'governance.appoint');
  const input = parseInput(createCommitteeInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  const committee: Committee = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    name: input.name,
    charterDocumentRef: input.charterDocumentRef ?? null,
    cadenceMonths: input.cadenceMonths,
    lastMeetingOn: null,
    createdBy: scope.actorId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  // An empty digest from the start: only a committee from before digests has none (and is read by query).
  const digest = {
    committeeId: committee.id,
    tenantId: scope.tenantId,
    recent: [],
    more: false,
    version: 1,
    updatedAt: committee.createdAt,
  };
  return createVersioned(deps, scope, Committees, committee, [
    put(CommitteeMeetingDigests, digest, 'absent'),
  ]);
}
