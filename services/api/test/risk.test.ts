// Risk methodology, register, treatment rules, residual scoring and the heat
// map, through the Lambda handler against DynamoDB Local.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const RISK_FIELDS = `id title category version status methodologyVersion aboveThreshold reviewDate
  owner { id } aiSystems { id name }
  inherent { likelihood impact score band impacts { area level } }
  residual { likelihood impact score band }
  gap treatmentImplemented
  treatments { option transferParty stopUseCase controlRefs controls { id } acceptance { signedOffBy { id } justification aboveThreshold } }`;
const CREATE = `mutation($t: ID, $i: CreateRiskInput!) { createRisk(tenantId: $t, input: $i) { ${RISK_FIELDS} } }`;
const TREAT = `mutation($t: ID, $i: TreatRiskInput!) { treatRisk(tenantId: $t, input: $i) { ${RISK_FIELDS} } }`;
const RESIDUAL = `mutation($t: ID, $i: AssessResidualRiskInput!) { assessResidualRisk(tenantId: $t, input: $i) { ${RISK_FIELDS} } }`;
const LIFE_FIELDS = `id version status gap
  residualAcceptance { residualScore justification acceptedBy { id } expiresOn conditions }
  closure { reason explanation closedBy { id } }`;
const CLOSE = `mutation($t: ID, $i: CloseRiskInput!) { closeRisk(tenantId: $t, input: $i) { ${LIFE_FIELDS} } }`;
const ACCEPT_RESIDUAL = `mutation($t: ID, $i: AcceptResidualRiskInput!) { acceptResidualRisk(tenantId: $t, input: $i) { ${LIFE_FIELDS} } }`;
const METHODOLOGY = `query($t: ID, $v: Int) { riskMethodology(tenantId: $t, version: $v) {
  version acceptanceThreshold aggregation categories impactAreas
  likelihoodScale { level label definition } impactScale { level label } bands { band minScore } } }`;

/** Every area of a four-area methodology: the levels given, 1 elsewhere (so MAX scores the highest given). */
const rate = (levels: Record<string, number>) =>
  ['ORGANISATION', 'INDIVIDUALS', 'GROUPS', 'SOCIETY'].map((area) => ({ area, level: levels[area] ?? 1 }));

let api: TestApi;
let t: string;
let systemId: string;

const riskInput = (extra: Record<string, unknown> = {}) => ({
  title: 'Triage under-prioritises non-native speakers',
  category: 'BIAS_FAIRNESS',
  ownerId: api.users.rafa.sub,
  likelihood: 4,
  impacts: [
    { area: 'ORGANISATION', level: 2 },
    { area: 'INDIVIDUALS', level: 5 },
    { area: 'GROUPS', notApplicableReason: 'Language barriers affect individuals case by case' },
    { area: 'SOCIETY', level: 1 },
  ],
  reviewDate: '2027-03-01',
  aiSystemIds: [systemId],
  ...extra,
});

const APPROVE = `mutation($t: ID, $i: ApproveRiskMethodologyInput!) { approveRiskMethodology(tenantId: $t, input: $i) {
  version status approvedBy { id } approvedAt acceptanceThreshold } }`;

/** Makes a demo user an accepted TOP_MANAGEMENT appointee of a tenant the consultant Priya runs. */
async function appointTopManagement(tenantId: string, user: (typeof api.users)['cleo']) {
  const priya = { as: api.users.priya };
  await api.gql(
    'mutation($t: ID, $i: InviteMemberInput!) { inviteMember(tenantId: $t, input: $i) { invitation { role } } }',
    { t: tenantId, i: { email: user.email, role: 'COMMITTEE_MEMBER' } },
    priya,
  );
  await api.gql(
    'mutation($t: ID!) { acceptInvitation(input: { tenantId: $t }) { role } }',
    { t: tenantId },
    {
      as: user,
    },
  );
  const made = await api.gql(
    'mutation($t: ID, $i: AppointInput!) { appoint(tenantId: $t, input: $i) { id version } }',
    { t: tenantId, i: { kind: 'TOP_MANAGEMENT', userId: user.sub } },
    priya,
  );
  expect(made.errors).toBeUndefined();
  const accepted = await api.gql(
    'mutation($t: ID, $i: AcceptAppointmentInput!) { acceptAppointment(tenantId: $t, input: $i) { status } }',
    { t: tenantId, i: { id: made.data?.appoint.id, expectedVersion: made.data?.appoint.version } },
    { as: user },
  );
  expect(accepted.data?.acceptAppointment.status).toBe('ACTIVE');
}

/** Invites `user` into a tenant the consultant Priya runs, with `role`, and accepts. */
async function addMember(tenantId: string, user: (typeof api.users)['cleo'], role: string) {
  await api.gql(
    'mutation($t: ID, $i: InviteMemberInput!) { inviteMember(tenantId: $t, input: $i) { invitation { role } } }',
    { t: tenantId, i: { email: user.email, role } },
    { as: api.users.priya },
  );
  const joined = await api.gql(
    'mutation($t: ID!) { acceptInvitation(input: { tenantId: $t }) { role } }',
    { t: tenantId },
    { as: user },
  );
  expect(joined.errors).toBeUndefined();
}

async function create(extra: Record<string, unknown> = {}) {
  const result = await api.gql(CREATE, { t, i: riskInput(extra) });
  expect(result.errors).toBeUndefined();
  return result.data?.createRisk;
}

beforeAll(async () => {
  api = await createTestApi();
  t = api.demo.tenants.acme.id;
  const systems = await api.gql('query($t: ID) { aiSystems(tenantId: $t) { edges { node { id name } } } }', {
    t,
  });
  systemId = systems.data?.aiSystems.edges.find((e: any) => e.node.name === 'Patient triage assistant').node
    .id;
});

describe('risk methodology', () => {
  it('starts every tenant on a 5×5 default with definitions, bands and a threshold', async () => {
    const result = await api.gql(METHODOLOGY, { t });
    expect(result.data?.riskMethodology).toMatchObject({
      version: 1,
      acceptanceThreshold: 8,
      aggregation: 'MAX',
      impactAreas: ['ORGANISATION', 'INDIVIDUALS', 'GROUPS', 'SOCIETY'],
      bands: [
        { band: 'LOW', minScore: 1 },
        { band: 'MEDIUM', minScore: 5 },
        { band: 'HIGH', minScore: 10 },
        { band: 'CRITICAL', minScore: 17 },
      ],
    });
    expect(result.data?.riskMethodology.likelihoodScale).toHaveLength(5);
    expect(result.data?.riskMethodology.categories).toEqual(
      expect.arrayContaining([
        'BIAS_FAIRNESS',
        'SAFETY',
        'PRIVACY',
        'SECURITY',
        'TRANSPARENCY',
        'ACCOUNTABILITY',
      ]),
    );
  });

  it('seeds the default when a consultancy onboards a new client', async () => {
    const onboard = await api.gql(
      'mutation { onboardClientTenant(input: { consultancyId: "cons-northwind", name: "Method Ltd" }) { id } }',
      {},
      { as: api.users.priya },
    );
    const result = await api.gql(
      METHODOLOGY,
      { t: onboard.data?.onboardClientTenant.id },
      { as: api.users.priya },
    );
    expect(result.data?.riskMethodology.version).toBe(1);
  });
});

describe('the risk register', () => {
  it('scores inherent risk as likelihood × aggregated (max) impact with its band', async () => {
    const risk = await create();
    expect(risk.inherent).toMatchObject({ likelihood: 4, impact: 5, score: 20, band: 'CRITICAL' });
    expect(risk).toMatchObject({ status: 'OPEN', methodologyVersion: 1, aboveThreshold: true, version: 1 });
    expect(risk.aiSystems).toEqual([{ id: systemId, name: 'Patient triage assistant' }]);
  });

  it('rejects unknown categories, systems, owners and out-of-scale ratings with field paths, writing nothing', async () => {
    const result = await api.gql(CREATE, {
      t,
      i: riskInput({
        category: 'ASTROLOGY',
        aiSystemIds: ['nope'],
        ownerId: api.users.mei.sub,
        impacts: rate({ SOCIETY: 9 }),
      }),
    });
    const paths = onlyError(result).extensions.fieldErrors.map((f: any) => f.path.join('.'));
    expect(paths).toContain('input.category');
    const after = await api.gql(
      'query($t: ID) { risks(tenantId: $t, filter: { category: "ASTROLOGY" }) { edges { node { id } } } }',
      { t },
    );
    expect(after.data?.risks.edges).toEqual([]);
  });

  it('refuses an impact area rated twice', async () => {
    const result = await api.gql(CREATE, {
      t,
      i: riskInput({
        impacts: [
          { area: 'SOCIETY', level: 1 },
          { area: 'SOCIETY', level: 5 },
        ],
      }),
    });
    expect(onlyError(result).extensions.fieldErrors).toEqual([
      { path: ['input', 'impacts'], message: 'rate each area once; repeated: SOCIETY' },
    ]);
  });

  it('refuses risk edits by roles without risk.manage', async () => {
    const result = await api.gql(CREATE, { t, i: riskInput() }, { as: api.users.ines });
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
  });

  it('filters the register by band, system, category, owner and status', async () => {
    const low = await create({
      title: 'Minor wording issue in notices',
      category: 'TRANSPARENCY',
      likelihood: 1,
      impacts: rate({ ORGANISATION: 2 }),
      ownerId: api.users.alex.sub,
      aiSystemIds: [],
    });
    const q =
      'query($t: ID, $f: RiskFilter) { risks(tenantId: $t, filter: $f, first: 100) { edges { node { id inherent { band } } } } }';
    const ids = async (f: Record<string, unknown>) =>
      (await api.gql(q, { t, f })).data?.risks.edges.map((e: any) => e.node.id) as string[];
    expect(await ids({ band: 'LOW' })).toContain(low.id);
    expect(await ids({ band: 'CRITICAL' })).not.toContain(low.id);
    expect(await ids({ aiSystemId: systemId })).not.toContain(low.id);
    expect(await ids({ category: 'TRANSPARENCY' })).toEqual([low.id]);
    // The demo register has risks of Alex's too (D1–D3); the filter keeps only his.
    expect(await ids({ ownerId: api.users.alex.sub })).toContain(low.id);
    expect(await ids({ ownerId: api.users.rafa.sub })).not.toContain(low.id);
    expect(await ids({ ownerId: api.users.alex.sub, band: 'CRITICAL' })).toEqual([]);
    expect(await ids({ status: 'OPEN' })).toContain(low.id);
  });

  it('lists untreated risks above the threshold as gaps, highest score first', async () => {
    const gaps = await api.gql(
      'query($t: ID) { untreatedRisksAboveThreshold(tenantId: $t) { edges { node { id inherent { score } } } } }',
      { t },
    );
    const scores = gaps.data?.untreatedRisksAboveThreshold.edges.map((e: any) => e.node.inherent.score);
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.every((s: number) => s > 8)).toBe(true);
    expect([...scores].sort((a: number, b: number) => b - a)).toEqual(scores);
  });
});

describe('risk life cycle', () => {
  const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

  it('X-4 X-5 a mitigated risk with a residual above the threshold is a gap until the appointed risk owner accepts it', async () => {
    const risk = await create();
    await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
    });
    const residual = await api.gql(RESIDUAL, {
      t,
      i: { id: risk.id, expectedVersion: 2, likelihood: 3, impacts: rate({ INDIVIDUALS: 3 }) },
    });
    expect(residual.data?.assessResidualRisk.residual.score).toBe(9);
    const gaps = async () =>
      (
        await api.gql(
          'query($t: ID) { untreatedRisksAboveThreshold(tenantId: $t, first: 100) { edges { node { id gap } } } }',
          {
            t,
          },
        )
      ).data?.untreatedRisksAboveThreshold.edges.map((e: any) => e.node);
    expect(await gaps()).toContainEqual({ id: risk.id, gap: 'RESIDUAL_ABOVE_THRESHOLD' });

    const acceptance = {
      id: risk.id,
      expectedVersion: 3,
      justification: 'Residual accepted while the vendor fix ships',
      expiresOn: inAMonth(),
      conditions: 'Weekly spot checks',
    };
    const byConsultant = await api.gql(ACCEPT_RESIDUAL, { t, i: acceptance }, { as: api.users.priya });
    expect(onlyError(byConsultant).extensions).toMatchObject({ code: 'FORBIDDEN' });
    const byManager = await api.gql(ACCEPT_RESIDUAL, { t, i: acceptance });
    expect(onlyError(byManager).extensions).toMatchObject({ code: 'FORBIDDEN' });
    const accepted = await api.gql(ACCEPT_RESIDUAL, { t, i: acceptance }, { as: api.users.rafa });
    expect(accepted.data?.acceptResidualRisk).toMatchObject({
      version: 4,
      gap: null,
      residualAcceptance: {
        residualScore: 9,
        acceptedBy: { id: api.users.rafa.sub },
        conditions: 'Weekly spot checks',
      },
    });
    expect((await gaps()).map((g: any) => g.id)).not.toContain(risk.id);
  });

  it('X-7 closeRisk needs a decided treatment above the threshold and records the reason', async () => {
    const risk = await create();
    const close = (expectedVersion: number) =>
      api.gql(CLOSE, {
        t,
        i: {
          id: risk.id,
          expectedVersion,
          closureReason: 'RISK_NO_LONGER_EXISTS',
          explanation: 'The feature was withdrawn',
        },
      });
    expect(onlyError(await close(1)).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
    await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
    });
    const closed = await close(2);
    expect(closed.data?.closeRisk).toMatchObject({
      status: 'CLOSED',
      closure: {
        reason: 'RISK_NO_LONGER_EXISTS',
        explanation: 'The feature was withdrawn',
        closedBy: { id: api.users.alex.sub },
      },
    });
  });
});

describe('treatment rules', () => {
  it('refuses acceptance above the threshold unless an AI risk owner signs off with a justification', async () => {
    const risk = await create();
    const byManager = await api.gql(TREAT, {
      t,
      i: {
        id: risk.id,
        expectedVersion: 1,
        treatments: [{ option: 'ACCEPT', justification: 'We can live with it for now' }],
      },
    });
    // Who may accept is a permission: FORBIDDEN, not bad input (API contract issue).
    expect(onlyError(byManager).extensions).toMatchObject({ code: 'FORBIDDEN' });

    const noReason = await api.gql(
      TREAT,
      { t, i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'ACCEPT' }] } },
      { as: api.users.rafa },
    );
    expect(onlyError(noReason).extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual([
      'input.treatments.0.justification',
    ]);

    const signed = await api.gql(
      TREAT,
      {
        t,
        i: {
          id: risk.id,
          expectedVersion: 1,
          treatments: [
            { option: 'ACCEPT', justification: 'Pilot limited to 50 staff-reviewed cases until June' },
          ],
        },
      },
      { as: api.users.rafa },
    );
    expect(signed.data?.treatRisk).toMatchObject({
      status: 'ACCEPTED',
      version: 2,
      treatments: [
        {
          option: 'ACCEPT',
          acceptance: { signedOffBy: { id: api.users.rafa.sub }, aboveThreshold: true },
        },
      ],
    });
  });

  it('lets a manager accept a risk at or under the threshold without a sign-off', async () => {
    const risk = await create({ likelihood: 2, impacts: rate({ GROUPS: 4 }) });
    expect(risk.inherent.score).toBe(8);
    const result = await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'ACCEPT' }] },
    });
    expect(result.data?.treatRisk.treatments[0].acceptance).toMatchObject({ aboveThreshold: false });
  });

  it('lapses an under-threshold acceptance when the risk is re-scored above the threshold', async () => {
    const risk = await create({ likelihood: 2, impacts: rate({ GROUPS: 2 }) });
    await api.gql(TREAT, { t, i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'ACCEPT' }] } });
    const update = `mutation($t: ID, $i: UpdateRiskInput!) { updateRisk(tenantId: $t, input: $i) { ${RISK_FIELDS} } }`;
    const raised = await api.gql(update, {
      t,
      i: { id: risk.id, expectedVersion: 2, likelihood: 5, impacts: rate({ GROUPS: 5 }) },
    });
    expect(raised.data?.updateRisk).toMatchObject({ status: 'OPEN', treatments: [], aboveThreshold: true });
  });

  it('requires a named party to transfer and keeps the internal owner', async () => {
    const risk = await create();
    const missing = await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'TRANSFER' }] },
    });
    expect(onlyError(missing).extensions.fieldErrors[0].path).toEqual([
      'input',
      'treatments',
      0,
      'transferParty',
    ]);
    const ok = await api.gql(TREAT, {
      t,
      i: {
        id: risk.id,
        expectedVersion: 1,
        treatments: [{ option: 'TRANSFER', transferParty: 'Lumen AI Ltd (contract MSA-2025-014)' }],
      },
    });
    expect(ok.data?.treatRisk).toMatchObject({
      status: 'TREATMENT_DECIDED',
      owner: { id: api.users.rafa.sub },
      treatments: [{ transferParty: 'Lumen AI Ltd (contract MSA-2025-014)' }],
    });
  });

  it('X-8 requires known controls to mitigate', async () => {
    const risk = await create();
    const none = await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE' }] },
    });
    expect(onlyError(none).extensions.fieldErrors[0].path).toEqual(['input', 'treatments', 0, 'controlRefs']);
    const bogus = await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.99.1'] }] },
    });
    expect(onlyError(bogus).extensions.fieldErrors[0].message).toMatch(/A\.99\.1/);
    const ok = await api.gql(TREAT, {
      t,
      i: {
        id: risk.id,
        expectedVersion: 1,
        treatments: [{ option: 'MITIGATE', controlRefs: ['A.6.2.4', 'A.5.4'] }],
      },
    });
    expect(ok.data?.treatRisk.treatments[0].controls.map((c: any) => c.id)).toEqual(['A.6.2.4', 'A.5.4']);
  });

  it('marks the use case to stop when a risk is avoided, and needs linked systems for it', async () => {
    const unlinked = await create({ aiSystemIds: [] });
    const refused = await api.gql(TREAT, {
      t,
      i: { id: unlinked.id, expectedVersion: 1, treatments: [{ option: 'AVOID' }] },
    });
    expect(onlyError(refused).extensions.code).toBe('BAD_USER_INPUT');
    const linked = await create();
    const ok = await api.gql(TREAT, {
      t,
      i: { id: linked.id, expectedVersion: 1, treatments: [{ option: 'AVOID' }] },
    });
    expect(ok.data?.treatRisk.treatments).toMatchObject([{ option: 'AVOID', stopUseCase: true }]);
    const system = await api.gql(
      'query($t: ID, $id: ID!) { aiSystem(tenantId: $t, id: $id) { stopRequestedBy { id } } }',
      {
        t,
        id: systemId,
      },
    );
    expect(system.data?.aiSystem.stopRequestedBy.map((r: any) => r.id)).toContain(linked.id);
  });

  it('re-scores residual risk after treatment and not before', async () => {
    const risk = await create();
    const early = await api.gql(RESIDUAL, {
      t,
      i: { id: risk.id, expectedVersion: 1, likelihood: 2, impacts: rate({ INDIVIDUALS: 3 }) },
    });
    expect(onlyError(early).extensions.code).toBe('BAD_USER_INPUT');
    await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
    });
    const residual = await api.gql(RESIDUAL, {
      t,
      i: { id: risk.id, expectedVersion: 2, likelihood: 2, impacts: rate({ INDIVIDUALS: 3 }) },
    });
    expect(residual.data?.assessResidualRisk).toMatchObject({
      residual: { likelihood: 2, impact: 3, score: 6, band: 'MEDIUM' },
      aboveThreshold: false,
      version: 3,
    });
    const stale = await api.gql(RESIDUAL, {
      t,
      i: { id: risk.id, expectedVersion: 2, likelihood: 1, impacts: rate({ INDIVIDUALS: 1 }) },
    });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });
});

describe('heat map and methodology versions', () => {
  it('counts open risks per likelihood × impact cell, inherent and residual', async () => {
    const fresh = await api.gql(
      'mutation { onboardClientTenant(input: { consultancyId: "cons-northwind", name: "Heat Ltd" }) { id } }',
      {},
      { as: api.users.priya },
    );
    const ht = fresh.data?.onboardClientTenant.id;
    const as = { as: api.users.priya };
    // a risk needs an internal owner, never the consultant.
    await addMember(ht, api.users.cleo, 'AI_RISK_OWNER');
    const mk = async (likelihood: number, level: number) =>
      (
        await api.gql(
          CREATE,
          {
            t: ht,
            i: {
              ...riskInput(),
              ownerId: api.users.cleo.sub,
              aiSystemIds: [],
              likelihood,
              impacts: rate({ SOCIETY: level }),
            },
          },
          as,
        )
      ).data?.createRisk;
    const a = await mk(5, 5);
    await mk(5, 5);
    await mk(1, 2);
    await api.gql(
      TREAT,
      {
        t: ht,
        i: { id: a.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.5.5'] }] },
      },
      as,
    );
    await api.gql(
      RESIDUAL,
      { t: ht, i: { id: a.id, expectedVersion: 2, likelihood: 2, impacts: rate({ SOCIETY: 2 }) } },
      as,
    );
    const map = await api.gql(
      'query($t: ID) { riskHeatMap(tenantId: $t) { methodologyVersion likelihoodLevels impactLevels notOnCurrentMethodology cells { likelihood impact band inherent residual } } }',
      { t: ht },
      as,
    );
    const heat = map.data?.riskHeatMap;
    expect(heat).toMatchObject({
      methodologyVersion: 1,
      likelihoodLevels: 5,
      impactLevels: 5,
      notOnCurrentMethodology: 0,
    });
    expect(heat.cells).toHaveLength(25);
    const cell = (l: number, i: number) => heat.cells.find((c: any) => c.likelihood === l && c.impact === i);
    expect(cell(5, 5)).toMatchObject({ band: 'CRITICAL', inherent: 2, residual: 1 });
    expect(cell(2, 2)).toMatchObject({ inherent: 0, residual: 1 });
    expect(cell(1, 2)).toMatchObject({ band: 'LOW', inherent: 1, residual: 1 });
    expect(heat.cells[0]).toMatchObject({ likelihood: 5, impact: 1 });
  });

  it('versions the methodology: old risks keep their version until re-scored', async () => {
    // A tenant of its own, so the new scales do not affect the other tests.
    const onboard = await api.gql(
      'mutation { onboardClientTenant(input: { consultancyId: "cons-northwind", name: "Versions Ltd" }) { id } }',
      {},
      { as: api.users.priya },
    );
    const t = onboard.data?.onboardClientTenant.id;
    const as = { as: api.users.priya };
    await addMember(t, api.users.cleo, 'AI_RISK_OWNER');
    const risk = (
      await api.gql(CREATE, { t, i: { ...riskInput(), ownerId: api.users.cleo.sub, aiSystemIds: [] } }, as)
    ).data?.createRisk;
    const current = (await api.gql(METHODOLOGY, { t }, as)).data?.riskMethodology;
    const threeLevels = [1, 2, 3].map((level) => ({
      level,
      label: `L${level}`,
      definition: `Level ${level} defined for this tenant`,
    }));
    const update = `mutation($t: ID, $i: UpdateRiskMethodologyInput!) { updateRiskMethodology(tenantId: $t, input: $i) { version acceptanceThreshold categories } }`;
    const input = {
      expectedVersion: current.version,
      likelihoodScale: threeLevels,
      impactScale: threeLevels,
      impactAreas: ['INDIVIDUALS', 'SOCIETY'],
      aggregation: 'MEAN',
      bands: [
        { band: 'LOW', minScore: 1 },
        { band: 'HIGH', minScore: 4 },
        { band: 'CRITICAL', minScore: 7 },
      ],
      acceptanceThreshold: 3,
      customCategories: ['VENDOR_LOCK_IN'],
    };
    const bad = await api.gql(
      update,
      {
        t,
        i: {
          ...input,
          bands: [
            { band: 'HIGH', minScore: 4 },
            { band: 'LOW', minScore: 1 },
          ],
        },
      },
      as,
    );
    expect(onlyError(bad).extensions.code).toBe('BAD_USER_INPUT');
    const ok = await api.gql(update, { t, i: input }, as);
    expect(ok.data?.updateRiskMethodology).toMatchObject({
      version: current.version + 1,
      acceptanceThreshold: 3,
    });
    expect(ok.data?.updateRiskMethodology.categories).toContain('VENDOR_LOCK_IN');
    const stale = await api.gql(update, { t, i: input }, as);
    expect(onlyError(stale).extensions.code).toBe('CONFLICT');
    await appointTopManagement(t, api.users.cleo);
    const approved = await api.gql(
      APPROVE,
      { t, i: { version: current.version + 1 } },
      { as: api.users.cleo },
    );
    expect(approved.data?.approveRiskMethodology.status).toBe('APPROVED');

    const kept = await api.gql(
      `query($t: ID, $id: ID!) { risk(tenantId: $t, id: $id) { methodologyVersion inherent { score } } }`,
      { t, id: risk.id },
      as,
    );
    expect(kept.data?.risk).toMatchObject({ methodologyVersion: current.version, inherent: { score: 20 } });
    const old = await api.gql(METHODOLOGY, { t, v: current.version }, as);
    expect(old.data?.riskMethodology.likelihoodScale).toHaveLength(5);

    const rescore = `mutation($t: ID, $i: RescoreRiskInput!) { rescoreRisk(tenantId: $t, input: $i) { methodologyVersion inherent { likelihood impact score band } } }`;
    const misfit = await api.gql(rescore, { t, i: { id: risk.id, expectedVersion: 1 } }, as);
    expect(onlyError(misfit).extensions.code).toBe('BAD_USER_INPUT');
    const moved = await api.gql(
      rescore,
      {
        t,
        i: {
          id: risk.id,
          expectedVersion: 1,
          likelihood: 3,
          impacts: [
            { area: 'INDIVIDUALS', level: 3 },
            { area: 'SOCIETY', level: 2 },
          ],
        },
      },
      as,
    );
    expect(moved.data?.rescoreRisk).toMatchObject({
      methodologyVersion: current.version + 1,
      inherent: { likelihood: 3, impact: 3, score: 9, band: 'CRITICAL' },
    });
  });

  it('updates a risk under its version, re-scoring when ratings change, and closes it', async () => {
    const risk = await create();
    const update = `mutation($t: ID, $i: UpdateRiskInput!) { updateRisk(tenantId: $t, input: $i) { ${RISK_FIELDS} } }`;
    const changed = await api.gql(update, {
      t,
      i: {
        id: risk.id,
        expectedVersion: 1,
        title: 'Triage misreads urgent messages in Polish',
        likelihood: 2,
      },
    });
    expect(changed.data?.updateRisk).toMatchObject({
      version: 2,
      title: 'Triage misreads urgent messages in Polish',
      inherent: { likelihood: 2, impact: 5, score: 10, band: 'HIGH' },
    });
    const stale = await api.gql(update, { t, i: { id: risk.id, expectedVersion: 1, title: 'Lost update' } });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const badDate = await api.gql(update, {
      t,
      i: { id: risk.id, expectedVersion: 2, reviewDate: '31/12/2027' },
    });
    expect(onlyError(badDate).extensions.fieldErrors[0].path).toEqual(['input', 'reviewDate']);
    const closedByUpdate = await api.gql(update, {
      t,
      i: { id: risk.id, expectedVersion: 2, status: 'CLOSED' },
    });
    expect(onlyError(closedByUpdate).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 2, treatments: [{ option: 'MITIGATE', controlRefs: ['A.9.2'] }] },
    });
    const closed = await api.gql(CLOSE, {
      t,
      i: {
        id: risk.id,
        expectedVersion: 3,
        closureReason: 'MERGED_INTO',
        explanation: 'Merged into the triage language risk',
      },
    });
    expect(closed.data?.closeRisk.status).toBe('CLOSED');
    const treatClosed = await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 4, treatments: [{ option: 'MITIGATE', controlRefs: ['A.9.2'] }] },
    });
    expect(onlyError(treatClosed).extensions.reason).toBe('INVALID_STATE');
  });

  it('records every change to a risk in its history', async () => {
    const risk = await create();
    await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.9.2'] }] },
    });
    const history = await api.gql(
      'query($t: ID, $id: ID!) { risk(tenantId: $t, id: $id) { history { edges { node { action version actor { id } } } } } }',
      { t, id: risk.id },
    );
    expect(history.data?.risk.history.edges.map((e: any) => [e.node.action, e.node.version])).toEqual([
      ['UPDATED', 2],
      ['CREATED', 1],
    ]);
  });

  it('does not show one tenant’s risk through another tenant', async () => {
    const risk = await create();
    const result = await api.gql(
      'query($t: ID, $id: ID!) { risk(tenantId: $t, id: $id) { id } }',
      { t: api.demo.tenants.globex.id, id: risk.id },
      { as: api.users.priya },
    );
    expect(onlyError(result).extensions.code).toBe('NOT_FOUND');
  });
});

describe('risk criteria an auditor accepts', () => {
  const UPDATE = `mutation($t: ID, $i: UpdateRiskMethodologyInput!) { updateRiskMethodology(tenantId: $t, input: $i) {
    version status createdBy { id } approvedBy { id } } }`;
  const criteria = async (extra: Record<string, unknown> = {}) => {
    const m = (await api.gql(METHODOLOGY, { t })).data?.riskMethodology;
    return {
      expectedVersion: m.version,
      likelihoodScale: m.likelihoodScale,
      impactScale: m.impactScale.map((l: any) => ({ ...l, definition: `${l.label} impact` })),
      impactAreas: m.impactAreas,
      aggregation: m.aggregation,
      bands: m.bands,
      acceptanceThreshold: m.acceptanceThreshold,
      customCategories: [],
      ...extra,
    };
  };

  it('X-1 refuses a methodology without INDIVIDUALS and SOCIETY', async () => {
    const result = await api.gql(UPDATE, { t, i: await criteria({ impactAreas: ['ORGANISATION'] }) });
    expect(onlyError(result).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'impactAreas'] }],
    });
  });

  it('X-2 createRisk with only ORGANISATION → BAD_USER_INPUT listing the missing areas', async () => {
    const result = await api.gql(CREATE, {
      t,
      i: riskInput({ impacts: [{ area: 'ORGANISATION', level: 3 }] }),
    });
    expect(onlyError(result).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        {
          path: ['input', 'impacts'],
          message: expect.stringContaining('missing: INDIVIDUALS, GROUPS, SOCIETY'),
        },
      ],
    });
  });

  it('X-2 keeps a NOT_APPLICABLE area with its reason, and refuses one without a reason of 10 characters', async () => {
    const risk = (
      await api.gql(
        `mutation($t: ID, $i: CreateRiskInput!) { createRisk(tenantId: $t, input: $i) {
          inherent { impact impacts { area level notApplicableReason } } } }`,
        { t, i: riskInput() },
      )
    ).data?.createRisk;
    expect(risk.inherent).toEqual({
      impact: 5,
      impacts: [
        { area: 'ORGANISATION', level: 2, notApplicableReason: null },
        { area: 'INDIVIDUALS', level: 5, notApplicableReason: null },
        {
          area: 'GROUPS',
          level: null,
          notApplicableReason: 'Language barriers affect individuals case by case',
        },
        { area: 'SOCIETY', level: 1, notApplicableReason: null },
      ],
    });
    const short = await api.gql(CREATE, {
      t,
      i: riskInput({
        impacts: [...rate({ INDIVIDUALS: 3 }).slice(0, 3), { area: 'SOCIETY', notApplicableReason: 'n/a' }],
      }),
    });
    expect(onlyError(short).extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual([
      'input.impacts.SOCIETY',
    ]);
    const both = await api.gql(CREATE, {
      t,
      i: riskInput({
        impacts: [
          ...rate({}).slice(0, 3),
          { area: 'SOCIETY', level: 2, notApplicableReason: 'Both given here' },
        ],
      }),
    });
    expect(onlyError(both).extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual([
      'input.impacts.SOCIETY',
    ]);
  });

  it('X-3 a consultant edit is a DRAFT; risks keep scoring on the approved version; the author cannot approve; Cleo (TOP_MANAGEMENT) approves → current', async () => {
    const priya = { as: api.users.priya };
    const before = (await api.gql(METHODOLOGY, { t })).data?.riskMethodology;
    const edited = await api.gql(UPDATE, { t, i: await criteria({ acceptanceThreshold: 20 }) }, priya);
    const draftVersion = before.version + 1;
    expect(edited.data?.updateRiskMethodology).toEqual({
      version: draftVersion,
      status: 'DRAFT',
      createdBy: { id: api.users.priya.sub },
      approvedBy: null,
    });

    // Still current: the approved version, which points at the pending draft.
    const current = await api.gql(
      'query($t: ID) { riskMethodology(tenantId: $t) { version status acceptanceThreshold pendingDraft { version status } } }',
      { t },
    );
    expect(current.data?.riskMethodology).toEqual({
      version: before.version,
      status: 'APPROVED',
      acceptanceThreshold: 8,
      pendingDraft: { version: draftVersion, status: 'DRAFT' },
    });
    const scored = await create();
    expect(scored).toMatchObject({ methodologyVersion: before.version, aboveThreshold: true });

    const byAuthor = await api.gql(APPROVE, { t, i: { version: draftVersion } }, priya);
    expect(onlyError(byAuthor).extensions.code).toBe('FORBIDDEN');
    const byManager = await api.gql(APPROVE, { t, i: { version: draftVersion } });
    expect(onlyError(byManager).extensions.code).toBe('FORBIDDEN');

    const approved = await api.gql(
      APPROVE,
      { t, i: { version: draftVersion, expectedVersion: before.version } },
      { as: api.users.cleo },
    );
    expect(approved.data?.approveRiskMethodology).toMatchObject({
      version: draftVersion,
      status: 'APPROVED',
      approvedBy: { id: api.users.cleo.sub },
      acceptanceThreshold: 20,
    });
    const again = await api.gql(APPROVE, { t, i: { version: draftVersion } }, { as: api.users.cleo });
    expect(onlyError(again).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });

    const now = await api.gql(METHODOLOGY, { t });
    expect(now.data?.riskMethodology.version).toBe(draftVersion);
    const old = await api.gql(
      'query($t: ID, $v: Int) { riskMethodology(tenantId: $t, version: $v) { status } }',
      {
        t,
        v: before.version,
      },
    );
    expect(old.data?.riskMethodology.status).toBe('SUPERSEDED');
    const audit = await api.gql(
      'query($t: ID, $v: Int) { riskMethodology(tenantId: $t, version: $v) { statusHistory { edges { node { action version actor { id } after } } } } }',
      { t, v: draftVersion },
      { as: api.users.ines },
    );
    expect(audit.data?.riskMethodology.statusHistory.edges).toEqual([
      {
        node: expect.objectContaining({
          action: 'UPDATED',
          version: 2,
          actor: { id: api.users.cleo.sub },
          after: expect.objectContaining({ status: 'APPROVED', approvedBy: api.users.cleo.sub }),
        }),
      },
    ]);
    expect((await create()).methodologyVersion).toBe(draftVersion);
  });
});

describe('X-6 X-8 treatments (issue 10)', () => {
  const GET = `query($t: ID, $id: ID!) { risk(tenantId: $t, id: $id) { version status treatments { option } } }`;
  const UPDATE = `mutation($t: ID, $i: UpdateRiskInput!) { updateRisk(tenantId: $t, input: $i) { id version ownerId: owner { id } } }`;

  it('X-6 a consultant owner → BAD_USER_INPUT at input.ownerId on createRisk and updateRisk, nothing written', async () => {
    const before = await api.gql(
      'query($t: ID, $o: ID) { risks(tenantId: $t, filter: { ownerId: $o }) { edges { node { id } } } }',
      {
        t,
        o: api.users.priya.sub,
      },
    );
    const created = await api.gql(CREATE, { t, i: riskInput({ ownerId: api.users.priya.sub }) });
    expect(onlyError(created).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(onlyError(created).extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual([
      'input.ownerId',
    ]);
    const after = await api.gql(
      'query($t: ID, $o: ID) { risks(tenantId: $t, filter: { ownerId: $o }) { edges { node { id } } } }',
      {
        t,
        o: api.users.priya.sub,
      },
    );
    expect(after.data?.risks.edges).toEqual(before.data?.risks.edges);

    const risk = await create();
    const moved = await api.gql(UPDATE, {
      t,
      i: { id: risk.id, expectedVersion: 1, ownerId: api.users.priya.sub },
    });
    expect(onlyError(moved).extensions.fieldErrors[0].path).toEqual(['input', 'ownerId']);
    expect((await api.gql(GET, { t, id: risk.id })).data?.risk.version).toBe(1);
  });

  it('X-6 a list of options is decided and read back; ACCEPT with AVOID is refused', async () => {
    const risk = await create();
    const both = await api.gql(TREAT, {
      t,
      i: {
        id: risk.id,
        expectedVersion: 1,
        treatments: [
          { option: 'TRANSFER', transferParty: 'Lumen AI Ltd (contract MSA-2025-014)' },
          { option: 'MITIGATE', controlRefs: ['A.7.4'] },
        ],
      },
    });
    expect(both.data?.treatRisk).toMatchObject({
      status: 'TREATMENT_DECIDED',
      gap: null,
      treatmentImplemented: false,
      treatments: [
        { option: 'TRANSFER', transferParty: 'Lumen AI Ltd (contract MSA-2025-014)', controlRefs: [] },
        { option: 'MITIGATE', controlRefs: ['A.7.4'], controls: [{ id: 'A.7.4' }] },
      ],
    });
    const low = await create({ likelihood: 2, impacts: rate({ GROUPS: 2 }) });
    const mixed = await api.gql(TREAT, {
      t,
      i: { id: low.id, expectedVersion: 1, treatments: [{ option: 'ACCEPT' }, { option: 'AVOID' }] },
    });
    expect(onlyError(mixed).extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual([
      'input.treatments',
    ]);
  });

  it('X-8 an unknown control ref → BAD_USER_INPUT at input.treatments.0.controlRefs, nothing written', async () => {
    const risk = await create();
    const refused = await api.gql(TREAT, {
      t,
      i: {
        id: risk.id,
        expectedVersion: 1,
        treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4', 'ORG-404'] }],
      },
    });
    expect(onlyError(refused).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(onlyError(refused).extensions.fieldErrors).toEqual([
      expect.objectContaining({
        path: ['input', 'treatments', 0, 'controlRefs'],
        message: expect.stringMatching(/ORG-404/),
      }),
    ]);
    expect((await api.gql(GET, { t, id: risk.id })).data?.risk).toMatchObject({
      version: 1,
      status: 'OPEN',
      treatments: [],
    });
  });

  it('X-6 a stale expectedVersion → CONFLICT VERSION_MISMATCH', async () => {
    const risk = await create();
    await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
    });
    const stale = await api.gql(TREAT, {
      t,
      i: { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.9.2'] }] },
    });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });

  it("X-6 another tenant's risk is out of reach", async () => {
    const globex = api.demo.tenants.globex.id;
    const theirs = await api.gql(
      CREATE,
      { t: globex, i: { ...riskInput(), ownerId: api.users.mei.sub, aiSystemIds: [] } },
      { as: api.users.mei },
    );
    expect(theirs.errors).toBeUndefined();
    const id = theirs.data?.createRisk.id;
    const i = { id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] };
    // Named under our tenant: not there; naming theirs: not a member.
    expect(onlyError(await api.gql(TREAT, { t, i })).extensions.code).toBe('NOT_FOUND');
    expect(onlyError(await api.gql(TREAT, { t: globex, i })).extensions.code).toBe('FORBIDDEN');
    const still = await api.gql(GET, { t: globex, id }, { as: api.users.mei });
    expect(still.data?.risk).toMatchObject({ version: 1, treatments: [] });
  });
});
