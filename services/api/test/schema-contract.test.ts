// The API contract's consistency: single items are NOT_FOUND when missing,
// references are objects, every entity that writes change records shows its
// history, and pages carry the four Relay page-info fields. Through the Lambda
// handler on DynamoDB Local, in fresh tenants so counts and order are exact.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

let api: TestApi;
const as = () => ({ as: api.users.priya });

async function freshTenant(name: string) {
  const result = await api.gql(
    'mutation($n: String!) { onboardClientTenant(input: { consultancyId: "cons-northwind", name: $n }) { id } }',
    { n: name },
    as(),
  );
  return result.data?.onboardClientTenant.id as string;
}

async function registerSystem(t: string, name: string) {
  const result = await api.gql(
    `mutation($t: ID, $i: RegisterAiSystemInput!) { registerAiSystem(tenantId: $t, input: $i) { id version } }`,
    {
      t,
      i: { name, purpose: 'Testing the contract', lifecycleStage: 'DEVELOPMENT', provenance: 'INTERNAL' },
    },
    as(),
  );
  expect(result.errors).toBeUndefined();
  return result.data?.registerAiSystem as { id: string; version: number };
}

beforeAll(async () => {
  api = await createTestApi();
});

describe('single items', () => {
  it('reads a treatment action by id, and NOT_FOUND for an id the tenant does not have', async () => {
    const t = await freshTenant('Contract Actions Ltd');
    const created = await api.gql(
      `mutation($t: ID, $i: CreateTreatmentActionInput!) { createTreatmentAction(tenantId: $t, input: $i) { id } }`,
      {
        t,
        i: {
          title: 'Document the model card',
          controlId: 'A.6.2.3',
          ownerId: api.users.priya.sub,
          dueDate: '2099-01-01',
        },
      },
      as(),
    );
    const id = created.data?.createTreatmentAction.id as string;
    await api.gql(
      `mutation($t: ID, $i: UpdateTreatmentActionInput!) { updateTreatmentAction(tenantId: $t, input: $i) { version } }`,
      { t, i: { id, expectedVersion: 1, progress: 50 } },
      as(),
    );
    const GET = `query($t: ID, $id: ID!) { treatmentAction(tenantId: $t, id: $id) { id title progress version control { id }
      history { edges { node { entityType entityId action version } } } } }`;
    const found = await api.gql(GET, { t, id }, as());
    expect(found.data?.treatmentAction).toMatchObject({
      id,
      progress: 50,
      version: 2,
      control: { id: 'A.6.2.3' },
    });
    expect(found.data?.treatmentAction.history.edges.map((e: any) => e.node)).toEqual([
      { entityType: 'TreatmentAction', entityId: id, action: 'UPDATED', version: 2 },
      { entityType: 'TreatmentAction', entityId: id, action: 'CREATED', version: 1 },
    ]);

    const missing = await api.gql(GET, { t, id: 'no-such-action' }, as());
    expect(onlyError(missing)).toMatchObject({
      path: ['treatmentAction'],
      extensions: { code: 'NOT_FOUND' },
    });
    expect(missing.data).toBeNull();
  });

  it('reports an approved SoA as NOT_FOUND before the first approval', async () => {
    const t = await freshTenant('Contract Unapproved Ltd');
    const result = await api.gql('query($t: ID) { approvedSoa(tenantId: $t) { version } }', { t }, as());
    expect(onlyError(result).extensions.code).toBe('NOT_FOUND');
    const older = await api.gql(
      'query($t: ID) { approvedSoa(tenantId: $t, version: 3) { version } }',
      { t },
      as(),
    );
    expect(onlyError(older).extensions.code).toBe('NOT_FOUND');
  });
});

