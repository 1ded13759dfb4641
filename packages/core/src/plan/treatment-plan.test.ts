import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedDefaultMethodology } from '../risk/manage-methodology';
import { createRisk } from '../risk/manage-risks';
import { RiskActionLists } from '../risk/model';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  actionStatus,
  actionsOfRisks,
  createTreatmentAction,
  getTreatmentAction,
  summarisePlan,
  type TreatmentAction,
  type TreatmentPlanDeps,
  treatmentPlan,
  updateTreatmentAction,
} from './treatment-plan';

const action = (progress: number, dueDate: string): TreatmentAction => ({
  id: `${progress}-${dueDate}`,
  tenantId: 't1',
  title: 'Action',
  riskId: 'r1',
  controlId: null,
  ownerId: 'u1',
  dueDate,
  progress,
  completedAt: null,
  resources: null,
  cancellation: null,
  effectivenessCheck: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('treatment plan', () => {
  it('derives status from progress and due date', () => {
    expect(actionStatus(action(100, '2020-01-01'), '2026-06-01')).toBe('DONE');
    expect(actionStatus(action(50, '2026-05-31'), '2026-06-01')).toBe('OVERDUE');
    expect(actionStatus(action(50, '2026-06-01'), '2026-06-01')).toBe('IN_PROGRESS');
    expect(actionStatus(action(0, '2026-07-01'), '2026-06-01')).toBe('NOT_STARTED');
  });

  it('reports a completion rate between 0 and 1 that counts only finished actions', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 30 }), (progresses) => {
        const summary = summarisePlan(
          progresses.map((p) => action(p, '2099-01-01')),
          '2026-06-01',
        );
        expect(summary.total).toBe(progresses.length);
        expect(summary.done).toBe(progresses.filter((p) => p === 100).length);
        expect(summary.completionRate).toBe(progresses.length ? summary.done / progresses.length : 0);
        expect(summary.completionRate).toBeGreaterThanOrEqual(0);
        expect(summary.completionRate).toBeLessThanOrEqual(1);
      }),
    );
  });
});

const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
/** Owns actions but may not manage the plan. */
const actionOwner: TenantScope = { tenantId: 't1', actorId: 'u-owner', role: 'AI_SYSTEM_OWNER' };
const otherOwner: TenantScope = { tenantId: 't1', actorId: 'u-other', role: 'AI_SYSTEM_OWNER' };
const members = new Set(['u-manager', 'u-owner', 'u-other', 'u-risk']);

