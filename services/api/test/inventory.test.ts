import { AiSystems, changeKey, primaryKey } from '@aims/core';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const REGISTER = /* GraphQL */ `
  mutation Register($tenantId: ID, $input: RegisterAiSystemInput!) {
    registerAiSystem(tenantId: $tenantId, input: $input) {
      id name version lifecycleStage provenance owner { id email }
      vendor { name modelOrService contractReference dpaReference }
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($tenantId: ID, $input: UpdateAiSystemInput!) {
    updateAiSystem(tenantId: $tenantId, input: $input) { id name version purpose lifecycleStage businessProcess }
  }
`;
const DECOMMISSION = /* GraphQL */ `
  mutation Decommission($tenantId: ID, $input: DecommissionAiSystemInput!) {
    decommissionAiSystem(tenantId: $tenantId, input: $input) {
      id version lifecycleStage decommissionedAt decommissionReason
    }
  }
`;
const LIST = /* GraphQL */ `
  query List($tenantId: ID, $first: Int, $after: String, $filter: AiSystemFilter) {
    aiSystems(tenantId: $tenantId, first: $first, after: $after, filter: $filter) {
      edges { cursor node { id name lifecycleStage provenance } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const HISTORY = /* GraphQL */ `
  query History($tenantId: ID, $id: ID!) {
    aiSystem(tenantId: $tenantId, id: $id) {
      id version
      history { edges { node { action version actor { email } before after } } }
    }
  }
`;

const internalSystem = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  purpose: `Purpose of ${name}`,
  lifecycleStage: 'USE',
  provenance: 'INTERNAL',
  ...extra,
});

/** V3: what every decommissioning records besides the reason. */
const disposal = {
  dataDisposal: { method: 'Deleted training and log data', doneOn: '2026-01-10', evidenceRef: 'CHG-7' },
  knowledgeTransfer: 'Runbook handed to the service owner',
};

let api: TestApi;
let tenantId: string;

async function register(input: Record<string, unknown>, as = api.users.alex) {
  const result = await api.gql(REGISTER, { tenantId, input }, { as });
  expect(result.errors).toBeUndefined();
  return result.data?.registerAiSystem;
}

async function storedItem(id: string) {
  const out = await api.clients.doc.send(
    new GetCommand({
      TableName: api.demo.tenants.acme.tableName,
      Key: primaryKey(AiSystems, tenantId, { id: id }),
    }),
  );
  return out.Item;
}

async function changeCount(id: string) {
  const out = await api.clients.doc.send(
    new QueryCommand({
      TableName: api.demo.tenants.acme.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: {
        ':pk': changeKey(tenantId, { entityType: 'AiSystem', entityId: id, version: 0 }).PK,
      },
    }),
  );
  return out.Count;
}

beforeAll(async () => {
  api = await createTestApi();
  tenantId = api.demo.tenants.acme.id;
});

describe('registering an AI system', () => {
  it('stores a third-party system with its vendor details and returns version 1', async () => {
    const system = await register({
      name: 'Fraud scorer',
      purpose: 'Scores card payments for fraud',
      lifecycleStage: 'DEPLOYMENT',
      provenance: 'THIRD_PARTY_API',
      ownerId: api.users.sam.sub,
      vendor: {
        name: 'RiskCo',
        modelOrService: 'riskco-fraud-3',
        contractReference: 'C-1',
        dpaReference: 'D-1',
      },
    });
    expect(system).toMatchObject({
      name: 'Fraud scorer',
      version: 1,
      provenance: 'THIRD_PARTY_API',
      owner: { email: api.users.sam.email },
      vendor: {
        name: 'RiskCo',
        modelOrService: 'riskco-fraud-3',
        contractReference: 'C-1',
        dpaReference: 'D-1',
      },
    });
    expect((await storedItem(system.id))?.PK).toBe(`T#${tenantId}#AISYS#${system.id}`);
  });

  it('rejects third-party provenance without vendor details, with the field path, writing nothing', async () => {
    const before = await api.gql(LIST, { tenantId, first: 100 });
    const result = await api.gql(REGISTER, {
      tenantId,
      input: internalSystem('Vendorless', { provenance: 'OUTSOURCED' }),
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors).toEqual([
      { path: ['input', 'vendor'], message: 'vendor details are required for OUTSOURCED provenance' },
    ]);
    const after = await api.gql(LIST, { tenantId, first: 100 });
    expect(after.data?.aiSystems.edges).toHaveLength(before.data?.aiSystems.edges.length);
  });

  it('reports every invalid field at once', async () => {
    const result = await api.gql(REGISTER, {
      tenantId,
      input: internalSystem('  ', { purpose: '', lifecycleStage: 'DECOMMISSIONED' }),
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    const paths = error.extensions.fieldErrors.map((f: { path: string[] }) => f.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['input.name', 'input.purpose', 'input.lifecycleStage']));
  });

  it('rejects an owner who is not a member of the tenant', async () => {
    const result = await api.gql(REGISTER, {
      tenantId,
      input: internalSystem('Orphan', { ownerId: api.users.mei.sub }),
    });
    expect(onlyError(result).extensions.fieldErrors).toEqual([
      { path: ['input', 'ownerId'], message: 'is not a member of this tenant' },
    ]);
  });

  it('refuses roles that may not create systems', async () => {
    const result = await api.gql(
      REGISTER,
      { tenantId, input: internalSystem('Audit tool') },
      { as: api.users.ines },
    );
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
  });

  it('makes an AI system owner the owner of what they register', async () => {
    const system = await register(internalSystem('Sam tool'), api.users.sam);
    expect(system.owner.id).toBe(api.users.sam.sub);
  });
});