describe('references and history', () => {
  it("names a control's objective as an object", async () => {
    const result = await api.gql(
      '{ annexACatalogue { controls { id objective { id title controls { id } } } } }',
    );
    const control = result.data?.annexACatalogue.controls.find((c: any) => c.id === 'A.2.2');
    expect(control.objective.id).toBe('A.2');
    expect(control.objective.controls.map((c: any) => c.id)).toContain('A.2.2');
  });

  it("shows an SoA entry's history by control, and none for an entry never edited", async () => {
    const t = await freshTenant('Contract SoA Ltd');
    const UPDATE = `mutation($t: ID, $i: UpdateSoaEntryInput!) { updateSoaEntry(tenantId: $t, input: $i) { version } }`;
    await api.gql(UPDATE, { t, i: { controlId: 'A.2.2', expectedVersion: 0, applicable: true } }, as());
    await api.gql(
      UPDATE,
      {
        t,
        i: { controlId: 'A.2.2', expectedVersion: 1, justification: 'Our AI policy', reasons: ['BUSINESS'] },
      },
      as(),
    );
    const soa = await api.gql(
      `query($t: ID) { statementOfApplicability(tenantId: $t) { entries { control { id } version
        history(first: 5) { edges { node { entityType entityId action version } } pageInfo { hasNextPage } } } } }`,
      { t },
      as(),
    );
    const entries = soa.data?.statementOfApplicability.entries;
    const edited = entries.find((e: any) => e.control.id === 'A.2.2');
    expect(edited.version).toBe(2);
    expect(edited.history.edges.map((e: any) => e.node)).toEqual([
      { entityType: 'SoaEntry', entityId: 'A.2.2', action: 'UPDATED', version: 2 },
      { entityType: 'SoaEntry', entityId: 'A.2.2', action: 'CREATED', version: 1 },
    ]);
    const untouched = entries.find((e: any) => e.control.id === 'A.2.3');
    expect(untouched.history).toEqual({ edges: [], pageInfo: { hasNextPage: false } });
  });

  it("shows the risk methodology's history, one record per version", async () => {
    const t = await freshTenant('Contract Methodology Ltd');
    const result = await api.gql(
      'query($t: ID) { riskMethodology(tenantId: $t) { version history { edges { node { entityType action version } } } } }',
      { t },
      as(),
    );
    expect(result.data?.riskMethodology).toEqual({
      version: 1,
      history: { edges: [{ node: { entityType: 'RiskMethodology', action: 'CREATED', version: 1 } }] },
    });
  });
});

describe('tenant-wide listings', () => {
  it("lists the tenant's impact assessments across systems, newest first, with Relay page info", async () => {
    const t = await freshTenant('Contract Assessments Ltd');
    const START = `mutation($t: ID, $i: StartImpactAssessmentInput!) { startImpactAssessment(tenantId: $t, input: $i) { id } }`;
    const ids: string[] = [];
    for (const name of ['First system', 'Second system']) {
      const system = await registerSystem(t, name);
      const started = await api.gql(START, { t, i: { aiSystemId: system.id } }, as());
      expect(started.errors).toBeUndefined();
      ids.push(started.data?.startImpactAssessment.id);
    }
    const LIST = `query($t: ID, $after: String) { impactAssessments(tenantId: $t, first: 1, after: $after) {
      edges { cursor node { id aiSystem { name } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const first = (await api.gql(LIST, { t }, as())).data?.impactAssessments;
    expect(first.edges.map((e: any) => e.node)).toEqual([
      { id: ids[1], aiSystem: { name: 'Second system' } },
    ]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.pageInfo.startCursor).toBe(first.edges[0].cursor);
    expect(first.pageInfo.endCursor).toBe(first.edges[0].cursor);

    const second = (await api.gql(LIST, { t, after: first.pageInfo.endCursor }, as())).data
      ?.impactAssessments;
    expect(second.edges.map((e: any) => e.node.id)).toEqual([ids[0]]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it("reads the tenant's audit feed across entities, newest first, page by page", async () => {
    const t = await freshTenant('Contract Feed Ltd');
    const system = await registerSystem(t, 'Fed system');
    await api.gql(
      `mutation($t: ID, $i: UpdateAiSystemInput!) { updateAiSystem(tenantId: $t, input: $i) { version } }`,
      { t, i: { id: system.id, expectedVersion: 1, name: 'Fed system, renamed' } },
      as(),
    );
    const FEED = `query($t: ID, $after: String) { auditFeed(tenantId: $t, first: 2, after: $after) {
      edges { node { entityType entityId action version actor { id } } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = (await api.gql(FEED, { t }, as())).data?.auditFeed;
    expect(page1.edges.map((e: any) => e.node)).toEqual([
      {
        entityType: 'AiSystem',
        entityId: system.id,
        action: 'UPDATED',
        version: 2,
        actor: { id: api.users.priya.sub },
      },
      {
        entityType: 'AiSystem',
        entityId: system.id,
        action: 'CREATED',
        version: 1,
        actor: { id: api.users.priya.sub },
      },
    ]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await api.gql(FEED, { t, after: page1.pageInfo.endCursor }, as())).data?.auditFeed;
    expect(page2.edges.map((e: any) => [e.node.entityType, e.node.action])).toEqual([
      ['RiskMethodology', 'CREATED'],
    ]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });
});
