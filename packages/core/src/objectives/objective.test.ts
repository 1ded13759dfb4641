import { beforeEach, describe, expect, it } from 'vitest';
import { acceptAppointment } from '../governance/accept-appointment';
import { appoint } from '../governance/appoint';
import { endAppointment } from '../governance/end-appointment';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  createAiObjective,
  recordObjectiveProgress,
  transitionAiObjective,
  updateAiObjective,
} from './manage-objectives';
import { objectiveProgress } from './objective';
import { listAiObjectives, objectiveProgressRecords } from './query-objectives';

const roles: Record<string, Role> = {
  'u-manager': 'AIMS_MANAGER',
  'u-rita': 'AI_RISK_OWNER',
  'u-viewer': 'VIEWER',
};
const as = (actorId: string): TenantScope => ({ tenantId: 't1', actorId, role: roles[actorId] ?? 'VIEWER' });
const manager = as('u-manager');

let store: InMemoryTenantStore;
let now: Date;
let n: number;
let ownerAppointmentId: string;
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const deps = () => ({
  store,
  cursors,
  clock: { now: () => now },
  ids: { next: () => `o-${++n}` },
  memberRole: async (id: string) => roles[id] ?? null,
});

const PLAN = {
  what: 'Assess every AI system in use',
  resources: 'AIMS manager, 2 days per system',
  responsible: 'AIMS manager',
  when: 'By month 4',
  evaluationMethod: 'Count of approved assessments / systems in use, monthly',
};

const input = (extra: Record<string, unknown> = {}) => ({
  title: 'Impact assessments for every AI system in use',
  kind: 'RESPONSIBLE_USE',
  measure: { kpiId: 'K-IMPACT-COVERAGE' },
  baseline: 0,
  target: 100,
  direction: 'INCREASE',
  dueOn: '2026-07-01',
  ownerAppointmentId,
  ...extra,
});

beforeEach(async () => {
  store = new InMemoryTenantStore('t1');
  now = new Date('2026-03-01T10:00:00.000Z');
  n = 0;
  const a = await appoint(manager, { kind: 'AIMS_MANAGER', userId: 'u-manager' }, deps());
  await acceptAppointment(manager, { id: a.id, expectedVersion: 1 }, deps());
  ownerAppointmentId = a.id;
});

const paths = (e: ValidationError) => e.fieldErrors.map((f) => f.path);

