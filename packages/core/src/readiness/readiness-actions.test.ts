import { beforeEach, describe, expect, it } from 'vitest';
import { createAiOpportunity, transitionAiOpportunity } from '../opportunity/manage-opportunities';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { ReadinessActions } from './model';
import { adoptReadinessRoadmap, READINESS_ACTOR, readinessActionId } from './readiness-actions';
import { saveReadinessAnswers } from './save-readiness-answers';
import { submitReadinessAssessment } from './submit-readiness-assessment';
import { takeNightlyReadinessSnapshot } from './take-snapshot';

const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
let store: InMemoryTenantStore;
let n = 0;
let now = new Date('2026-03-02T09:00:00.000Z');
const deps = () => ({
  store,
  clock: { now: () => now },
  ids: { next: () => `id-${++n}` },
  memberRole: async (u: string) => (u === 'u-sam' ? ('AI_SYSTEM_OWNER' as const) : null),
});

beforeEach(() => {
  store = new InMemoryTenantStore('t1', new InMemoryTable());
  now = new Date('2026-03-02T09:00:00.000Z');
});

describe('readiness actions closed by evidence (§3.12.4)', () => {
  it('§3.12.4 tasks move to DONE when their evidence cap reaches the target: the nightly snapshot closes the adopted RQ-15 action', async () => {
    await saveReadinessAnswers(
      manager,
      { expectedVersion: 0, answers: [{ itemId: 'RQ-15', value: 4 }] },
      deps(),
    );
    const first = await submitReadinessAssessment(manager, { expectedVersion: 1 }, deps());
    // Declared 4 with no records: self-declared, at target, so not a task; answer 2 instead.
    await saveReadinessAnswers(
      manager,
      { expectedVersion: 2, answers: [{ itemId: 'RQ-15', value: 2 }] },
      deps(),
    );
    const second = await submitReadinessAssessment(manager, { expectedVersion: 3 }, deps());
    expect(first.gaps.some((g) => g.itemId === 'RQ-15')).toBe(false);
    await adoptReadinessRoadmap(manager, { snapshotId: second.id }, deps());
    const id = readinessActionId(second.id, 'RQ-15');
    expect((await store.get(ReadinessActions, { id }))?.status).toBe('OPEN');

    // An opportunity with a planned action: RQ-15's records now say 4.
    const o = await createAiOpportunity(
      manager,
      { title: 'Faster triage', description: 'Shorter waits.', aiSystemIds: [], benefit: 4, feasibility: 4 },
      deps(),
    );
    await transitionAiOpportunity(
      manager,
      {
        id: o.id,
        expectedVersion: o.version,
        status: 'PLANNED',
        action: { plan: 'Pilot in one ward', ownerId: 'u-sam', dueOn: '2026-06-30' },
      },
      deps(),
    );
    now = new Date('2026-03-03T02:00:00.000Z');
    const night = await takeNightlyReadinessSnapshot(store, {
      now: now.toISOString(),
      snapshotId: 'night-1',
    });
    expect(night.status).toBe('WRITTEN');
    const closed = await store.get(ReadinessActions, { id });
    expect(closed).toMatchObject({
      status: 'DONE',
      version: 2,
      closure: { kind: 'EVIDENCE_AT_TARGET', by: READINESS_ACTOR },
    });
    const history = await store.history('ReadinessAction', id, { limit: 5 });
    expect(history.entries[0]?.item).toMatchObject({ actorId: READINESS_ACTOR, version: 2 });
    // Other adopted actions stay OPEN.
    const rq05 = await store.get(ReadinessActions, { id: readinessActionId(second.id, 'RQ-05') });
    expect(rq05?.status).toBe('OPEN');
  });
});
