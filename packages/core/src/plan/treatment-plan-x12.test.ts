import { beforeEach, describe, expect, it } from 'vitest';
import type { Appointment, AppointmentKind } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { seedDefaultMethodology } from '../risk/manage-methodology';
import { createRisk, treatRisk } from '../risk/manage-risks';
import { Risks } from '../risk/model';
import { ConflictError, ForbiddenError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import { SoaEntries } from '../soa/model';
import type { SoaEntry } from '../soa/statement-of-applicability';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  approveTreatmentPlan,
  getApprovedTreatmentPlan,
  getTreatmentPlanState,
} from './approve-treatment-plan';
import { TreatmentActions } from './model';
import type { TreatmentAction } from './treatment-action';
import { treatmentOutcomeOf } from './treatment-outcome-of';
import {
  actionStatus,
  cancelTreatmentAction,
  createTreatmentAction,
  recordEffectivenessCheck,
  summarisePlan,
  type TreatmentPlanDeps,
  updateTreatmentAction,
} from './treatment-plan';
import { treatmentPlanGapsPage } from './treatment-plan-gaps';

const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const consultant: TenantScope = { tenantId: 't1', actorId: 'u-consultant', role: 'CONSULTANT' };
const chair: TenantScope = { tenantId: 't1', actorId: 'u-chair', role: 'COMMITTEE_MEMBER' };
const ceo: TenantScope = { tenantId: 't1', actorId: 'u-ceo', role: 'VIEWER' };
const owner: TenantScope = { tenantId: 't1', actorId: 'u-owner', role: 'AI_RISK_OWNER' };
const members = new Set(['u-manager', 'u-owner', 'u-chair', 'u-ceo', 'u-consultant']);

