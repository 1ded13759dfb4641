// AI systems (V1–V3), their EU AI Act profile (I7, I9, §3.4), the impact
// settings (I2) and re-assessment on significant change (R14, I5), through the
// Lambda handler on DynamoDB Local.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const SYSTEM_FIELDS = `id version lifecycleStage aiRoles intendedUse humanOversight nextReviewOn missingForUse
  owner { id } euAiActClass fundamentalRightsAssessmentRequired stopRequestReason
  dataDisposal { method doneOn evidenceRef } knowledgeTransfer
  euAiActProfile { operatorRole prohibitedPractice transparencyArt50 publicBodyOrPublicService reasons assessedOn
    assessedBy { id } fundamentalRightsAssessmentRequired gpai { isGpaiModel systemicRisk }
    highRisk { basis annexIIIPoint subPoint art63Derogation { claimed reasoning documentedOn } } }`;
const REGISTER = `mutation($t: ID, $i: RegisterAiSystemInput!) { registerAiSystem(tenantId: $t, input: $i) { ${SYSTEM_FIELDS} } }`;
const UPDATE = `mutation($t: ID, $i: UpdateAiSystemInput!) { updateAiSystem(tenantId: $t, input: $i) { ${SYSTEM_FIELDS} } }`;
const DECOMMISSION = `mutation($t: ID, $i: DecommissionAiSystemInput!) { decommissionAiSystem(tenantId: $t, input: $i) { ${SYSTEM_FIELDS} } }`;
const PROFILE = `mutation($t: ID, $i: SetEuAiActProfileInput!) { setEuAiActProfile(tenantId: $t, input: $i) { ${SYSTEM_FIELDS} } }`;
const SYSTEM = `query($t: ID, $id: ID!) { aiSystem(tenantId: $t, id: $id) { ${SYSTEM_FIELDS}
  reassessmentRequests { edges { node { id scope status version triggers { changes systemVersion changedBy { id } } } } } } }`;
const BY_CLASS = `query($t: ID, $c: EuAiActViewClass!) { aiSystemsByEuAiActClass(tenantId: $t, euAiActClass: $c, first: 50) {
  edges { node { id name euAiActClass fundamentalRightsAssessmentRequired } } } }`;
const REQUESTS = `query($t: ID, $f: ReassessmentRequestFilter) { reassessmentRequests(tenantId: $t, filter: $f, first: 20) {
  edges { node { id scope status version aiSystem { id } resolvedBy { id } resolutionNote } } pageInfo { hasNextPage } } }`;
const RESOLVE = `mutation($t: ID, $i: ResolveRiskReassessmentInput!) { resolveRiskReassessment(tenantId: $t, input: $i) {
  id status version resolvedBy { id } resolutionNote } }`;
const SETTINGS = 'query($t: ID) { impactAssessmentSettings(tenantId: $t) { dimensionSet version } }';
const SET_SETTINGS = `mutation($t: ID, $i: SetImpactAssessmentSettingsInput!) {
  setImpactAssessmentSettings(tenantId: $t, input: $i) { dimensionSet version } }`;

const system = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  purpose: `Purpose of ${name}`,
  lifecycleStage: 'USE',
  provenance: 'INTERNAL',
  aiRoles: ['DEVELOPER', 'DEPLOYER'],
  intendedUse: `Intended use of ${name}`,
  ...extra,
});
const bankProfile = {
  operatorRole: 'DEPLOYER',
  highRisk: { basis: 'ANNEX_III', annexIIIPoint: '5', subPoint: 'b' },
  publicBodyOrPublicService: false,
  reasons: ['Scores the creditworthiness of loan applicants'],
  assessedOn: '2026-01-20',
};

let api: TestApi;
let t: string;

beforeAll(async () => {
  api = await createTestApi();
  t = api.demo.tenants.acme.id;
});

async function register(name: string, extra: Record<string, unknown> = {}) {
  const result = await api.gql(REGISTER, { t, i: system(name, extra) });
  expect(result.errors).toBeUndefined();
  return result.data?.registerAiSystem;
}

describe('V1–V3 AI systems', () => {
  it('V1 registers the AI roles, intended use, human oversight and next review date', async () => {
    const created = await register('Roster helper', {
      humanOversight: 'Managers approve each roster',
      nextReviewOn: '2026-12-01',
      ownerId: api.users.sam.sub,
    });
    expect(created).toMatchObject({
      aiRoles: ['DEVELOPER', 'DEPLOYER'],
      intendedUse: 'Intended use of Roster helper',
      humanOversight: 'Managers approve each roster',
      nextReviewOn: '2026-12-01',
      missingForUse: [],
      owner: { id: api.users.sam.sub },
      euAiActClass: 'UNASSESSED',
      fundamentalRightsAssessmentRequired: false,
    });
  });

  it('V1/V2 moving into USE without owner, intended use and role → BAD_USER_INPUT with field paths, nothing written', async () => {
    const dev = await register('Prototype', {
      lifecycleStage: 'DEVELOPMENT',
      aiRoles: null,
      intendedUse: null,
    });
    const result = await api.gql(UPDATE, {
      t,
      i: { id: dev.id, expectedVersion: 1, lifecycleStage: 'USE' },
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors.map((f: { path: string[] }) => f.path.join('.'))).toEqual([
      'input.ownerId',
      'input.intendedUse',
      'input.aiRoles',
    ]);
    expect((await api.gql(SYSTEM, { t, id: dev.id })).data?.aiSystem).toMatchObject({
      version: 1,
      lifecycleStage: 'DEVELOPMENT',
    });
  });

  it('V2 the consultant cannot own a system: BAD_USER_INPUT at input.ownerId', async () => {
    const result = await api.gql(REGISTER, {
      t,
      i: system('Consultant-owned', { ownerId: api.users.priya.sub }),
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors).toEqual([expect.objectContaining({ path: ['input', 'ownerId'] })]);
  });

  it('V3 decommissioning records data disposal and knowledge transfer; a future disposal date is refused', async () => {
    const created = await register('Old scorer');
    const disposal = { method: 'Deleted model and features', doneOn: '2026-01-05', evidenceRef: 'CHG-88' };
    const future = await api.gql(DECOMMISSION, {
      t,
      i: {
        id: created.id,
        expectedVersion: 1,
        reason: 'Replaced',
        dataDisposal: { ...disposal, doneOn: '2999-01-01' },
        knowledgeTransfer: 'Runbook to the data team',
      },
    });
    expect(onlyError(future).extensions.fieldErrors).toEqual([
      expect.objectContaining({ path: ['input', 'dataDisposal', 'doneOn'] }),
    ]);
    const retired = await api.gql(DECOMMISSION, {
      t,
      i: {
        id: created.id,
        expectedVersion: 1,
        reason: 'Replaced',
        dataDisposal: disposal,
        knowledgeTransfer: 'Runbook to the data team',
      },
    });
    expect(retired.data?.decommissionAiSystem).toMatchObject({
      lifecycleStage: 'DECOMMISSIONED',
      dataDisposal: disposal,
      knowledgeTransfer: 'Runbook to the data team',
    });
  });
});

describe('I9 EU AI Act profile on the system', () => {
  it('D2 §3.4 the seeded triage assistant is a high-risk Annex III 5(d) system its deployer must FRIA, listed in the HIGH view; the readmission model no longer cites 5(a)', async () => {
    const high = await api.gql(BY_CLASS, { t, c: 'HIGH' });
    const triage = high.data?.aiSystemsByEuAiActClass.edges.find(
      (e: { node: { name: string } }) => e.node.name === 'Patient triage assistant',
    );
    expect(triage?.node).toMatchObject({ euAiActClass: 'HIGH', fundamentalRightsAssessmentRequired: true });
    const minimal = await api.gql(BY_CLASS, { t, c: 'MINIMAL' });
    expect(
      minimal.data?.aiSystemsByEuAiActClass.edges.map((e: { node: { name: string } }) => e.node.name),
    ).toContain('Readmission risk model');
  });

  it('§3.4 a deployer bank on 5(b) needs a FRIA; the provider of the same system does not', async () => {
    const created = await register('Loan scorer');
    const deployer = await api.gql(PROFILE, {
      t,
      i: { aiSystemId: created.id, expectedVersion: 1, profile: bankProfile },
    });
    expect(deployer.data?.setEuAiActProfile).toMatchObject({
      version: 2,
      euAiActClass: 'HIGH',
      fundamentalRightsAssessmentRequired: true,
      euAiActProfile: {
        operatorRole: 'DEPLOYER',
        highRisk: { basis: 'ANNEX_III', annexIIIPoint: '5', subPoint: 'b', art63Derogation: null },
        gpai: { isGpaiModel: false, systemicRisk: false },
        assessedBy: { id: api.users.alex.sub },
        fundamentalRightsAssessmentRequired: true,
      },
    });
    const provider = await api.gql(PROFILE, {
      t,
      i: {
        aiSystemId: created.id,
        expectedVersion: 2,
        profile: { ...bankProfile, operatorRole: 'PROVIDER' },
      },
    });
    expect(provider.data?.setEuAiActProfile.fundamentalRightsAssessmentRequired).toBe(false);
  });

  it('§3.4 a public-body deployer on Annex III 2 does not need a FRIA', async () => {
    const created = await register('Grid balancer');
    const result = await api.gql(PROFILE, {
      t,
      i: {
        aiSystemId: created.id,
        expectedVersion: 1,
        profile: {
          ...bankProfile,
          publicBodyOrPublicService: true,
          highRisk: { basis: 'ANNEX_III', annexIIIPoint: '2' },
        },
      },
    });
    expect(result.data?.setEuAiActProfile.fundamentalRightsAssessmentRequired).toBe(false);
  });

  it('I9 a prohibited practice records a stop request on the system in the same write', async () => {
    const created = await register('Mood monitor');
    const result = await api.gql(PROFILE, {
      t,
      i: {
        aiSystemId: created.id,
        expectedVersion: 1,
        profile: {
          ...bankProfile,
          highRisk: null,
          prohibitedPractice: 'ART5_F',
          reasons: ['Infers staff emotions at work'],
        },
      },
    });
    expect(result.data?.setEuAiActProfile).toMatchObject({ version: 2, euAiActClass: 'PROHIBITED' });
    expect(result.data?.setEuAiActProfile.stopRequestReason).toContain('Art. 5(1)(f)');
  });

  it('I7 bad profile → BAD_USER_INPUT with field paths, nothing written', async () => {
    const created = await register('Half-classed');
    const result = await api.gql(PROFILE, {
      t,
      i: {
        aiSystemId: created.id,
        expectedVersion: 1,
        profile: {
          ...bankProfile,
          highRisk: { basis: 'ANNEX_III' },
          gpai: { isGpaiModel: false, systemicRisk: true },
          reasons: [],
        },
      },
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors.map((f: { path: string[] }) => f.path.join('.')).sort()).toEqual([
      'input.profile.gpai.systemicRisk',
      'input.profile.highRisk.annexIIIPoint',
      'input.profile.reasons',
    ]);
    expect((await api.gql(SYSTEM, { t, id: created.id })).data?.aiSystem).toMatchObject({
      version: 1,
      euAiActProfile: null,
    });
  });

  it('I9 stale version → CONFLICT; an internal auditor → FORBIDDEN; another tenant → FORBIDDEN', async () => {
    const created = await register('Contested');
    const stale = await api.gql(PROFILE, {
      t,
      i: { aiSystemId: created.id, expectedVersion: 5, profile: bankProfile },
    });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const auditor = await api.gql(
      PROFILE,
      { t, i: { aiSystemId: created.id, expectedVersion: 1, profile: bankProfile } },
      { as: api.users.ines },
    );
    expect(onlyError(auditor).extensions.code).toBe('FORBIDDEN');
    const crossTenant = await api.gql(
      PROFILE,
      { t, i: { aiSystemId: created.id, expectedVersion: 1, profile: bankProfile } },
      { as: api.users.mei },
    );
    expect(onlyError(crossTenant).extensions.code).toBe('FORBIDDEN');
    expect((await api.gql(SYSTEM, { t, id: created.id })).data?.aiSystem.version).toBe(1);
  });
});

describe('R14 / I5 re-assessment requests', () => {
  it('R14 a significant change opens IMPACT and RISK requests; a later one appends; the RISK one is resolved by the risk owner', async () => {
    const created = await register('Claims router', { ownerId: api.users.sam.sub });
    const renamed = await api.gql(UPDATE, {
      t,
      i: { id: created.id, expectedVersion: 1, name: 'Claims router v2' },
    });
    expect(renamed.errors).toBeUndefined();
    expect((await api.gql(SYSTEM, { t, id: created.id })).data?.aiSystem.reassessmentRequests.edges).toEqual(
      [],
    );

    await api.gql(UPDATE, { t, i: { id: created.id, expectedVersion: 2, dataProcessed: ['claim photos'] } });
    await api.gql(UPDATE, {
      t,
      i: { id: created.id, expectedVersion: 3, affectedStakeholders: ['policy holders'] },
    });
    const requests = (
      await api.gql(SYSTEM, { t, id: created.id })
    ).data?.aiSystem.reassessmentRequests.edges.map((e: { node: unknown }) => e.node);
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r).toMatchObject({ status: 'OPEN', version: 2 });
      expect(r.triggers.map((x: { changes: string[] }) => x.changes)).toEqual([
        ['DATA'],
        ['USER_POPULATION'],
      ]);
      expect(r.triggers[0]).toMatchObject({ systemVersion: 3, changedBy: { id: api.users.alex.sub } });
    }
    const open = await api.gql(REQUESTS, { t, f: { status: 'OPEN', aiSystemId: created.id } });
    expect(open.data?.reassessmentRequests.edges).toHaveLength(2);

    const risk = requests.find((r: { scope: string }) => r.scope === 'RISK');
    const impact = requests.find((r: { scope: string }) => r.scope === 'IMPACT');
    const input = {
      id: risk.id,
      expectedVersion: 2,
      note: 'Re-scored the claims risks with the new photo data',
    };
    const byConsultant = await api.gql(RESOLVE, { t, i: input }, { as: api.users.priya });
    expect(onlyError(byConsultant).extensions.code).toBe('FORBIDDEN');
    const short = await api.gql(RESOLVE, { t, i: { ...input, note: 'ok' } }, { as: api.users.rafa });
    expect(onlyError(short).extensions.fieldErrors).toEqual([
      expect.objectContaining({ path: ['input', 'note'] }),
    ]);
    const stale = await api.gql(RESOLVE, { t, i: { ...input, expectedVersion: 1 } }, { as: api.users.rafa });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const impactByMutation = await api.gql(
      RESOLVE,
      { t, i: { ...input, id: impact.id } },
      { as: api.users.rafa },
    );
    expect(onlyError(impactByMutation).extensions.fieldErrors).toEqual([
      expect.objectContaining({ path: ['input', 'id'] }),
    ]);
    const crossTenant = await api.gql(RESOLVE, { t, i: input }, { as: api.users.mei });
    expect(onlyError(crossTenant).extensions.code).toBe('FORBIDDEN');
    const resolved = await api.gql(RESOLVE, { t, i: input }, { as: api.users.rafa });
    expect(resolved.data?.resolveRiskReassessment).toMatchObject({
      status: 'RESOLVED',
      version: 3,
      resolvedBy: { id: api.users.rafa.sub },
      resolutionNote: input.note,
    });
    const stillOpen = await api.gql(REQUESTS, { t, f: { status: 'OPEN', aiSystemId: created.id } });
    expect(
      stillOpen.data?.reassessmentRequests.edges.map((e: { node: { scope: string } }) => e.node.scope),
    ).toEqual(['IMPACT']);
  });
});

describe('I2 impact-assessment settings', () => {
  it('I2 all eleven dimensions by default; the consultant cannot change it; management can, version-checked', async () => {
    const globex = api.demo.tenants.globex.id;
    expect(
      (await api.gql(SETTINGS, { t: globex }, { as: api.users.mei })).data?.impactAssessmentSettings,
    ).toEqual({
      dimensionSet: 'ALL',
      version: 0,
    });
    const byConsultant = await api.gql(
      SET_SETTINGS,
      { t: globex, i: { dimensionSet: 'GUIDE_SEVEN', expectedVersion: 0 } },
      { as: api.users.priya },
    );
    expect(onlyError(byConsultant).extensions.code).toBe('FORBIDDEN');
    const set = await api.gql(
      SET_SETTINGS,
      { t: globex, i: { dimensionSet: 'GUIDE_SEVEN', expectedVersion: 0 } },
      { as: api.users.mei },
    );
    expect(set.data?.setImpactAssessmentSettings).toEqual({ dimensionSet: 'GUIDE_SEVEN', version: 1 });
    const stale = await api.gql(
      SET_SETTINGS,
      { t: globex, i: { dimensionSet: 'ALL', expectedVersion: 0 } },
      { as: api.users.mei },
    );
    expect(onlyError(stale).extensions.code).toBe('CONFLICT');
    const bad = await api.gql(
      SET_SETTINGS,
      { t: globex, i: { dimensionSet: 'ALL', expectedVersion: -1 } },
      { as: api.users.mei },
    );
    expect(onlyError(bad).extensions.fieldErrors).toEqual([
      expect.objectContaining({ path: ['input', 'expectedVersion'] }),
    ]);
  });
});
