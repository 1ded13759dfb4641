import { beforeEach, describe, expect, it } from 'vitest';
import type { Appointment } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import { put } from '../shared/store';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { Member } from './competence';
import {
  assignTraining,
  completeTrainingAssignment,
  createTrainingCourse,
  type TrainingDeps,
  updateTrainingCourse,
} from './manage-training';
import { awarenessCoverage, listTrainingAssignments, trainingCompletion } from './query-training';
import {
  reconcileTrainingAssignments,
  reconcileTrainingAssignmentsNightly,
  TRAINING_RECONCILIATION_ACTOR,
} from './reconcile-training-assignments';
import type { PublishedDocumentVersion, TrainingCourse } from './training';

let members: Member[];
const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const sam: TenantScope = { tenantId: 't1', actorId: 'u-sam', role: 'AI_SYSTEM_OWNER' };
const ines: TenantScope = { tenantId: 't1', actorId: 'u-ines', role: 'INTERNAL_AUDITOR' };

let table: InMemoryTable;
let store: InMemoryTenantStore;
let now: Date;
let published: PublishedDocumentVersion[];
let deps: TrainingDeps;
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const read = () => ({ store, cursors, clock: { now: () => now }, members: async () => members });
const reconcileDeps = () => ({
  ...deps,
  members: async () => members,
  publishedVersions: async () => published,
});
const count = (entity: string) => [...table.items.values()].filter((i) => i.entity === entity).length;
const setDay = (day: string) => {
  now = new Date(`${day}T10:00:00.000Z`);
};

let awareness: TrainingCourse;
let auditing: TrainingCourse;

beforeEach(async () => {
  table = new InMemoryTable();
  store = new InMemoryTenantStore('t1', table);
  setDay('2026-03-01');
  members = [
    { userId: 'u-manager', role: 'AIMS_MANAGER', joinedOn: '2026-01-01' },
    { userId: 'u-sam', role: 'AI_SYSTEM_OWNER', joinedOn: '2026-02-20' },
    { userId: 'u-ines', role: 'INTERNAL_AUDITOR', joinedOn: '2026-01-01' },
    { userId: 'u-consultant', role: 'CONSULTANT', joinedOn: '2026-01-01' },
  ];
  published = [];
  let n = 0;
  deps = {
    store,
    memberRole: async (id) => members.find((m) => m.userId === id)?.role ?? null,
    clock: { now: () => now },
    ids: { next: () => `id-${++n}` },
  };
  awareness = await createTrainingCourse(
    manager,
    {
      title: 'AI policy and AIMS awareness',
      topics: ['AI policy', 'Your role in the AIMS'],
      validityMonths: 12,
      awarenessItems: ['POLICY', 'CONTRIBUTION', 'NONCONFORMITY_IMPLICATIONS'],
      rules: { onboarding: true, refresher: true, documentIds: ['doc-policy'] },
    },
    deps,
  );
  auditing = await createTrainingCourse(
    manager,
    {
      title: 'Auditing an AIMS (ISO 19011)',
      awarenessItems: ['CONTRIBUTION'],
      rules: { appointmentKinds: ['INTERNAL_AUDITOR'] },
    },
    deps,
  );
});

const appointment: Appointment = {
  id: 'a-ines',
  tenantId: 't1',
  kind: 'INTERNAL_AUDITOR',
  userId: 'u-ines',
  subjectRef: null,
  committeeFunction: null,
  responsibilities: [],
  authorities: [],
  appointedBy: 'u-manager',
  appointedAt: '2026-03-01T09:00:00.000Z',
  acceptedAt: null,
  endedAt: null,
  endReason: null,
  version: 1,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
};

const assignments = async () =>
  (await listTrainingAssignments(manager, { first: 100 }, read())).edges.map((e) => e.node);

