import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { acceptAppointment } from './accept-appointment';
import { appoint, type GovernanceDeps } from './appoint';
import type { CommitteeMeeting } from './committee';
import { RECENT_MEETINGS } from './committee-meeting-digest';
import { createCommittee } from './create-committee';
import { CommitteeMeetingDigests, CommitteeMeetings } from './model';
import { listCommitteeMeetings, listCommittees, type RecentMeetingsReader } from './query-committees';
import { recordCommitteeMeeting } from './record-committee-meeting';

const roles: Record<string, Role> = { 'u-manager': 'AIMS_MANAGER', 'u-cleo': 'COMMITTEE_MEMBER' };
const as = (actorId: string): TenantScope => ({ tenantId: 't1', actorId, role: roles[actorId] ?? 'VIEWER' });
const manager = as('u-manager');
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });

let store: InMemoryTenantStore;
let deps: GovernanceDeps;
let now: Date;

beforeEach(async () => {
  store = new InMemoryTenantStore('t1');
  now = new Date('2026-01-01T08:00:00.000Z');
  let n = 0;
  deps = {
    store,
    clock: { now: () => now },
    ids: { next: () => `id-${String(++n).padStart(4, '0')}` },
    memberRole: async (u) => roles[u] ?? null,
  };
  const top = await appoint(manager, { kind: 'TOP_MANAGEMENT', userId: 'u-cleo' }, deps);
  await acceptAppointment(as('u-cleo'), { id: top.id, expectedVersion: 1 }, deps);
});

const day = (d: number) => `2026-01-${String(d).padStart(2, '0')}`;

async function committeeWithMeetings(name: string, days: number[]) {
  now = new Date('2026-01-01T09:00:00.000Z');
  const committee = await createCommittee(
    manager,
    { name, charterDocumentRef: 'CH-1', cadenceMonths: 3 },
    deps,
  );
  now = new Date('2026-01-31T10:00:00.000Z');
  for (const d of days) {
    await recordCommitteeMeeting(
      manager,
      {
        committeeId: committee.id,
        heldOn: day(d),
        attendees: ['u-cleo'],
        agenda: ['Risks'],
        minutesRef: 'MIN',
      },
      deps,
    );
  }
  return committee;
}

/** Batches like the request loaders: keys asked in one tick are read in one getMany. */
function batchingReader(): RecentMeetingsReader {
  const batcher = <K, V>(read: (keys: K[]) => Promise<V[]>) => {
    let queue: { key: K; resolve: (v: V) => void; reject: (e: unknown) => void }[] = [];
    return (key: K) =>
      new Promise<V>((resolve, reject) => {
        if (!queue.length) {
          setTimeout(() => {
            const batch = queue;
            queue = [];
            read(batch.map((b) => b.key)).then(
              (values) => {
                for (const [i, b] of batch.entries()) b.resolve(values[i] as V);
              },
              (e) => {
                for (const b of batch) b.reject(e);
              },
            );
          });
        }
        queue.push({ key, resolve, reject });
      });
  };
  const digest = batcher((ids: string[]) =>
    store.getMany(
      CommitteeMeetingDigests,
      ids.map((committeeId) => ({ committeeId })),
    ),
  );
  const meeting = batcher((ids: string[]) =>
    store.getMany(
      CommitteeMeetings,
      ids.map((id) => ({ id })),
    ),
  );
  return { digest, meetings: (ids) => Promise.all(ids.map(meeting)) };
}

const shape = (c: Awaited<ReturnType<typeof listCommitteeMeetings>>) => ({
  heldOn: c.edges.map((e) => `${e.node.heldOn}#${e.node.id}`),
  cursors: c.edges.map((e) =>
    cursors.decode(e.cursor, 't1', `committeeMeetings|${c.edges[0]?.node.committeeId}`),
  ),
  hasNextPage: c.pageInfo.hasNextPage,
});

