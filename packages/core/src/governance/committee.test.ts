import { beforeEach, describe, expect, it } from 'vitest';
import { type ChangeRecord, changeRecordSchema } from '../audit/change-record';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { acceptAppointment } from './accept-appointment';
import { appoint, type GovernanceDeps } from './appoint';
import { addMonths, nextMeetingDue } from './committee';
import { createCommittee } from './create-committee';
import { endAppointment } from './end-appointment';
import { governanceGaps } from './governance-gaps';
import { getCommittee, listCommitteeMeetings } from './query-committees';
import { recordCommitteeMeeting } from './record-committee-meeting';
import { updateCommittee } from './update-committee';

const roles: Record<string, Role> = {
  'u-manager': 'AIMS_MANAGER',
  'u-cleo': 'COMMITTEE_MEMBER',
  'u-rafa': 'AI_RISK_OWNER',
  'u-vic': 'VIEWER',
  'u-consultant': 'CONSULTANT',
};
const as = (actorId: string): TenantScope => ({ tenantId: 't1', actorId, role: roles[actorId] ?? 'VIEWER' });
const manager = as('u-manager');
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });

let store: InMemoryTenantStore;
let deps: GovernanceDeps;
let now: Date;
const changes = (): ChangeRecord[] =>
  [...store.table.items.values()]
    .filter((i) => i.entity === 'ChangeRecord')
    .map((i) => changeRecordSchema.parse(i));
const count = (entity: string) => [...store.table.items.values()].filter((i) => i.entity === entity).length;

beforeEach(() => {
  store = new InMemoryTenantStore('t1');
  now = new Date('2026-01-05T10:00:00.000Z');
  let n = 0;
  deps = {
    store,
    clock: { now: () => now },
    ids: { next: () => `id-${++n}` },
    memberRole: async (u) => roles[u] ?? null,
  };
});

/** A committee with Cleo in the chair (accepted) and Rafa as a member. */
async function constituted() {
  const committee = await createCommittee(
    manager,
    { name: 'AI Governance Committee', charterDocumentRef: 'DOC-CHARTER-1', cadenceMonths: 3 },
    deps,
  );
  const chair = await appoint(
    manager,
    { kind: 'COMMITTEE_CHAIR', userId: 'u-cleo', committeeFunction: 'EXECUTIVE', subjectRef: committee.id },
    deps,
  );
  await acceptAppointment(as('u-cleo'), { id: chair.id, expectedVersion: 1 }, deps);
  const member = await appoint(
    manager,
    { kind: 'COMMITTEE_MEMBER', userId: 'u-rafa', committeeFunction: 'RISK', subjectRef: committee.id },
    deps,
  );
  return { committee, chair, member };
}

const meeting = (committeeId: string, extra: Record<string, unknown> = {}) => ({
  committeeId,
  heldOn: '2026-01-05',
  attendees: ['u-cleo', 'u-rafa'],
  guests: ['Dana (consultant)'],
  agenda: ['Risk methodology', 'Committee charter'],
  decisions: [{ text: 'Approve the risk methodology v1', type: 'APPROVAL', ref: 'methodology:1' }],
  minutesRef: 'DOC-MIN-2026-01',
  ...extra,
});