describe('treatment actions in the store', () => {
  let store: InMemoryTenantStore;
  let deps: TreatmentPlanDeps;
  let riskA: string;
  let riskB: string;
  let riskC: string;

  beforeEach(async () => {
    store = new InMemoryTenantStore('t1');
    let n = 0;
    deps = {
      store,
      isMember: async (id) => members.has(id),
      clock: { now: () => new Date('2026-06-01T10:00:00.000Z') },
      ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
    };
    await seedDefaultMethodology('t1', 'u-manager', deps);
    const risk = (title: string) =>
      createRisk(
        manager,
        {
          title,
          category: 'SECURITY',
          ownerId: 'u-risk',
          likelihood: 3,
          impacts: { ORGANISATION: 3, INDIVIDUALS: 3, GROUPS: 3, SOCIETY: 3 },
          reviewDate: '2027-01-01',
        },
        deps,
      );
    riskA = (await risk('Prompt injection')).id;
    riskB = (await risk('Model theft')).id;
    riskC = (await risk('Data poisoning')).id;
  });

  const create = (title: string, dueDate: string, link: { riskId?: string; controlId?: string }) =>
    createTreatmentAction(manager, { title, ownerId: 'u-owner', dueDate, ...link }, deps);

  it("keeps each risk's action list, and actionsOfRisks returns each risk's actions by due date", async () => {
    const late = await create('Red-team the prompts', '2026-09-01', { riskId: riskA });
    const early = await create('Add input filtering', '2026-07-01', { riskId: riskA, controlId: 'A.6.2.4' });
    const other = await create('Encrypt model weights', '2026-08-01', { riskId: riskB });
    const controlOnly = await create('Document the release gate', '2026-06-15', { controlId: 'A.6.2.4' });

    expect(await store.get(RiskActionLists, { riskId: riskA })).toEqual({
      riskId: riskA,
      actionIds: [late.id, early.id],
      version: 2,
    });
    expect(await store.get(RiskActionLists, { riskId: riskB })).toMatchObject({
      actionIds: [other.id],
      version: 1,
    });
    expect(await store.get(RiskActionLists, { riskId: riskC })).toBeNull();
    expect([...store.table.items.values()].filter((i) => i.entity === 'RiskActions')).toHaveLength(2);

    const [a, b, c] = await actionsOfRisks(store, [riskA, riskB, riskC]);
    expect(a?.map((x) => x.id)).toEqual([early.id, late.id]);
    expect(b?.map((x) => x.id)).toEqual([other.id]);
    expect(c).toEqual([]);

    const plan = await treatmentPlan(manager, {}, deps);
    expect(plan.actions.map((x) => x.id)).toEqual([controlOnly.id, early.id, other.id, late.id]);
    expect((await treatmentPlan(manager, { riskId: riskA }, deps)).actions.map((x) => x.id)).toEqual([
      early.id,
      late.id,
    ]);
    expect((await treatmentPlan(manager, { controlId: 'A.6.2.4' }, deps)).actions.map((x) => x.id)).toEqual([
      controlOnly.id,
      early.id,
    ]);
  });

  it('keeps both actions when two are created for the same risk at once', async () => {
    const [one, two] = await Promise.all([
      create('Add input filtering', '2026-07-01', { riskId: riskA }),
      create('Red-team the prompts', '2026-08-01', { riskId: riskA }),
    ]);
    const list = await store.get(RiskActionLists, { riskId: riskA });
    expect(list?.actionIds.slice().sort()).toEqual([one.id, two.id].sort());
    expect((await actionsOfRisks(store, [riskA]))[0]?.map((a) => a.id)).toEqual([one.id, two.id]);
  });

  it('refuses an action on an unknown risk, or on neither a risk nor a control, and writes nothing', async () => {
    const before = store.table.items.size;
    await expect(create('Orphan action', '2026-07-01', { riskId: 'ghost' })).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'riskId'] }],
    });
    await expect(create('Orphan action', '2026-07-01', {})).rejects.toThrow(ValidationError);
    expect(store.table.items.size).toBe(before);
  });

  it('FUZZ-1 a 10,000-character controlRef or controlId → BAD_USER_INPUT at its path before any read (was INTERNAL_SERVER_ERROR: an over-long DynamoDB key)', async () => {
    const before = store.table.items.size;
    for (const field of ['controlRef', 'controlId'] as const) {
      await expect(
        createTreatmentAction(
          manager,
          { title: 'Long ref', ownerId: 'u-owner', dueDate: '2026-07-01', [field]: 'x'.repeat(10_000) },
          deps,
        ),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path: ['input', field] }] });
    }
    expect(store.table.items.size).toBe(before);
  });

  it('lets the owner report progress only; managers edit anything', async () => {
    const action = await create('Add input filtering', '2026-07-01', { riskId: riskA });
    const progressed = await updateTreatmentAction(
      actionOwner,
      { id: action.id, expectedVersion: 1, progress: 40 },
      deps,
    );
    expect(progressed).toMatchObject({ version: 2, progress: 40, completedAt: null });

    await expect(
      updateTreatmentAction(
        actionOwner,
        { id: action.id, expectedVersion: 2, title: 'Something else' },
        deps,
      ),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      updateTreatmentAction(actionOwner, { id: action.id, expectedVersion: 2, dueDate: '2027-01-01' }, deps),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      updateTreatmentAction(otherOwner, { id: action.id, expectedVersion: 2, progress: 90 }, deps),
    ).rejects.toThrow(ForbiddenError);

    const done = await updateTreatmentAction(
      actionOwner,
      { id: action.id, expectedVersion: 2, progress: 100 },
      deps,
    );
    expect(done).toMatchObject({ version: 3, progress: 100, completedAt: '2026-06-01T10:00:00.000Z' });
    const moved = await updateTreatmentAction(
      manager,
      { id: action.id, expectedVersion: 3, dueDate: '2026-12-01', ownerId: 'u-other' },
      deps,
    );
    expect(moved).toMatchObject({ version: 4, dueDate: '2026-12-01', ownerId: 'u-other' });
    await expect(
      updateTreatmentAction(manager, { id: action.id, expectedVersion: 3, progress: 10 }, deps),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'VERSION_MISMATCH', currentVersion: 4 },
    });
  });
});

describe('getTreatmentAction', () => {
  it("reads one action by id, and NOT_FOUND for another tenant's action in the same table", async () => {
    const table = new InMemoryTable();
    const deps = (tenantId: string) => ({
      store: new InMemoryTenantStore(tenantId, table),
      isMember: async () => true,
      clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
      ids: { next: () => 'a-1' },
    });
    const scope = (tenantId: string) => ({ tenantId, actorId: 'u1', role: 'AIMS_MANAGER' as const });
    const created = await createTreatmentAction(
      scope('t1'),
      { title: 'Write the model card', controlId: 'A.6.2.3', ownerId: 'u1', dueDate: '2026-06-30' },
      deps('t1'),
    );
    expect(await getTreatmentAction(scope('t1'), created.id, deps('t1'))).toEqual(created);
    await expect(getTreatmentAction(scope('t2'), created.id, deps('t2'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