const base: TreatmentAction = {
  id: 'a',
  tenantId: 't1',
  title: 'Action',
  riskId: 'r1',
  controlId: null,
  ownerId: 'u-owner',
  dueDate: '2026-07-01',
  progress: 0,
  completedAt: null,
  resources: null,
  cancellation: null,
  effectivenessCheck: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const done = (id: string, on: string, result: 'EFFECTIVE' | 'NOT_EFFECTIVE' | null = null, at = on) => ({
  ...base,
  id,
  progress: 100,
  completedAt: `${on}T09:00:00.000Z`,
  effectivenessCheck: result
    ? { method: 'Re-test', dueOn: on, result, by: `judge-${id}`, at: `${at}T12:00:00.000Z`, notes: null }
    : null,
});

describe('treatmentOutcomeOf (X-12)', () => {
  it('X-12 no actions: nothing done, no verdict', () => {
    expect(treatmentOutcomeOf([])).toEqual({
      activeActions: 0,
      doneActions: 0,
      allDoneOn: null,
      effectiveness: null,
      judgedBy: null,
      judgedAt: null,
    });
  });

  it('X-12 all done but not judged: allDoneOn is the last completion, effectiveness null', () => {
    const o = treatmentOutcomeOf([done('a', '2026-05-01'), done('b', '2026-05-20')]);
    expect(o).toMatchObject({
      activeActions: 2,
      doneActions: 2,
      allDoneOn: '2026-05-20',
      effectiveness: null,
    });
  });

  it('X-12 EFFECTIVE only when every active action is done and judged effective; cancelled ones do not count', () => {
    const cancelledOne = { ...base, id: 'c', cancellation: { reason: 'obsolete', by: 'u', at: 'x' } };
    const partly = treatmentOutcomeOf([done('a', '2026-05-01', 'EFFECTIVE'), done('b', '2026-05-02')]);
    expect(partly.effectiveness).toBeNull();
    const all = treatmentOutcomeOf([
      done('a', '2026-05-01', 'EFFECTIVE', '2026-05-10'),
      done('b', '2026-05-02', 'EFFECTIVE', '2026-05-12'),
      cancelledOne,
    ]);
    expect(all).toMatchObject({
      activeActions: 2,
      doneActions: 2,
      effectiveness: 'EFFECTIVE',
      judgedBy: 'judge-b',
      judgedAt: '2026-05-12T12:00:00.000Z',
    });
  });

  it('X-12 one NOT_EFFECTIVE verdict decides, even with actions still open', () => {
    const o = treatmentOutcomeOf([done('a', '2026-05-01', 'NOT_EFFECTIVE'), { ...base, id: 'b' }]);
    expect(o).toMatchObject({ effectiveness: 'NOT_EFFECTIVE', judgedBy: 'judge-a', allDoneOn: null });
  });

  it('T3 cancelled actions leave the completion rate', () => {
    const s = summarisePlan(
      [done('a', '2026-05-01'), { ...base, id: 'b', cancellation: { reason: 'r', by: 'u', at: 'x' } }],
      '2026-06-01',
    );
    expect(s).toMatchObject({ total: 1, done: 1, cancelled: 1, completionRate: 1 });
    expect(actionStatus({ ...base, cancellation: { reason: 'r', by: 'u', at: 'x' } }, '2026-06-01')).toBe(
      'CANCELLED',
    );
  });
});

describe('treatment plan in the store (T1, T2, T3, X-12, X-13)', () => {
  let store: InMemoryTenantStore;
  let deps: TreatmentPlanDeps;
  let riskId: string;

  const appoint = async (userId: string, kind: AppointmentKind, accepted = true) => {
    const a: Appointment = {
      id: `ap-${userId}-${kind}`,
      tenantId: 't1',
      kind,
      userId,
      subjectRef: null,
      committeeFunction: kind.startsWith('COMMITTEE') ? 'EXECUTIVE' : null,
      responsibilities: [],
      authorities: [],
      appointedBy: 'u-manager',
      appointedAt: '2026-01-01T00:00:00.000Z',
      acceptedAt: accepted ? '2026-01-02T00:00:00.000Z' : null,
      endedAt: null,
      endReason: null,
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    await store.commit([put(Appointments, a, 'absent')]);
  };

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
    const risk = await createRisk(
      manager,
      {
        title: 'Prompt injection',
        category: 'SECURITY',
        ownerId: 'u-owner',
        likelihood: 4,
        impacts: { ORGANISATION: 4, INDIVIDUALS: 4, GROUPS: 3, SOCIETY: 3 },
        reviewDate: '2027-01-01',
      },
      deps,
    );
    riskId = risk.id;
    await appoint('u-chair', 'COMMITTEE_CHAIR');
    await appoint('u-ceo', 'TOP_MANAGEMENT');
    await appoint('u-consultant', 'COMMITTEE_MEMBER');
  });

  const create = (extra: Record<string, unknown> = {}) =>
    createTreatmentAction(
      manager,
      { title: 'Add input filtering', riskId, ownerId: 'u-owner', dueDate: '2026-07-01', ...extra },
      deps,
    );

  it('T1 approval by a consultant is FORBIDDEN, whatever appointment they hold', async () => {
    await create();
    await expect(approveTreatmentPlan(consultant, { expectedVersion: 1 }, deps)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(approveTreatmentPlan(manager, { expectedVersion: 1 }, deps)).rejects.toThrow(ForbiddenError);
  });

  it('T1 an appointment not yet accepted does not approve', async () => {
    await appoint('u-manager', 'COMMITTEE_MEMBER', false);
    await create();
    await expect(approveTreatmentPlan(manager, { expectedVersion: 1 }, deps)).rejects.toThrow(ForbiddenError);
  });

  it('X-12 DRAFT → APPROVED by the committee chair, with the approval recorded and the action versions frozen', async () => {
    const a = await create();
    expect(await getTreatmentPlanState(manager, deps)).toMatchObject({
      number: 1,
      status: 'DRAFT',
      version: 1,
    });
    const approved = await approveTreatmentPlan(chair, { expectedVersion: 1, comment: 'Fine' }, deps);
    expect(approved).toMatchObject({
      number: 1,
      status: 'APPROVED',
      approval: { by: 'u-chair', appointmentKind: 'COMMITTEE_CHAIR', comment: 'Fine' },
      actions: [{ id: a.id, version: 1 }],
    });
    expect(await getTreatmentPlanState(manager, deps)).toMatchObject({ number: 1, status: 'APPROVED' });
    await expect(approveTreatmentPlan(ceo, { expectedVersion: 2 }, deps)).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
  });

  it('X-12 APPROVED → SUPERSEDED: an edit after approval starts a new DRAFT; the approved record stays readable', async () => {
    const a = await create();
    await approveTreatmentPlan(chair, { expectedVersion: 1 }, deps);
    await updateTreatmentAction(manager, { id: a.id, expectedVersion: 1, progress: 30 }, deps);
    const state = await getTreatmentPlanState(manager, deps);
    expect(state).toMatchObject({ number: 2, status: 'DRAFT', approvedNumber: 1, version: 3 });
    expect(await getApprovedTreatmentPlan(manager, 1, deps)).toMatchObject({
      number: 1,
      status: 'SUPERSEDED',
      actions: [{ id: a.id, version: 1 }],
    });
    await expect(approveTreatmentPlan(ceo, { expectedVersion: 2 }, deps)).rejects.toMatchObject({
      extensions: { reason: 'VERSION_MISMATCH' },
    });
    const second = await approveTreatmentPlan(ceo, { expectedVersion: 3 }, deps);
    expect(second).toMatchObject({ number: 2, approval: { appointmentKind: 'TOP_MANAGEMENT' } });
    expect((await getApprovedTreatmentPlan(manager, 1, deps)).status).toBe('SUPERSEDED');
    expect(await getApprovedTreatmentPlan(manager, null, deps)).toMatchObject({
      number: 2,
      status: 'APPROVED',
    });
  });

  it('X-12 resources and a planned effectiveness check are kept with the action', async () => {
    const a = await create({
      resources: '2 engineers, 5 days; prompt-firewall licence',
      effectivenessCheck: { method: 'Red-team re-test', dueOn: '2026-08-01' },
      controlRef: 'A.6.2.4',
    });
    expect(a).toMatchObject({
      resources: '2 engineers, 5 days; prompt-firewall licence',
      controlId: 'A.6.2.4',
      effectivenessCheck: { method: 'Red-team re-test', dueOn: '2026-08-01', result: null },
    });
  });

  it('X-12 controlRef must name an Annex A control or a custom control', async () => {
    await expect(create({ controlRef: 'CUSTOM-404' })).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'controlRef'] }],
    });
  });

  it('X-12 → CANCELLED needs a reason (input.reason), and a cancelled action takes no more changes', async () => {
    const a = await create();
    await expect(
      cancelTreatmentAction(manager, { id: a.id, expectedVersion: 1 }, deps),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'reason'] }],
    });
    const c = await cancelTreatmentAction(
      manager,
      { id: a.id, expectedVersion: 1, reason: 'Superseded by the vendor fix' },
      deps,
    );
    expect(c.cancellation).toEqual({
      reason: 'Superseded by the vendor fix',
      by: 'u-manager',
      at: '2026-06-01T10:00:00.000Z',
    });
    await expect(
      updateTreatmentAction(manager, { id: a.id, expectedVersion: 2, progress: 10 }, deps),
    ).rejects.toThrow(ConflictError);
  });

  it('T2 effectiveness: only once DONE, never by the owner nor a consultant, and once', async () => {
    const a = await create({ effectivenessCheck: { method: 'Red-team re-test', dueOn: '2026-08-01' } });
    const judge = { id: a.id, expectedVersion: 1, result: 'EFFECTIVE' };
    await expect(recordEffectivenessCheck(manager, judge, deps)).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
    await updateTreatmentAction(owner, { id: a.id, expectedVersion: 1, progress: 100 }, deps);
    await expect(recordEffectivenessCheck(owner, { ...judge, expectedVersion: 2 }, deps)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      recordEffectivenessCheck(consultant, { ...judge, expectedVersion: 2 }, deps),
    ).rejects.toThrow(ForbiddenError);
    const judged = await recordEffectivenessCheck(
      manager,
      { ...judge, expectedVersion: 2, notes: 'No bypass' },
      deps,
    );
    expect(judged.effectivenessCheck).toMatchObject({
      method: 'Red-team re-test',
      result: 'EFFECTIVE',
      by: 'u-manager',
      notes: 'No bypass',
    });
    await expect(
      recordEffectivenessCheck(manager, { ...judge, expectedVersion: 3 }, deps),
    ).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
  });

  it('X-12 every action write that changes the picture tells the risk in the same commit (risk version checked)', async () => {
    const commits: string[][] = [];
    const commit = store.commit.bind(store);
    store.commit = async (writes) => {
      commits.push(writes.map((w) => (w.kind === 'change' ? 'change' : `${w.kind}:${w.decl.name}`)));
      return commit(writes);
    };
    const a = await create();
    // The risk now records one active action: written under its version expectation.
    expect(commits.at(-1)).toContain('put:Risk');
    await updateTreatmentAction(manager, { id: a.id, expectedVersion: 1, title: 'Filter inputs' }, deps);
    expect(commits.at(-1)?.some((w) => w.endsWith(':Risk'))).toBe(false);
    await updateTreatmentAction(manager, { id: a.id, expectedVersion: 2, progress: 100 }, deps);
    expect(commits.at(-1)).toContain('put:Risk');
    expect((await store.get(Risks, { id: riskId }))?.treatmentOutcome).toMatchObject({
      activeActions: 1,
      doneActions: 1,
    });
  });

  it('X-12 T2 through the plan: EFFECTIVE marks the treatment implemented; NOT_EFFECTIVE re-opens the risk in RETREAT', async () => {
    await treatRisk(
      manager,
      { id: riskId, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.6.2.4'] }] },
      deps,
    );
    const a = await create({ effectivenessCheck: { method: 'Red-team re-test', dueOn: '2026-08-01' } });
    const b = await create({ effectivenessCheck: { method: 'Bias re-test', dueOn: '2026-08-01' } });
    await updateTreatmentAction(owner, { id: a.id, expectedVersion: 1, progress: 100 }, deps);
    await updateTreatmentAction(owner, { id: b.id, expectedVersion: 1, progress: 100 }, deps);
    await recordEffectivenessCheck(manager, { id: a.id, expectedVersion: 2, result: 'EFFECTIVE' }, deps);
    const half = await store.get(Risks, { id: riskId });
    expect(half?.treatmentImplemented).toBe(false);
    await recordEffectivenessCheck(manager, { id: b.id, expectedVersion: 2, result: 'EFFECTIVE' }, deps);
    const implemented = await store.get(Risks, { id: riskId });
    expect(implemented?.treatmentImplemented).toBe(true);
    expect(implemented?.treatmentOutcome?.effectiveness).toBe('EFFECTIVE');

    const c = await create({ effectivenessCheck: { method: 'Drift check', dueOn: '2026-08-01' } });
    await updateTreatmentAction(owner, { id: c.id, expectedVersion: 1, progress: 100 }, deps);
    await recordEffectivenessCheck(manager, { id: c.id, expectedVersion: 2, result: 'NOT_EFFECTIVE' }, deps);
    const retreat = await store.get(Risks, { id: riskId });
    expect(retreat).toMatchObject({
      status: 'RETREAT',
      gap: 'TREATMENT_NOT_EFFECTIVE',
      treatmentImplemented: false,
    });
  });

  it('X-13 MITIGATION_WITHOUT_ACTION: a MITIGATE risk with no active action, gone once one exists', async () => {
    await treatRisk(
      manager,
      {
        id: riskId,
        expectedVersion: 1,
        treatments: [
          {
            option: 'MITIGATE',
            controlRefs: ['A.6.2.4'],
            notes: 'Input filtering and red-teaming reduce the likelihood',
          },
        ],
      },
      deps,
    );
    const gaps = async () =>
      (await treatmentPlanGapsPage(manager, 'MITIGATION_WITHOUT_ACTION', { limit: 10 }, deps)).entries.map(
        (e) => e.item,
      );
    expect(await gaps()).toEqual([expect.objectContaining({ code: 'MITIGATION_WITHOUT_ACTION', riskId })]);
    const a = await create();
    expect(await gaps()).toEqual([]);
    await cancelTreatmentAction(
      manager,
      { id: a.id, expectedVersion: 1, reason: 'No longer relevant' },
      deps,
    );
    expect(await gaps()).toHaveLength(1);
  });

  it('X-13 CONTROL_NOT_IMPLEMENTED_WITHOUT_ACTION: an applicable control not implemented with no active action', async () => {
    const entry = (
      controlId: SoaEntry['controlId'],
      applicable: boolean,
      status: SoaEntry['implementationStatus'],
    ): SoaEntry => ({
      tenantId: 't1',
      controlId,
      applicable,
      justification: 'Needed',
      reasons: [],
      implementationStatus: status,
      ownerId: null,
      linkedRiskIds: [],
      evidenceRefs: [],
      officialTitle: null,
      version: 1,
      updatedAt: null,
    });
    await store.commit([
      put(SoaEntries, entry('A.6.2.4', true, 'PLANNED'), 'absent'),
      put(SoaEntries, entry('A.6.2.3', true, 'IMPLEMENTED'), 'absent'),
      put(SoaEntries, entry('A.10.2', false, 'NOT_STARTED'), 'absent'),
      put(SoaEntries, entry('A.9.2', true, 'NOT_STARTED'), 'absent'),
    ]);
    const gaps = async () =>
      (await treatmentPlanGapsPage(manager, null, { limit: 10 }, deps)).entries
        .map((e) => e.item)
        .filter((g) => g.code === 'CONTROL_NOT_IMPLEMENTED_WITHOUT_ACTION')
        .map((g) => g.controlRef)
        .sort();
    expect(await gaps()).toEqual(['A.6.2.4', 'A.9.2']);
    await createTreatmentAction(
      manager,
      { title: 'Human oversight runbook', controlRef: 'A.9.2', ownerId: 'u-owner', dueDate: '2026-07-01' },
      deps,
    );
    expect(await gaps()).toEqual(['A.6.2.4']);
    const page = await treatmentPlanGapsPage(
      manager,
      'CONTROL_NOT_IMPLEMENTED_WITHOUT_ACTION',
      { limit: 1 },
      deps,
    );
    expect(page.entries).toHaveLength(1);
  });

  it('X-12 actions stored before X-12 still parse, with no resources, cancellation or check', () => {
    const { resources: _r, cancellation: _c, effectivenessCheck: _e, ...old } = base;
    expect(TreatmentActions.schema.parse(old)).toMatchObject({
      resources: null,
      cancellation: null,
      effectivenessCheck: null,
    });
  });
});