describe('updating an AI system', () => {
  it('applies a partial update, bumps the version and records before/after', async () => {
    const created = await register(internalSystem('Claims classifier', { businessProcess: 'Claims' }));
    const result = await api.gql(UPDATE, {
      tenantId,
      input: {
        id: created.id,
        expectedVersion: 1,
        purpose: 'Routes claims to the right team',
        businessProcess: null,
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateAiSystem).toMatchObject({
      version: 2,
      name: 'Claims classifier',
      purpose: 'Routes claims to the right team',
      businessProcess: null,
    });
    const history = await api.gql(HISTORY, { tenantId, id: created.id });
    const edges = history.data?.aiSystem.history.edges;
    expect(edges.map((e: any) => [e.node.action, e.node.version])).toEqual([
      ['UPDATED', 2],
      ['CREATED', 1],
    ]);
    expect(edges[0].node.before).toMatchObject({
      purpose: 'Purpose of Claims classifier',
      businessProcess: 'Claims',
    });
    expect(edges[0].node.after).toMatchObject({
      purpose: 'Routes claims to the right team',
      businessProcess: null,
    });
    expect(edges[0].node.actor.email).toBe(api.users.alex.email);
  });

  it('fails a stale version with CONFLICT and writes nothing', async () => {
    const created = await register(internalSystem('Stale target'));
    await api.gql(UPDATE, { tenantId, input: { id: created.id, expectedVersion: 1, name: 'Renamed once' } });
    const stale = await api.gql(UPDATE, {
      tenantId,
      input: { id: created.id, expectedVersion: 1, name: 'Lost update' },
    });
    const error = onlyError(stale);
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const item = await storedItem(created.id);
    expect(item).toMatchObject({ name: 'Renamed once', version: 2 });
    expect(await changeCount(created.id)).toBe(2);
  });

  it('lets exactly one of two concurrent updates with the same version win', async () => {
    const created = await register(internalSystem('Race target'));
    const results = await Promise.all(
      ['A', 'B', 'C'].map((n) =>
        api.gql(UPDATE, { tenantId, input: { id: created.id, expectedVersion: 1, name: `Writer ${n}` } }),
      ),
    );
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.errors))
      expect(onlyError(loser).extensions.code).toBe('CONFLICT');
    expect(await storedItem(created.id)).toMatchObject({
      version: 2,
      name: winners[0]?.data?.updateAiSystem.name,
    });
    expect(await changeCount(created.id)).toBe(2);
  });

  it('refuses a name carrying a NUL or a right-to-left override, and keeps ordinary Unicode', async () => {
    for (const name of ['Chat\u0000bot', 'Triage\u202Egnp.exe']) {
      const input = internalSystem(name, { purpose: 'A plain purpose.' });
      const result = await api.gql(REGISTER, { tenantId, input });
      expect(onlyError(result).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [
          { path: ['input', 'name'], message: expect.stringMatching(/control or bidi-override/) },
        ],
      });
    }
    expect((await register(internalSystem('Café – Ünïcode'))).name).toBe('Café – Ünïcode');
  });

  it('rejects clearing a required field with its path and writes nothing', async () => {
    const created = await register(internalSystem('Required fields'));
    const result = await api.gql(UPDATE, {
      tenantId,
      input: { id: created.id, expectedVersion: 1, name: '' },
    });
    expect(onlyError(result).extensions.fieldErrors[0].path).toEqual(['input', 'name']);
    expect(await storedItem(created.id)).toMatchObject({ version: 1, name: 'Required fields' });
  });

  it('rejects switching to third-party provenance without a vendor', async () => {
    const created = await register(internalSystem('Going external'));
    const result = await api.gql(UPDATE, {
      tenantId,
      input: { id: created.id, expectedVersion: 1, provenance: 'THIRD_PARTY_API' },
    });
    expect(onlyError(result).extensions.fieldErrors[0].path).toEqual(['input', 'vendor']);
  });

  it('lets an AI system owner update their own system but not someone else’s', async () => {
    const own = await register(internalSystem('Owned by Sam', { ownerId: api.users.sam.sub }));
    const other = await register(internalSystem('Owned by Alex', { ownerId: api.users.alex.sub }));
    const ok = await api.gql(
      UPDATE,
      { tenantId, input: { id: own.id, expectedVersion: 1, name: 'Sam renamed' } },
      { as: api.users.sam },
    );
    expect(ok.errors).toBeUndefined();
    const refused = await api.gql(
      UPDATE,
      { tenantId, input: { id: other.id, expectedVersion: 1, name: 'Hijack' } },
      { as: api.users.sam },
    );
    expect(onlyError(refused).extensions.code).toBe('FORBIDDEN');
    expect(await storedItem(other.id)).toMatchObject({ name: 'Owned by Alex', version: 1 });
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const result = await api.gql(UPDATE, {
      tenantId,
      input: { id: 'no-such-id', expectedVersion: 1, name: 'x' },
    });
    expect(onlyError(result).extensions.code).toBe('NOT_FOUND');
  });
});

