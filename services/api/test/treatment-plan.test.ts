// The risk treatment plan through the handler: approval (T1, X-12), cancel and
// effectiveness (T2, T3, X-12), gaps, stale versions and tenant isolation.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const ACTION =
  'id version status controlRef resources cancellation { reason by { id } } effectivenessCheck { method dueOn result by { id } notes }';
const CREATE = `mutation($t: ID, $i: CreateTreatmentActionInput!) { createTreatmentAction(tenantId: $t, input: $i) { ${ACTION} } }`;
const UPDATE = `mutation($t: ID, $i: UpdateTreatmentActionInput!) { updateTreatmentAction(tenantId: $t, input: $i) { ${ACTION} } }`;
const CANCEL = `mutation($t: ID, $i: CancelTreatmentActionInput!) { cancelTreatmentAction(tenantId: $t, input: $i) { ${ACTION} } }`;
const JUDGE = `mutation($t: ID, $i: RecordEffectivenessCheckInput!) { recordEffectivenessCheck(tenantId: $t, input: $i) { ${ACTION} } }`;
const APPROVED =
  'number status planVersion approval { by { id } appointmentKind comment } actions(first: 100) { edges { node { id approvedVersion action { id version } } } }';
const APPROVE = `mutation($t: ID, $i: ApproveTreatmentPlanInput!) { approveTreatmentPlan(tenantId: $t, input: $i) { ${APPROVED} } }`;
const GET_APPROVED = `query($t: ID, $n: Int) { approvedTreatmentPlan(tenantId: $t, number: $n) { ${APPROVED} } }`;
const STATE =
  'query($t: ID) { treatmentPlan(tenantId: $t) { number status version approvedNumber summary { total cancelled } } }';
const GAPS = `query($t: ID, $c: TreatmentPlanGapCode) { treatmentPlanGaps(tenantId: $t, code: $c, first: 100) {
  edges { node { code risk { id } controlRef explanation } } pageInfo { hasNextPage } } }`;

let api: TestApi;
let t: string;
let riskId: string;

beforeAll(async () => {
  api = await createTestApi();
  t = api.demo.tenants.acme.id;
  const risk = await api.gql(
    `mutation($t: ID, $i: CreateRiskInput!) { createRisk(tenantId: $t, input: $i) { id } }`,
    {
      t,
      i: {
        title: 'Clinicians over-trust triage suggestions',
        category: 'SAFETY',
        ownerId: api.users.rafa.sub,
        likelihood: 3,
        impacts: [
          { area: 'ORGANISATION', level: 3 },
          { area: 'INDIVIDUALS', level: 4 },
          { area: 'GROUPS', level: 3 },
          { area: 'SOCIETY', level: 2 },
        ],
        reviewDate: '2027-01-01',
      },
    },
  );
  expect(risk.errors).toBeUndefined();
  riskId = risk.data?.createRisk.id;
});

const create = async (extra: Record<string, unknown> = {}) => {
  const made = await api.gql(CREATE, {
    t,
    i: {
      title: 'Show confidence with each suggestion',
      riskId,
      ownerId: api.users.rafa.sub,
      dueDate: '2099-03-01',
      ...extra,
    },
  });
  expect(made.errors).toBeUndefined();
  return made.data?.createTreatmentAction;
};
const state = async () => (await api.gql(STATE, { t })).data?.treatmentPlan;

describe('approving the treatment plan (T1, X-12)', () => {
  it('T1 the demo plan carries version 1, approved by the committee chair', async () => {
    const first = (await api.gql(GET_APPROVED, { t, n: 1 })).data?.approvedTreatmentPlan;
    expect(first).toMatchObject({
      number: 1,
      approval: { by: { id: api.users.cleo.sub }, appointmentKind: 'COMMITTEE_CHAIR' },
    });
    expect(first.actions.edges.length).toBeGreaterThan(0);
  });

  it('refuses a consultant (FORBIDDEN), approves by the committee chair, and an edit after approval starts a new draft', async () => {
    const action = await create({ resources: 'UX designer, 3 days' });
    const before = await state();
    expect(before.status).toBe('DRAFT');

    const byConsultant = await api.gql(
      APPROVE,
      { t, i: { expectedVersion: before.version } },
      { as: api.users.priya },
    );
    expect(onlyError(byConsultant).extensions.code).toBe('FORBIDDEN');
    const byManager = await api.gql(APPROVE, { t, i: { expectedVersion: before.version } });
    expect(onlyError(byManager).extensions.code).toBe('FORBIDDEN');
    expect(await state()).toEqual(before);

    const stale = await api.gql(
      APPROVE,
      { t, i: { expectedVersion: before.version - 1 } },
      { as: api.users.cleo },
    );
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });

    const approved = await api.gql(
      APPROVE,
      { t, i: { expectedVersion: before.version, comment: 'Approved at the Q3 committee' } },
      { as: api.users.cleo },
    );
    expect(approved.errors).toBeUndefined();
    const plan = approved.data?.approveTreatmentPlan;
    expect(plan).toMatchObject({
      number: before.number,
      status: 'APPROVED',
      approval: {
        by: { id: api.users.cleo.sub },
        appointmentKind: 'COMMITTEE_CHAIR',
        comment: 'Approved at the Q3 committee',
      },
    });
    expect(plan.actions.edges.map((e: any) => e.node)).toContainEqual({
      id: action.id,
      approvedVersion: 1,
      action: { id: action.id, version: 1 },
    });
    expect(await state()).toMatchObject({
      status: 'APPROVED',
      number: before.number,
      approvedNumber: before.number,
    });

    const edited = await api.gql(UPDATE, { t, i: { id: action.id, expectedVersion: 1, progress: 20 } });
    expect(edited.errors).toBeUndefined();
    expect(await state()).toMatchObject({
      status: 'DRAFT',
      number: before.number + 1,
      approvedNumber: before.number,
    });
    const old = (await api.gql(GET_APPROVED, { t, n: before.number })).data?.approvedTreatmentPlan;
    expect(old).toMatchObject({ number: before.number, status: 'SUPERSEDED' });
    expect(old.actions.edges.map((e: any) => e.node)).toContainEqual({
      id: action.id,
      approvedVersion: 1,
      action: { id: action.id, version: 2 },
    });
  });
});