describe('§3.2.3 AI objectives', () => {
  it('§3.2.3 an objective is created as DRAFT with its owner appointment', async () => {
    const o = await createAiObjective(manager, input(), deps());
    expect(o).toMatchObject({ status: 'DRAFT', version: 1, ownerAppointmentId, current: null });
    const list = await listAiObjectives(manager, { filter: { status: 'DRAFT' } }, deps());
    expect(list.edges.map((e) => e.node.id)).toEqual([o.id]);
  });

  it('§3.2.3 measurable means a kpiId, or a manual metric with a "not practicable" justification', async () => {
    const e1 = await createAiObjective(manager, input({ measure: {} }), deps()).catch((e) => e);
    expect(paths(e1)).toEqual([['input', 'measure', 'kpiId']]);
    const e2 = await createAiObjective(
      manager,
      input({ measure: { manualMetric: 'Share of staff trained' } }),
      deps(),
    ).catch((e) => e);
    expect(paths(e2)).toEqual([['input', 'measure', 'notPracticableJustification']]);
    await expect(
      createAiObjective(
        manager,
        input({
          measure: {
            manualMetric: 'Share of staff trained',
            notPracticableJustification: 'No LMS export yet; counted from attendance sheets',
          },
        }),
        deps(),
      ),
    ).resolves.toMatchObject({ measure: { kpiId: null, manualMetric: 'Share of staff trained' } });
  });

  it('§3.2.3 the target lies in the direction from the baseline', async () => {
    const e = await createAiObjective(manager, input({ direction: 'DECREASE' }), deps()).catch((x) => x);
    expect(paths(e)).toEqual([['input', 'target']]);
  });

  it('§3.2.3 an ACTIVE objective must have every plan field', async () => {
    const o = await createAiObjective(manager, input({ plan: { what: PLAN.what } }), deps());
    const e = await transitionAiObjective(
      manager,
      { id: o.id, expectedVersion: 1, status: 'ACTIVE' },
      deps(),
    ).catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect(paths(e)).toEqual([
      ['input', 'plan', 'resources'],
      ['input', 'plan', 'responsible'],
      ['input', 'plan', 'when'],
      ['input', 'plan', 'evaluationMethod'],
    ]);
    const planned = await updateAiObjective(manager, { id: o.id, expectedVersion: 1, plan: PLAN }, deps());
    const active = await transitionAiObjective(
      manager,
      { id: o.id, expectedVersion: planned.version, status: 'ACTIVE' },
      deps(),
    );
    expect(active.status).toBe('ACTIVE');
    const cleared = await updateAiObjective(
      manager,
      { id: o.id, expectedVersion: active.version, plan: { ...PLAN, resources: '' } },
      deps(),
    ).catch((x) => x);
    expect(paths(cleared)).toEqual([['input', 'plan', 'resources']]);
  });

  it('§3.2.3 progress = (current − baseline)/(target − baseline), from the newest recording', async () => {
    expect(
      objectiveProgress({ baseline: 20, target: 90, current: { value: 55, measuredOn: '2026-03-01' } }),
    ).toBe(0.5);
    expect(
      objectiveProgress({ baseline: 10, target: 2, current: { value: 4, measuredOn: '2026-03-01' } }),
    ).toBe(0.75);
    expect(objectiveProgress({ baseline: 0, target: 100, current: null })).toBeNull();

    const o = await createAiObjective(manager, input({ plan: PLAN }), deps());
    let active = await transitionAiObjective(
      manager,
      { id: o.id, expectedVersion: 1, status: 'ACTIVE' },
      deps(),
    );
    active = await recordObjectiveProgress(
      manager,
      { id: o.id, expectedVersion: active.version, value: 40, measuredOn: '2026-02-28' },
      deps(),
    );
    active = await recordObjectiveProgress(
      manager,
      { id: o.id, expectedVersion: active.version, value: 25, measuredOn: '2026-01-31' },
      deps(),
    );
    expect(active.current).toEqual({ value: 40, measuredOn: '2026-02-28' });
    expect(objectiveProgress(active)).toBe(0.4);
    expect((await objectiveProgressRecords(manager, o.id, deps())).map((p) => p.value)).toEqual([40, 25]);
    await expect(
      transitionAiObjective(
        manager,
        { id: o.id, expectedVersion: active.version, status: 'ACHIEVED' },
        deps(),
      ),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
    active = await recordObjectiveProgress(
      manager,
      { id: o.id, expectedVersion: active.version, value: 100, measuredOn: '2026-03-01' },
      deps(),
    );
    await expect(
      transitionAiObjective(
        manager,
        { id: o.id, expectedVersion: active.version, status: 'ACHIEVED' },
        deps(),
      ),
    ).resolves.toMatchObject({ status: 'ACHIEVED' });
  });

  it('§3.2.3 the policy element reference names a policy document of the tenant', async () => {
    const e = await createAiObjective(
      manager,
      input({ policyElementRef: { documentId: 'no-policy', element: 'OBJECTIVES_FRAMEWORK' } }),
      deps(),
    ).catch((x) => x);
    expect(paths(e)).toEqual([['input', 'policyElementRef', 'documentId']]);
  });

  it('§3.2.3 the owner appointment must exist and be in force', async () => {
    const e = await createAiObjective(manager, input({ ownerAppointmentId: 'nope' }), deps()).catch((x) => x);
    expect(paths(e)).toEqual([['input', 'ownerAppointmentId']]);
    await endAppointment(
      manager,
      { id: ownerAppointmentId, expectedVersion: 2, reason: 'Left the company' },
      deps(),
    );
    const ended = await createAiObjective(manager, input(), deps()).catch((x) => x);
    expect(paths(ended)).toEqual([['input', 'ownerAppointmentId']]);
  });

  it('§3.2.3 closed objectives are final; progress only on ACTIVE; a viewer cannot set objectives', async () => {
    const o = await createAiObjective(manager, input(), deps());
    const cancelled = await transitionAiObjective(
      manager,
      { id: o.id, expectedVersion: 1, status: 'CANCELLED' },
      deps(),
    );
    await expect(
      transitionAiObjective(
        manager,
        { id: o.id, expectedVersion: cancelled.version, status: 'ACTIVE' },
        deps(),
      ),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
    await expect(
      recordObjectiveProgress(
        manager,
        { id: o.id, expectedVersion: cancelled.version, value: 1, measuredOn: '2026-03-01' },
        deps(),
      ),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
    await expect(createAiObjective(as('u-viewer'), input(), deps())).rejects.toBeInstanceOf(ForbiddenError);
  });
});