describe('decommissioning an AI system', () => {
  it('records the date and reason, keeps the system listed, and freezes it', async () => {
    const created = await register(internalSystem('Legacy scorer'));
    const result = await api.gql(DECOMMISSION, {
      tenantId,
      input: { id: created.id, expectedVersion: 1, reason: 'Replaced by vendor product', ...disposal },
    });
    expect(result.data?.decommissionAiSystem).toMatchObject({
      version: 2,
      lifecycleStage: 'DECOMMISSIONED',
      decommissionReason: 'Replaced by vendor product',
    });
    expect(result.data?.decommissionAiSystem.decommissionedAt).toMatch(/Z$/);

    const listed = await api.gql(LIST, { tenantId, filter: { lifecycleStage: 'DECOMMISSIONED' } });
    expect(listed.data?.aiSystems.edges.map((e: any) => e.node.id)).toContain(created.id);

    const again = await api.gql(UPDATE, {
      tenantId,
      input: { id: created.id, expectedVersion: 2, name: 'Revived' },
    });
    expect(onlyError(again).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });

    const history = await api.gql(HISTORY, { tenantId, id: created.id });
    expect(history.data?.aiSystem.history.edges[0].node).toMatchObject({
      action: 'DECOMMISSIONED',
      before: { lifecycleStage: 'USE' },
      after: { lifecycleStage: 'DECOMMISSIONED', decommissionReason: 'Replaced by vendor product' },
    });
  });

  it('is refused to AI system owners', async () => {
    const created = await register(internalSystem('Not yours to retire', { ownerId: api.users.sam.sub }));
    const result = await api.gql(
      DECOMMISSION,
      { tenantId, input: { id: created.id, expectedVersion: 1, reason: 'x', ...disposal } },
      { as: api.users.sam },
    );
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
  });

  it('hides the audit trail from viewers', async () => {
    // Viewers are added through the API like any other member: invited, then accepting.
    const viewer = { sub: 'user-viewer', email: 'viewer@acme-health.example', name: 'Viewer' };
    const invited = await api.gql(
      'mutation($t: ID, $i: InviteMemberInput!) { inviteMember(tenantId: $t, input: $i) { invitation { role } } }',
      { t: tenantId, i: { email: viewer.email, role: 'VIEWER' } },
    );
    expect(invited.data?.inviteMember.invitation.role).toBe('VIEWER');
    const accepted = await api.gql(
      'mutation($t: ID!) { acceptInvitation(input: { tenantId: $t }) { role } }',
      { t: tenantId },
      { as: viewer },
    );
    expect(accepted.data?.acceptInvitation.role).toBe('VIEWER');
    const created = await register(internalSystem('Viewed'));
    const result = await api.gql(HISTORY, { tenantId, id: created.id }, { as: viewer });
    expect(onlyError(result)).toMatchObject({
      path: ['aiSystem', 'history'],
      extensions: { code: 'FORBIDDEN' },
    });
    const feed = await api.gql(
      'query($tenantId: ID) { auditFeed(tenantId: $tenantId) { edges { node { id } } } }',
      { tenantId },
      { as: viewer },
    );
    expect(onlyError(feed).extensions.code).toBe('FORBIDDEN');
  });
});