describe('cancelling and judging actions (T2, T3, X-12)', () => {
  it('needs a reason to cancel (input.reason), writes nothing without one, and drops the action from the totals', async () => {
    const action = await create();
    const totals = (await state()).summary;
    const noReason = await api.gql(CANCEL, { t, i: { id: action.id, expectedVersion: 1, reason: '' } });
    expect(onlyError(noReason).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(onlyError(noReason).extensions.fieldErrors[0].path).toEqual(['input', 'reason']);
    const stale = await api.gql(CANCEL, {
      t,
      i: { id: action.id, expectedVersion: 9, reason: 'The vendor ships it now' },
    });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const cancelled = await api.gql(CANCEL, {
      t,
      i: { id: action.id, expectedVersion: 1, reason: 'The vendor ships it now' },
    });
    expect(cancelled.data?.cancelTreatmentAction).toMatchObject({
      status: 'CANCELLED',
      version: 2,
      cancellation: { reason: 'The vendor ships it now', by: { id: api.users.alex.sub } },
    });
    expect((await state()).summary).toEqual({ total: totals.total - 1, cancelled: totals.cancelled + 1 });
  });

  it("refuses the owner's own effectiveness verdict, then records another member's once the action is done", async () => {
    const action = await create({
      effectivenessCheck: { method: 'Audit 50 triage decisions', dueOn: '2099-06-01' },
    });
    const early = await api.gql(JUDGE, { t, i: { id: action.id, expectedVersion: 1, result: 'EFFECTIVE' } });
    expect(onlyError(early).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
    const done = await api.gql(
      UPDATE,
      { t, i: { id: action.id, expectedVersion: 1, progress: 100 } },
      { as: api.users.rafa },
    );
    expect(done.data?.updateTreatmentAction.status).toBe('DONE');
    const byOwner = await api.gql(
      JUDGE,
      { t, i: { id: action.id, expectedVersion: 2, result: 'EFFECTIVE' } },
      { as: api.users.rafa },
    );
    expect(onlyError(byOwner).extensions.code).toBe('FORBIDDEN');
    const byConsultant = await api.gql(
      JUDGE,
      { t, i: { id: action.id, expectedVersion: 2, result: 'EFFECTIVE' } },
      { as: api.users.priya },
    );
    expect(onlyError(byConsultant).extensions.code).toBe('FORBIDDEN');
    const judged = await api.gql(JUDGE, {
      t,
      i: { id: action.id, expectedVersion: 2, result: 'NOT_EFFECTIVE', notes: 'Over-trust unchanged' },
    });
    expect(judged.data?.recordEffectivenessCheck).toMatchObject({
      version: 3,
      effectivenessCheck: {
        method: 'Audit 50 triage decisions',
        dueOn: '2099-06-01',
        result: 'NOT_EFFECTIVE',
        by: { id: api.users.alex.sub },
        notes: 'Over-trust unchanged',
      },
    });
  });

  it('accepts a custom control ref only when the tenant has it (controlRef)', async () => {
    const unknown = await api.gql(CREATE, {
      t,
      i: {
        title: 'Custom control action',
        controlRef: 'ACME-404',
        ownerId: api.users.rafa.sub,
        dueDate: '2099-01-01',
      },
    });
    expect(onlyError(unknown).extensions.fieldErrors[0].path).toEqual(['input', 'controlRef']);
    const annex = await create({ controlRef: 'A.9.2' });
    expect(annex.controlRef).toBe('A.9.2');
  });
});

describe('plan gaps (X-13)', () => {
  it('lists gaps as a connection, each with its code', async () => {
    const gaps = await api.gql(GAPS, { t });
    expect(gaps.errors).toBeUndefined();
    for (const e of gaps.data?.treatmentPlanGaps.edges ?? []) {
      expect(['MITIGATION_WITHOUT_ACTION', 'CONTROL_NOT_IMPLEMENTED_WITHOUT_ACTION']).toContain(e.node.code);
      expect(e.node.explanation).toBeTruthy();
    }
    const onlyControls = await api.gql(GAPS, { t, c: 'CONTROL_NOT_IMPLEMENTED_WITHOUT_ACTION' });
    expect(
      onlyControls.data?.treatmentPlanGaps.edges.every((e: any) => e.node.controlRef && !e.node.risk),
    ).toBe(true);
  });
});

describe('tenant isolation', () => {
  it("keeps another tenant's plan and actions out of reach", async () => {
    const globex = api.demo.tenants.globex.id;
    const action = await create();
    const approve = await api.gql(APPROVE, { t: globex, i: { expectedVersion: 1 } }, { as: api.users.cleo });
    expect(onlyError(approve).extensions.code).toBe('FORBIDDEN');
    const cancel = await api.gql(
      CANCEL,
      { t: globex, i: { id: action.id, expectedVersion: 1, reason: 'Hostile cancellation attempt' } },
      { as: api.users.mei },
    );
    expect(onlyError(cancel).extensions.code).toBe('NOT_FOUND');
    const gaps = await api.gql(GAPS, { t }, { as: api.users.mei });
    expect(onlyError(gaps).extensions.code).toBe('FORBIDDEN');
  });
});
