// Reads of committees and their meetings: one by id, the tenant's committees,
// and one committee's meetings newest first (by key, never the whole history).
import { NotFoundError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { TenantStore } from '../shared/store';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { Committee, CommitteeMeeting } from './committee';
import { CommitteeMeetings, Committees } from './model';

export interface CommitteeReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

export async function getCommittee(scope: TenantScope, id: string, deps: Pick<CommitteeReadDeps, 'store'>) {
  assertCan(scope.role, 'governance.read');
  const committee = await deps.store.get(Committees, { id });
  if (!committee) throw new NotFoundError('Committee', id);
  return committee;
}

export async function getCommitteeMeeting(
  scope: TenantScope,
  id: string,
  deps: Pick<CommitteeReadDeps, 'store'>,
) {
  assertCan(scope.role, 'governance.read');
  const meeting = await deps.store.get(CommitteeMeetings, { id });
  if (!meeting) throw new NotFoundError('CommitteeMeeting', id);
  return meeting;
}

export function listCommittees(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: CommitteeReadDeps,
): Promise<Connection<Committee>> {
  assertCan(scope.role, 'governance.read');
  return pagedConnection(scope.tenantId, 'committees', args, deps.cursors, (page) =>
    deps.store.query(Committees, 'all', {}, page),
  );
}

export function listCommitteeMeetings(
  scope: TenantScope,
  committee: Pick<Committee, 'id'>,
  args: ConnectionArgs,
  deps: CommitteeReadDeps,
): Promise<Connection<CommitteeMeeting>> {
  assertCan(scope.role, 'governance.read');
  return pagedConnection(scope.tenantId, `committeeMeetings|${committee.id}`, args, deps.cursors, (page) =>
    deps.store.query(CommitteeMeetings, 'byCommittee', { committeeId: committee.id }, page, {
      descending: true,
    }),
  );
}
