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
import { positionOf, toStoredItem } from '../shared/store-keys';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { Committee, CommitteeMeeting, CommitteeMeetingDigest } from './committee';
import { RECENT_MEETINGS } from './committee-meeting-digest';
import { CommitteeMeetings, Committees } from './model';

export interface CommitteeReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

/** Batched reads (request loaders) so a page of committees reads its meetings in BatchGets, not a query each. */
export interface RecentMeetingsReader {
  digest(committeeId: string): Promise<CommitteeMeetingDigest | null>;
  meetings(ids: readonly string[]): Promise<(CommitteeMeeting | null)[]>;
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

export async function listCommitteeMeetings(
  scope: TenantScope,
  committee: Pick<Committee, 'id'>,
  args: ConnectionArgs,
  deps: CommitteeReadDeps & { recentMeetings?: RecentMeetingsReader },
): Promise<Connection<CommitteeMeeting>> {
  assertCan(scope.role, 'governance.read');
  const listing = `committeeMeetings|${committee.id}`;
  return pagedConnection(scope.tenantId, listing, args, deps.cursors, async (page) => {
    // The first page, when the digest holds it, comes by key; the same page as the query, same cursors.
    // Only a first page the digest can hold asks for it: a longer page goes straight to the query.
    const fits = !page.startKey && page.limit <= RECENT_MEETINGS;
    const digest = fits && deps.recentMeetings ? await deps.recentMeetings.digest(committee.id) : null;
    if (deps.recentMeetings && digest && (page.limit < digest.recent.length || !digest.more)) {
      const ids = digest.recent.slice(0, page.limit).map((m) => m.id);
      const found = await deps.recentMeetings.meetings(ids);
      // A digest never names a missing meeting (both are written together); should one, fall back.
      if (found.every((m) => m !== null)) {
        return {
          entries: (found as CommitteeMeeting[]).map((item) => ({
            item,
            key: positionOf(
              toStoredItem(CommitteeMeetings, scope.tenantId, item),
              CommitteeMeetings.patterns.byCommittee.index,
            ),
          })),
          hasMore: digest.recent.length > page.limit || digest.more,
        };
      }
    }
    return deps.store.query(CommitteeMeetings, 'byCommittee', { committeeId: committee.id }, page, {
      descending: true,
    });
  });
}