describe('§3.6.2 automatic assignment rules (reconcileTrainingAssignments)', () => {
  it('§3.6.2 ONBOARDING: every internal member gets onboarding courses due 30 days after joining (or the course set-up); consultants none', async () => {
    const result = await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    expect(result.created.map((a) => [a.id, a.reason, a.assignedOn, a.dueOn])).toEqual([
      [`ONBOARDING.${awareness.id}.u-manager`, 'ONBOARDING', '2026-03-01', '2026-03-31'],
      [`ONBOARDING.${awareness.id}.u-sam`, 'ONBOARDING', '2026-03-01', '2026-03-31'],
      [`ONBOARDING.${awareness.id}.u-ines`, 'ONBOARDING', '2026-03-01', '2026-03-31'],
    ]);
    members.push({ userId: 'u-new', role: 'VIEWER', joinedOn: '2026-03-10' });
    setDay('2026-03-12');
    const later = await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    expect(later.created.map((a) => [a.userId, a.dueOn])).toEqual([['u-new', '2026-04-09']]);
    expect((await assignments()).map((a) => a.userId)).toEqual(['u-ines', 'u-manager', 'u-sam', 'u-new']);
  });

  it('§3.6.2 a re-run and a duplicate delivery write nothing twice', async () => {
    await store.commit([put(Appointments, appointment, 'absent')]);
    published = [{ documentId: 'doc-policy', version: 2, publishedOn: '2026-02-25' }];
    const first = await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    expect(first.created.length).toBeGreaterThan(0);
    const size = table.items.size;
    const again = await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    expect(again).toEqual({ tenantId: 't1', expected: first.expected, created: [] });
    expect(table.items.size).toBe(size);
    // Two deliveries at once: each assignment and its change record once.
    const [x, y] = await Promise.all([
      reconcileTrainingAssignments(manager, {}, reconcileDeps()),
      reconcileTrainingAssignments(manager, {}, reconcileDeps()),
    ]);
    expect([...x.created, ...y.created]).toEqual([]);
    expect(table.items.size).toBe(size);
  });

  it('§3.6.2 concurrent first runs create each assignment once', async () => {
    const [x, y] = await Promise.all([
      reconcileTrainingAssignments(manager, {}, reconcileDeps()),
      reconcileTrainingAssignments(manager, {}, reconcileDeps()),
    ]);
    expect(x.created.length + y.created.length).toBe(3);
    expect(count('TrainingAssignment')).toBe(3);
  });

  it('§3.6.2 ROLE_SPECIFIC: a new appointment gets the courses for its kind', async () => {
    await store.commit([put(Appointments, appointment, 'absent')]);
    const result = await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    expect(result.created.filter((a) => a.reason === 'ROLE_SPECIFIC')).toMatchObject([
      { id: `ROLE.${auditing.id}.a-ines`, userId: 'u-ines', courseId: auditing.id, dueOn: '2026-03-31' },
    ]);
  });

  it('§3.6.2 CHANGE_DRIVEN: a published new policy version assigns members who joined before it, due in 30 days', async () => {
    published = [
      { documentId: 'doc-policy', version: 1, publishedOn: '2025-12-01' },
      { documentId: 'doc-policy', version: 2, publishedOn: '2026-02-25' },
      { documentId: 'doc-other', version: 1, publishedOn: '2026-02-25' },
    ];
    const result = await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    expect(result.created.filter((a) => a.reason === 'CHANGE_DRIVEN').map((a) => [a.id, a.dueOn])).toEqual([
      [`CHANGE.${awareness.id}.u-manager.doc-policy@2`, '2026-03-27'],
      [`CHANGE.${awareness.id}.u-sam.doc-policy@2`, '2026-03-27'],
      [`CHANGE.${awareness.id}.u-ines.doc-policy@2`, '2026-03-27'],
    ]);
    // Someone who joins after the publication gets onboarding, not a change assignment.
    members.push({ userId: 'u-new', role: 'VIEWER', joinedOn: '2026-02-26' });
    const later = await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    expect(later.created.map((a) => a.reason)).toEqual(['ONBOARDING']);
  });

  it('§3.6.2 REFRESHER: a completion is renewed 30 days before it expires, once per cycle', async () => {
    await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    const onboarding = `ONBOARDING.${awareness.id}.u-sam`;
    setDay('2026-03-05');
    const done = await completeTrainingAssignment(
      sam,
      { id: onboarding, expectedVersion: 1, completedOn: '2026-03-05', score: 90 },
      deps,
    );
    expect(done).toMatchObject({ completedOn: '2026-03-05', score: 90, expiresOn: '2027-03-05', version: 2 });
    setDay('2027-02-01');
    expect((await reconcileTrainingAssignments(manager, {}, reconcileDeps())).created).toEqual([]);
    setDay('2027-02-03');
    const renewed = await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    expect(renewed.created.map((a) => [a.id, a.reason, a.assignedOn, a.dueOn])).toEqual([
      [`REFRESHER.${awareness.id}.u-sam.2027-03-05`, 'REFRESHER', '2027-02-03', '2027-03-05'],
    ]);
    expect((await reconcileTrainingAssignments(manager, {}, reconcileDeps())).created).toEqual([]);
  });

  it('§3.6.2 a retired course assigns nothing; a future today is refused; only the AIMS office reconciles', async () => {
    await updateTrainingCourse(manager, { id: awareness.id, expectedVersion: 1, retired: true }, deps);
    expect((await reconcileTrainingAssignments(manager, {}, reconcileDeps())).created).toEqual([]);
    await expect(
      reconcileTrainingAssignments(manager, { today: '2026-03-02' }, reconcileDeps()),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'today'] }],
    });
    await expect(reconcileTrainingAssignments(ines, {}, reconcileDeps())).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe('§3.14 training-reconciliation job (reconcileTrainingAssignmentsNightly)', () => {
  const nightlyDeps = () => ({ members: async () => members, clock: deps.clock, ids: deps.ids });

  it('§3.14 the nightly run applies the same rules for the period, as the system, and a rerun of the day writes nothing', async () => {
    const night = await reconcileTrainingAssignmentsNightly(store, '2026-03-01', nightlyDeps());
    expect(night.created.map((a) => [a.id, a.dueOn])).toEqual([
      [`ONBOARDING.${awareness.id}.u-manager`, '2026-03-31'],
      [`ONBOARDING.${awareness.id}.u-sam`, '2026-03-31'],
      [`ONBOARDING.${awareness.id}.u-ines`, '2026-03-31'],
    ]);
    const changes = [...table.items.values()].filter(
      (i) => i.entity === 'ChangeRecord' && i.entityType === 'TrainingAssignment',
    );
    expect(changes).toHaveLength(3);
    expect(changes.every((c) => c.actorId === TRAINING_RECONCILIATION_ACTOR)).toBe(true);
    const size = table.items.size;
    const again = await reconcileTrainingAssignmentsNightly(store, '2026-03-01', nightlyDeps());
    expect(again).toEqual({ tenantId: 't1', expected: 3, created: [] });
    expect(table.items.size).toBe(size);
  });

  it('§3.14 a period after the clock’s day is refused at period', async () => {
    await expect(
      reconcileTrainingAssignmentsNightly(store, '2026-03-02', nightlyDeps()),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['period'] }] });
  });
});