describe('listing the inventory', () => {
  let listTenant: string;

  beforeAll(async () => {
    const created = await api.gql(
      'mutation { onboardClientTenant(input: { consultancyId: "cons-northwind", name: "Paging Ltd" }) { id } }',
      {},
      { as: api.users.priya },
    );
    listTenant = created.data?.onboardClientTenant.id;
    // V2: systems in USE need an internal owner, so the consultant brings in the client's manager.
    const lister = { sub: 'user-lister', email: 'lister@paging.example', name: 'Lister' };
    await api.gql(
      'mutation($t: ID, $i: InviteMemberInput!) { inviteMember(tenantId: $t, input: $i) { invitation { role } } }',
      { t: listTenant, i: { email: lister.email, role: 'AIMS_MANAGER' } },
      { as: api.users.priya },
    );
    await api.gql(
      'mutation($t: ID!) { acceptInvitation(input: { tenantId: $t }) { role } }',
      { t: listTenant },
      { as: lister },
    );
    const stages = ['DEVELOPMENT', 'DEPLOYMENT', 'USE'];
    for (let i = 0; i < 11; i++) {
      const thirdParty = i % 2 === 0;
      const result = await api.gql(
        REGISTER,
        {
          tenantId: listTenant,
          input: internalSystem(`System ${String(i).padStart(2, '0')}`, {
            lifecycleStage: stages[i % 3],
            provenance: thirdParty ? 'THIRD_PARTY_API' : 'INTERNAL',
            vendor: thirdParty ? { name: 'Vendor' } : null,
          }),
        },
        { as: lister },
      );
      expect(result.errors).toBeUndefined();
    }
  });

  it('pages through every system in name order without gaps or repeats', async () => {
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = await api.gql(
        LIST,
        { tenantId: listTenant, first: 4, after },
        { as: api.users.priya },
      );
      expect(page.errors).toBeUndefined();
      names.push(...page.data.aiSystems.edges.map((e: any) => e.node.name));
      after = page.data.aiSystems.pageInfo.hasNextPage ? page.data.aiSystems.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(names).toEqual(Array.from({ length: 11 }, (_, i) => `System ${String(i).padStart(2, '0')}`));
  });

  it('reports no next page when the last page is exactly full', async () => {
    const page = await api.gql(LIST, { tenantId: listTenant, first: 11 }, { as: api.users.priya });
    expect(page.data?.aiSystems.edges).toHaveLength(11);
    expect(page.data?.aiSystems.pageInfo.hasNextPage).toBe(false);
  });

  it('resumes from any edge cursor', async () => {
    const page = await api.gql(LIST, { tenantId: listTenant, first: 5 }, { as: api.users.priya });
    const third = page.data?.aiSystems.edges[2].cursor;
    const next = await api.gql(
      LIST,
      { tenantId: listTenant, first: 2, after: third },
      { as: api.users.priya },
    );
    expect(next.data?.aiSystems.edges.map((e: any) => e.node.name)).toEqual(['System 03', 'System 04']);
  });

  it('filters by lifecycle stage, by provenance, and by both across pages', async () => {
    const byStage = await api.gql(
      LIST,
      { tenantId: listTenant, filter: { lifecycleStage: 'USE' } },
      { as: api.users.priya },
    );
    expect(byStage.data?.aiSystems.edges.map((e: any) => e.node.name)).toEqual([
      'System 02',
      'System 05',
      'System 08',
    ]);

    const byProvenance = await api.gql(
      LIST,
      { tenantId: listTenant, filter: { provenance: 'THIRD_PARTY_API' } },
      { as: api.users.priya },
    );
    expect(byProvenance.data?.aiSystems.edges.map((e: any) => e.node.name)).toEqual([
      'System 00',
      'System 02',
      'System 04',
      'System 06',
      'System 08',
      'System 10',
    ]);

    const both: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await api.gql(
        LIST,
        {
          tenantId: listTenant,
          first: 1,
          after,
          filter: { lifecycleStage: 'DEVELOPMENT', provenance: 'THIRD_PARTY_API' },
        },
        { as: api.users.priya },
      );
      both.push(...page.data.aiSystems.edges.map((e: any) => e.node.name));
      after = page.data.aiSystems.pageInfo.hasNextPage ? page.data.aiSystems.pageInfo.endCursor : null;
    } while (after);
    expect(both).toEqual(['System 00', 'System 06']);
  });

  it('refuses a cursor from another filter', async () => {
    const page = await api.gql(LIST, { tenantId: listTenant, first: 2 }, { as: api.users.priya });
    const result = await api.gql(
      LIST,
      {
        tenantId: listTenant,
        after: page.data?.aiSystems.pageInfo.endCursor,
        filter: { lifecycleStage: 'USE' },
      },
      { as: api.users.priya },
    );
    expect(onlyError(result).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['after'] }],
    });
  });

  it('rejects page sizes outside 1..100', async () => {
    const result = await api.gql(LIST, { tenantId: listTenant, first: 101 }, { as: api.users.priya });
    expect(onlyError(result).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['first'] }],
    });
  });
});
