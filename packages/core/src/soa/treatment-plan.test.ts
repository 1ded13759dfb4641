import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import {
  actionStatus,
  createTreatmentAction,
  getTreatmentAction,
  summarisePlan,
  type TreatmentAction,
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