describe('committee meeting digest (§3.2.2, README Performance §6)', () => {
  it('§3.2.2 the first page of meetings from the digest equals the query page, cursors included, and continues', async () => {
    // Recorded out of order (a backfilled meeting), more than the digest holds.
    const committee = await committeeWithMeetings('C', [5, 2, 9, 1, 12, 3, 14, 7, 6, 11, 4, 8]);
    const recentMeetings = batchingReader();
    for (const first of [1, 3, RECENT_MEETINGS - 1, RECENT_MEETINGS, 12, 20]) {
      const fast = await listCommitteeMeetings(
        manager,
        committee,
        { first },
        { store, cursors, recentMeetings },
      );
      const slow = await listCommitteeMeetings(manager, committee, { first }, { store, cursors });
      expect(shape(fast)).toEqual(shape(slow));
      const after = fast.pageInfo.endCursor;
      const next = await listCommitteeMeetings(manager, committee, { first: 5, after }, { store, cursors });
      const nextSlow = await listCommitteeMeetings(
        manager,
        committee,
        { first: 5, after: slow.pageInfo.endCursor },
        { store, cursors },
      );
      expect(shape(next)).toEqual(shape(nextSlow));
    }
    const digest = await store.get(CommitteeMeetingDigests, { committeeId: committee.id });
    expect(digest?.recent.map((m: { heldOn: string }) => m.heldOn)).toEqual(
      [14, 12, 11, 9, 8, 7, 6, 5, 4, 3].map(day),
    );
    expect(digest?.more).toBe(true);
  });

  it('§3.2.2 a committee with meetings from before digests is listed by query, and its next meeting builds the digest', async () => {
    const committee = await committeeWithMeetings('Old', [1, 2, 3]);
    const key = `${'T#t1#'}CMTE#${committee.id}\u0000#RECENT_MEETINGS`;
    expect(store.table.items.delete(key)).toBe(true);
    const recentMeetings = batchingReader();
    const before = store.table.calls.query;
    const legacy = await listCommitteeMeetings(
      manager,
      committee,
      { first: 3 },
      { store, cursors, recentMeetings },
    );
    expect(legacy.edges.map((e) => e.node.heldOn)).toEqual([3, 2, 1].map(day));
    expect(store.table.calls.query).toBe(before + 1);
    await recordCommitteeMeeting(
      manager,
      {
        committeeId: committee.id,
        heldOn: day(4),
        attendees: ['u-cleo'],
        agenda: ['Risks'],
        minutesRef: 'MIN',
      },
      deps,
    );
    expect(await store.get(CommitteeMeetingDigests, { committeeId: committee.id })).toMatchObject({
      recent: [4, 3, 2, 1].map((d) => expect.objectContaining({ heldOn: day(d) })),
      more: false,
      version: 1,
    });
  });

  it.each([3, 30])(
    'Performance §6 committees { meetings(first: 3) } at %i committees: one query and two BatchGets, whatever the page',
    async (n) => {
      // Half of them have never met: an empty digest, still no query.
      for (let i = 0; i < n; i++) await committeeWithMeetings(`Committee ${i}`, i % 2 ? [] : [1, 2, 3, 4]);
      const recentMeetings = batchingReader();
      store.table.calls.get = 0;
      store.table.calls.query = 0;
      const page = await listCommittees(manager, { first: 100 }, { store, cursors });
      const meetings = await Promise.all(
        page.edges.map((e) =>
          listCommitteeMeetings(manager, e.node, { first: 3 }, { store, cursors, recentMeetings }),
        ),
      );
      expect(meetings.map((m) => [m.edges.length, m.pageInfo.hasNextPage])).toEqual(
        page.edges.map((_, i) => (i % 2 ? [0, false] : [3, true])),
      );
      expect(meetings[0]?.edges.map((e: { node: CommitteeMeeting }) => e.node.heldOn)).toEqual(
        [4, 3, 2].map(day),
      );
      expect(store.table.calls).toMatchObject({ query: 1, get: 2 });
    },
  );
});