describe('§3.6.2 completion and coverage', () => {
  it('§3.6.2 the assignee or the AIMS office completes an assignment once; others are FORBIDDEN', async () => {
    await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    const id = `ONBOARDING.${awareness.id}.u-sam`;
    await expect(
      completeTrainingAssignment(ines, { id, expectedVersion: 1, completedOn: '2026-03-01' }, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      completeTrainingAssignment(
        sam,
        { id, expectedVersion: 1, completedOn: '2026-03-02', score: 101 },
        deps,
      ),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'score'] }] });
    await completeTrainingAssignment(manager, { id, expectedVersion: 1, completedOn: '2026-03-01' }, deps);
    await expect(
      completeTrainingAssignment(sam, { id, expectedVersion: 2, completedOn: '2026-03-01' }, deps),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
  });

  it('§3.6.2 completion rate and 7.3 awareness coverage per item and per person', async () => {
    await reconcileTrainingAssignments(manager, {}, reconcileDeps());
    await completeTrainingAssignment(
      sam,
      { id: `ONBOARDING.${awareness.id}.u-sam`, expectedVersion: 1, completedOn: '2026-03-01' },
      deps,
    );
    setDay('2026-04-02');
    expect(await trainingCompletion(manager, {}, read())).toEqual({
      assigned: 3,
      completed: 1,
      overdue: 2,
      rate: 1 / 3,
    });
    const coverage = await awarenessCoverage(manager, {}, read());
    expect(coverage.items).toEqual([
      { tenantId: 't1', item: 'POLICY', courseIds: [awareness.id], coveredAtOnboarding: true },
      {
        tenantId: 't1',
        item: 'CONTRIBUTION',
        courseIds: [awareness.id, auditing.id],
        coveredAtOnboarding: true,
      },
      {
        tenantId: 't1',
        item: 'NONCONFORMITY_IMPLICATIONS',
        courseIds: [awareness.id],
        coveredAtOnboarding: true,
      },
    ]);
    expect(coverage.people.find((p) => p.userId === 'u-sam')?.missing).toEqual([]);
    expect(coverage.people.find((p) => p.userId === 'u-ines')?.covered).toEqual([]);
    expect(coverage.people.map((p) => p.userId)).not.toContain('u-consultant');
  });

  it('§3.6.2 a manual assignment checks member, course and due date, all at once, nothing written', async () => {
    const before = table.items.size;
    const error = await assignTraining(
      manager,
      { userId: 'u-stranger', courseId: 'no-course', reason: 'ROLE_SPECIFIC', dueOn: '2026-01-01' },
      deps,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.map((e) => e.path.join('.'))).toEqual([
      'input.userId',
      'input.courseId',
      'input.dueOn',
    ]);
    expect(table.items.size).toBe(before);
    const made = await assignTraining(
      manager,
      { userId: 'u-ines', courseId: auditing.id, reason: 'ROLE_SPECIFIC', dueOn: '2026-04-01' },
      deps,
    );
    expect(made).toMatchObject({ trigger: null, assignedOn: '2026-03-01', version: 1 });
  });
});