describe('§3.2.2 committee', () => {
  it('§3.2.2 createCommittee and updateCommittee write the change records; a stale version is CONFLICT', async () => {
    const { committee } = await constituted();
    expect(committee).toMatchObject({
      cadenceMonths: 3,
      lastMeetingOn: null,
      version: 1,
      createdBy: 'u-manager',
    });
    const updated = await updateCommittee(
      manager,
      { id: committee.id, expectedVersion: 1, cadenceMonths: 2, charterDocumentRef: null },
      deps,
    );
    expect(updated).toMatchObject({
      name: 'AI Governance Committee',
      cadenceMonths: 2,
      charterDocumentRef: null,
      version: 2,
    });
    expect(
      changes()
        .filter((c) => c.entityType === 'Committee')
        .map((c) => [c.action, c.version]),
    ).toEqual([
      ['CREATED', 1],
      ['UPDATED', 2],
    ]);
    await expect(
      updateCommittee(manager, { id: committee.id, expectedVersion: 1, name: 'Other' }, deps),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('§3.2.2 only the AIMS manager or consultant constitutes a committee; bad input names its fields', async () => {
    await expect(createCommittee(as('u-cleo'), { name: 'X', cadenceMonths: 3 }, deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(createCommittee(manager, { name: ' ', cadenceMonths: 13 }, deps)).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'name'] }, { path: ['input', 'cadenceMonths'] }],
    });
    expect(count('Committee')).toBe(0);
  });

  it('§3.2.2 a committee seat may name its committee, which must exist', async () => {
    await expect(
      appoint(
        manager,
        { kind: 'COMMITTEE_MEMBER', userId: 'u-rafa', committeeFunction: 'RISK', subjectRef: 'nope' },
        deps,
      ),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'subjectRef'], message: 'is not a committee of this tenant' }],
    });
  });

  it('§3.2.2 recordCommitteeMeeting stores the meeting, moves lastMeetingOn, both change records in one commit', async () => {
    now = new Date('2026-01-01T08:00:00.000Z');
    const { committee } = await constituted();
    now = new Date('2026-01-05T10:00:00.000Z');
    const m = await recordCommitteeMeeting(manager, meeting(committee.id), deps);
    expect(m).toMatchObject({
      heldOn: '2026-01-05',
      guests: ['Dana (consultant)'],
      recordedBy: 'u-manager',
      version: 1,
    });
    expect(await getCommittee(manager, committee.id, deps)).toMatchObject({
      lastMeetingOn: '2026-01-05',
      version: 2,
    });
    expect(changes().map((c) => c.entityType)).toEqual(
      expect.arrayContaining(['CommitteeMeeting', 'Committee']),
    );

    // A backfilled older meeting is listed, but does not move lastMeetingOn back.
    await recordCommitteeMeeting(
      manager,
      meeting(committee.id, { heldOn: '2026-01-02', decisions: [] }),
      deps,
    );
    expect(await getCommittee(manager, committee.id, deps)).toMatchObject({
      lastMeetingOn: '2026-01-05',
      version: 2,
    });
    const listed = await listCommitteeMeetings(manager, committee, { first: 10 }, { store, cursors });
    expect(listed.edges.map((e) => e.node.heldOn)).toEqual(['2026-01-05', '2026-01-02']);
  });

  it('§3.2.2 the chair may record a meeting; a member or viewer without the chair may not', async () => {
    const { committee } = await constituted();
    await expect(recordCommitteeMeeting(as('u-cleo'), meeting(committee.id), deps)).resolves.toMatchObject({
      recordedBy: 'u-cleo',
    });
    await expect(recordCommitteeMeeting(as('u-rafa'), meeting(committee.id), deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(recordCommitteeMeeting(as('u-vic'), meeting(committee.id), deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('§3.2.2 attendees must hold a seat that day (others are guests); decisions need the chair or top management', async () => {
    const { committee, chair } = await constituted();
    await expect(
      recordCommitteeMeeting(
        manager,
        meeting(committee.id, { attendees: ['u-rafa', 'u-consultant', 'u-rafa'] }),
        deps,
      ),
    ).rejects.toMatchObject({
      fieldErrors: [
        { path: ['input', 'attendees', 1], message: expect.stringContaining('record them as a guest') },
        { path: ['input', 'attendees', 2], message: 'is listed twice' },
        { path: ['input', 'decisions'] },
      ],
    });
    await expect(
      recordCommitteeMeeting(manager, meeting(committee.id, { heldOn: '2026-01-06' }), deps),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'heldOn'], message: 'must not be in the future' }],
    });
    // After the chair's appointment ends, a later meeting cannot count her as seated.
    now = new Date('2026-02-01T10:00:00.000Z');
    await endAppointment(manager, { id: chair.id, expectedVersion: 2, reason: 'Left' }, deps);
    await expect(
      recordCommitteeMeeting(manager, meeting(committee.id, { heldOn: '2026-02-01' }), deps),
    ).rejects.toBeInstanceOf(ValidationError);
    // …but the January meeting, when she held it, still can be recorded.
    await expect(recordCommitteeMeeting(manager, meeting(committee.id), deps)).resolves.toBeTruthy();
    expect(count('CommitteeMeeting')).toBe(1);
  });

  it('§3.2.2 a meeting of an unknown committee is NOT_FOUND', async () => {
    await expect(recordCommitteeMeeting(manager, meeting('nope'), deps)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('§3.2.2 COMMITTEE_NOT_MEETING read from the committee item alone, cleared by a meeting', async () => {
    const { committee } = await constituted();
    const gaps = async (today: string) =>
      (await governanceGaps(manager, { today, first: 100 }, { store, clock: deps.clock, cursors })).edges
        .map((e) => e.node)
        .filter((g) => g.code === 'COMMITTEE_NOT_MEETING' || g.code === 'NO_COMMITTEE');
    expect(await gaps('2026-04-05')).toEqual([]);
    expect(await gaps('2026-04-06')).toEqual([expect.objectContaining({ committeeId: committee.id })]);
    now = new Date('2026-03-01T10:00:00.000Z');
    await recordCommitteeMeeting(manager, meeting(committee.id, { heldOn: '2026-03-01' }), deps);
    expect(await gaps('2026-04-06')).toEqual([]);
    expect(await gaps('2026-06-02')).toHaveLength(1);
  });

  it('§3.2.2 addMonths clamps to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
    expect(nextMeetingDue({ lastMeetingOn: null, createdAt: '2026-01-05T10:00:00Z', cadenceMonths: 3 })).toBe(
      '2026-04-05',
    );
  });
});
