import { AiOpportunities, primaryKey } from '@aims/core';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, storedCounts, type TestApi } from '../test-support/harness';

const FIELDS = /* GraphQL */ `
  id title description sourceIssueId benefit feasibility priority status version
  aiSystems { id name }
  action { plan dueOn owner { id } }
  evaluation { result effective evaluatedOn evaluatedBy { id } }
  rejection { reason rejectedBy { id } }
`;
const CREATE = /* GraphQL */ `
  mutation Create($tenantId: ID, $input: CreateAiOpportunityInput!) {
    createAiOpportunity(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($tenantId: ID, $input: UpdateAiOpportunityInput!) {
    updateAiOpportunity(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const MOVE = /* GraphQL */ `
  mutation Move($tenantId: ID, $input: TransitionAiOpportunityInput!) {
    transitionAiOpportunity(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const GET = /* GraphQL */ `
  query Get($tenantId: ID, $id: ID!) {
    aiOpportunity(tenantId: $tenantId, id: $id) {
      ${FIELDS}
      history { edges { node { action version actor { id } } } }
    }
  }
`;
const LIST = /* GraphQL */ `
  query List($tenantId: ID, $filter: AiOpportunityFilter, $first: Int, $after: String) {
    aiOpportunities(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {
      edges { node { id title priority status } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const SYSTEMS = /* GraphQL */ `
  query Systems($tenantId: ID) {
    aiSystems(tenantId: $tenantId, first: 20) {
      edges { node { id name opportunities(first: 10) { edges { node { id title priority } } } } }
    }
  }
`;
const ACTIONS = /* GraphQL */ `
  query Actions($tenantId: ID) {
    opportunityActions(tenantId: $tenantId, first: 50) {
      edges { node { overdue opportunity { id title status } action { dueOn owner { id } } evaluation { effective result } } }
    }
  }
`;

let api: TestApi;
let tenantId: string;
let systems: { id: string; name: string }[];
const systemId = (name: string) => systems.find((s) => s.name === name)?.id as string;

beforeAll(async () => {
  api = await createTestApi();
  tenantId = api.demo.tenants.acme.id;
  const read = await api.gql(SYSTEMS, { tenantId });
  systems = read.data?.aiSystems.edges.map((e: any) => e.node);
});

/** Opportunities and their change records in the tenant's table: a refused write leaves both unchanged. */
async function opportunityCount() {
  const { items, changes } = await storedCounts(api, {
    table: api.demo.tenants.acme.tableName,
    tenantId,
    partition: 'OPP',
    entityType: 'AiOpportunity',
  });
  return { opportunities: items, changes };
}

const base = () => ({
  title: 'Bed management forecasts cut discharge delays',
  description: 'Forecast bed demand a day ahead.',
  aiSystemIds: [systemId('Readmission risk model')],
  benefit: 4,
  feasibility: 4,
});
const action = () => ({ plan: 'Trial on two wards', ownerId: api.users.sam.sub, dueOn: '2027-03-31' });

describe('R9 / §3.3 the opportunity lifecycle through the handler', () => {
  it('R9 creates, plans, starts and realises an opportunity with an evaluation, each step versioned with a change record', async () => {
    const made = await api.gql(CREATE, { tenantId, input: base() });
    expect(made.errors).toBeUndefined();
    const o = made.data?.createAiOpportunity;
    expect(o).toMatchObject({
      status: 'IDENTIFIED',
      priority: 16,
      version: 1,
      aiSystems: [{ name: 'Readmission risk model' }],
      action: null,
    });

    const planned = await api.gql(MOVE, {
      tenantId,
      input: { id: o.id, expectedVersion: 1, status: 'PLANNED', action: action() },
    });
    expect(planned.data?.transitionAiOpportunity).toMatchObject({
      status: 'PLANNED',
      version: 2,
      action: { plan: 'Trial on two wards', owner: { id: api.users.sam.sub } },
    });
    const started = await api.gql(
      MOVE,
      { tenantId, input: { id: o.id, expectedVersion: 2, status: 'IN_PROGRESS' } },
      { as: api.users.rafa },
    );
    expect(started.data?.transitionAiOpportunity).toMatchObject({ status: 'IN_PROGRESS', version: 3 });
    const today = new Date().toISOString().slice(0, 10);
    const realised = await api.gql(
      MOVE,
      {
        tenantId,
        input: {
          id: o.id,
          expectedVersion: 3,
          status: 'REALISED',
          evaluation: { result: 'Delays down 9%', effective: true, evaluatedOn: today },
        },
      },
      { as: api.users.rafa },
    );
    expect(realised.errors).toBeUndefined();
    expect(realised.data?.transitionAiOpportunity).toMatchObject({
      status: 'REALISED',
      version: 4,
      evaluation: { result: 'Delays down 9%', effective: true, evaluatedBy: { id: api.users.rafa.sub } },
    });

    const read = await api.gql(GET, { tenantId, id: o.id });
    expect(
      read.data?.aiOpportunity.history.edges.map((e: any) => [
        e.node.action,
        e.node.version,
        e.node.actor.id,
      ]),
    ).toEqual([
      ['UPDATED', 4, api.users.rafa.sub],
      ['UPDATED', 3, api.users.rafa.sub],
      ['UPDATED', 2, api.users.alex.sub],
      ['CREATED', 1, api.users.alex.sub],
    ]);
    const stored = await api.clients.doc.send(
      new GetCommand({
        TableName: api.demo.tenants.acme.tableName,
        Key: primaryKey(AiOpportunities, tenantId, { id: o.id }),
      }),
    );
    expect(stored.Item).toMatchObject({ entity: 'AiOpportunity', version: 4, priority: 16 });

    // Terminal: any further change is CONFLICT INVALID_STATE.
    const again = await api.gql(UPDATE, { tenantId, input: { id: o.id, expectedVersion: 4, title: 'x' } });
    expect(onlyError(again).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
  });

  it('R9 bad input → BAD_USER_INPUT with field paths, nothing written', async () => {
    const before = await opportunityCount();
    // The seeded ones are counted: the count reads the right keys.
    expect(before.opportunities).toBeGreaterThanOrEqual(4);
    expect(before.changes).toBeGreaterThanOrEqual(4);
    const result = await api.gql(CREATE, {
      tenantId,
      input: { ...base(), benefit: 7, feasibility: 0, aiSystemIds: ['no-such-system'] },
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors.map((e: any) => e.path.join('.'))).toEqual([
      'input.benefit',
      'input.feasibility',
    ]);
    const unknown = onlyError(
      await api.gql(CREATE, { tenantId, input: { ...base(), aiSystemIds: ['no-such-system'] } }),
    );
    expect(unknown.extensions.fieldErrors).toEqual([
      { path: ['input', 'aiSystemIds'], message: 'unknown AI systems: no-such-system' },
    ]);
    expect(await opportunityCount()).toEqual(before);
  });

  it('R9 a consultant as action owner is refused at input.action.ownerId, nothing written', async () => {
    const before = await opportunityCount();
    const result = await api.gql(CREATE, {
      tenantId,
      input: { ...base(), action: { ...action(), ownerId: api.users.priya.sub } },
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors).toEqual([
      { path: ['input', 'action', 'ownerId'], message: expect.stringContaining('CONSULTANT') },
    ]);
    expect(await opportunityCount()).toEqual(before);
  });

  it('R9 a stale expectedVersion → CONFLICT VERSION_MISMATCH', async () => {
    const o = (await api.gql(CREATE, { tenantId, input: base() })).data?.createAiOpportunity;
    await api.gql(UPDATE, { tenantId, input: { id: o.id, expectedVersion: 1, feasibility: 5 } });
    const stale = await api.gql(UPDATE, { tenantId, input: { id: o.id, expectedVersion: 1, benefit: 1 } });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });

  it('R9 an illegal transition → CONFLICT INVALID_STATE, nothing written', async () => {
    const o = (await api.gql(CREATE, { tenantId, input: base() })).data?.createAiOpportunity;
    const before = await opportunityCount();
    const result = await api.gql(MOVE, {
      tenantId,
      input: {
        id: o.id,
        expectedVersion: 1,
        status: 'REALISED',
        evaluation: { result: 'x', effective: true, evaluatedOn: '2026-01-01' },
      },
    });
    expect(onlyError(result).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
    expect(await opportunityCount()).toEqual(before);
  });

  it('R9 a role without risk.manage (the internal auditor) → FORBIDDEN, but may read', async () => {
    const result = await api.gql(CREATE, { tenantId, input: base() }, { as: api.users.ines });
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
    const list = await api.gql(LIST, { tenantId, first: 1 }, { as: api.users.ines });
    expect(list.errors).toBeUndefined();
  });
});

describe('R9 / §3.3 key-served listings', () => {
  it('R9 lists by priority, by status and by AI system, with Relay pages', async () => {
    const all = await api.gql(LIST, { tenantId, first: 100 });
    const priorities = all.data?.aiOpportunities.edges.map((e: any) => e.node.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    const first = await api.gql(LIST, { tenantId, first: 2 });
    expect(first.data?.aiOpportunities.pageInfo.hasNextPage).toBe(true);
    const next = await api.gql(LIST, {
      tenantId,
      first: 2,
      after: first.data?.aiOpportunities.pageInfo.endCursor,
    });
    expect(next.data?.aiOpportunities.edges.map((e: any) => e.node.id)).toEqual(
      all.data?.aiOpportunities.edges.slice(2, 4).map((e: any) => e.node.id),
    );

    const rejected = await api.gql(LIST, { tenantId, filter: { status: 'REJECTED' } });
    expect(rejected.data?.aiOpportunities.edges.map((e: any) => e.node.title)).toContain(
      'Chatbot answers appointment questions',
    );
    expect(rejected.data?.aiOpportunities.edges.every((e: any) => e.node.status === 'REJECTED')).toBe(true);

    const triage = await api.gql(LIST, {
      tenantId,
      filter: { aiSystemId: systemId('Patient triage assistant') },
    });
    expect(triage.data?.aiOpportunities.edges.map((e: any) => e.node.title)).toEqual([
      'Triage assistant shortens waiting times for urgent patient messages',
      'Chatbot answers appointment questions',
    ]);

    const bySystem = await api.gql(SYSTEMS, { tenantId });
    const notes = bySystem.data?.aiSystems.edges.find(
      (e: any) => e.node.name === 'Clinical notes summariser',
    );
    expect(notes.node.opportunities.edges.map((e: any) => e.node.title)).toEqual([
      'Discharge summary drafting frees clinician time',
    ]);
  });

  it('§3.3 the 6.1.1 actions view lists the seeded actions with the evaluation of the realised one', async () => {
    const result = await api.gql(ACTIONS, { tenantId });
    expect(result.errors).toBeUndefined();
    const rows = result.data?.opportunityActions.edges.map((e: any) => e.node);
    const realised = rows.find(
      (r: any) => r.opportunity.title === 'Readmission scores target follow-up calls',
    );
    expect(realised).toMatchObject({ overdue: false, evaluation: { effective: true } });
    const dues = rows.map((r: any) => r.action.dueOn);
    expect(dues).toEqual([...dues].sort());
  });
});

describe('R9 tenant isolation', () => {
  it("keeps another tenant's opportunity out of reach", async () => {
    const globex = api.demo.tenants.globex.id;
    const theirs = await api.gql(
      CREATE,
      { tenantId: globex, input: { title: 'Route optimiser cuts mileage', benefit: 4, feasibility: 4 } },
      { as: api.users.mei },
    );
    expect(theirs.errors).toBeUndefined();
    const id: string = theirs.data?.createAiOpportunity.id;
    // Named under our tenant: not there.
    expect(onlyError(await api.gql(GET, { tenantId, id })).extensions.code).toBe('NOT_FOUND');
    const move = await api.gql(MOVE, {
      tenantId,
      input: { id, expectedVersion: 1, status: 'REJECTED', reason: 'Hostile' },
    });
    expect(onlyError(move).extensions.code).toBe('NOT_FOUND');
    // Named under theirs: not a member.
    expect(onlyError(await api.gql(GET, { tenantId: globex, id })).extensions.code).toBe('FORBIDDEN');
    // Our systems cannot be linked from their tenant.
    const linked = await api.gql(
      CREATE,
      {
        tenantId: globex,
        input: {
          title: 'x',
          benefit: 1,
          feasibility: 1,
          aiSystemIds: [systemId('Patient triage assistant')],
        },
      },
      { as: api.users.mei },
    );
    expect(onlyError(linked).extensions.fieldErrors[0].path).toEqual(['input', 'aiSystemIds']);
    const still = await api.gql(GET, { tenantId: globex, id }, { as: api.users.mei });
    expect(still.data?.aiOpportunity).toMatchObject({ status: 'IDENTIFIED', version: 1 });
  });
});
