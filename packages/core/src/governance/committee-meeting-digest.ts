// A committee's newest meetings kept on one small item beside the committee, in
// the same transaction as each meeting, so a page of committees shows its
// recent meetings with two BatchGets instead of one query per committee. The
// committee item itself is left alone: a backfilled meeting must not bump it.
import type { TenantStore } from '../shared/store';
import type { CommitteeMeeting, CommitteeMeetingDigest, RecentMeeting } from './committee';
import { CommitteeMeetingDigests, CommitteeMeetings } from './model';

/** How many of the newest meetings the digest holds; a longer first page falls back to the query. */
export const RECENT_MEETINGS = 10;

const order = (m: RecentMeeting) => `${m.heldOn}#${m.id}`;

/** The digest after one more meeting: inserted in index order, trimmed to the bound. */
export function withMeeting(digest: Pick<CommitteeMeetingDigest, 'recent' | 'more'>, m: RecentMeeting) {
  const recent = [...digest.recent, { id: m.id, heldOn: m.heldOn }].sort((a, b) =>
    order(a) < order(b) ? 1 : order(a) > order(b) ? -1 : 0,
  );
  return {
    recent: recent.slice(0, RECENT_MEETINGS),
    more: digest.more || recent.length > RECENT_MEETINGS,
  };
}

/**
 * The digest as it stands, or, for a committee whose meetings predate digests,
 * built from one bounded query of its newest meetings (done on its next meeting).
 */
export async function currentDigest(
  store: TenantStore,
  committeeId: string,
): Promise<{ digest: CommitteeMeetingDigest | null; base: Pick<CommitteeMeetingDigest, 'recent' | 'more'> }> {
  const digest = await store.get(CommitteeMeetingDigests, { committeeId });
  if (digest) return { digest, base: digest };
  const page = await store.query(
    CommitteeMeetings,
    'byCommittee',
    { committeeId },
    { limit: RECENT_MEETINGS },
    { descending: true },
  );
  return {
    digest: null,
    base: {
      recent: page.entries.map(({ item }: { item: CommitteeMeeting }) => ({
        id: item.id,
        heldOn: item.heldOn,
      })),
      more: page.hasMore,
    },
  };
}
