// Tenant isolation is a security boundary: a member of one tenant must not read
// or write another by argument, header, id or cursor.
import { AiSystems, primaryKey } from '@aims/core';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const LIST = `query($tenantId: ID, $after: String, $first: Int) {
  aiSystems(tenantId: $tenantId, first: $first, after: $after) { edges { node { id name } } pageInfo { endCursor } }
}`;
const GET = 'query($tenantId: ID, $id: ID!) { aiSystem(tenantId: $tenantId, id: $id) { id name } }';
const UPDATE = `mutation($tenantId: ID, $input: UpdateAiSystemInput!) {
  updateAiSystem(tenantId: $tenantId, input: $input) { id version }
}`;

let api: TestApi;
let acme: string;
let globex: string;
let globexSystem: { id: string; name: string };

beforeAll(async () => {
  api = await createTestApi();
  acme = api.demo.tenants.acme.id;
  globex = api.demo.tenants.globex.id;
  const list = await api.gql(LIST, { tenantId: globex }, { as: api.users.mei });
  globexSystem = list.data?.aiSystems.edges[0].node;
});

describe('a member of Acme (Alex) against Globex', () => {
  it('is refused when naming Globex as the tenant argument', async () => {
    const result = await api.gql(LIST, { tenantId: globex });
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
    expect(result.data).toBeNull();
  });

  it('is refused when naming Globex in the x-tenant-id header', async () => {
    const result = await api.gql(LIST, {}, { headers: { 'x-tenant-id': globex } });
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
  });

  it('gets the same refusal for a tenant that does not exist', async () => {
    const result = await api.gql(LIST, { tenantId: 'no-such-tenant' });
    expect(onlyError(result)).toMatchObject({
      message: 'you are not a member of this tenant',
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('cannot read a Globex system by id through Acme', async () => {
    const result = await api.gql(GET, { tenantId: acme, id: globexSystem.id });
    expect(onlyError(result).extensions.code).toBe('NOT_FOUND');
  });

  it('cannot update a Globex system by id through Acme, and nothing changes', async () => {
    const result = await api.gql(UPDATE, {
      tenantId: acme,
      input: { id: globexSystem.id, expectedVersion: 1, name: 'pwned' },
    });
    expect(onlyError(result).extensions.code).toBe('NOT_FOUND');
    const stored = await api.clients.doc.send(
      new GetCommand({
        TableName: api.demo.tenants.globex.tableName,
        Key: primaryKey(AiSystems, globex, { id: globexSystem.id }),
      }),
    );
    expect(stored.Item).toMatchObject({ name: globexSystem.name, version: 1 });
  });

  it('cannot update Globex by naming it directly either', async () => {
    const result = await api.gql(UPDATE, {
      tenantId: globex,
      input: { id: globexSystem.id, expectedVersion: 1, name: 'pwned' },
    });
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
  });

  it('cannot make the argument and header disagree to slip past the check', async () => {
    const result = await api.gql(LIST, { tenantId: acme }, { headers: { 'x-tenant-id': globex } });
    expect(onlyError(result).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['tenantId'] }],
    });
  });
});

describe('cursors', () => {
  it('refuses a cursor from one tenant when replayed against another, even for a member of both', async () => {
    // Priya (consultant) belongs to both clients, so only the cursor binding can refuse this.
    const acmePage = await api.gql(LIST, { tenantId: acme, first: 1 }, { as: api.users.priya });
    const cursor = acmePage.data?.aiSystems.pageInfo.endCursor;
    expect(cursor).toBeTruthy();
    const replay = await api.gql(
      LIST,
      { tenantId: globex, first: 1, after: cursor },
      { as: api.users.priya },
    );
    expect(onlyError(replay).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['after'] }],
    });
  });

  it('hands out opaque cursors: no tenant id, no storage key', async () => {
    const page = await api.gql(LIST, { tenantId: acme, first: 1 });
    const cursor = String(page.data?.aiSystems.pageInfo.endCursor);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const opened = Buffer.from(cursor.split('.')[1] ?? '', 'base64url').toString('latin1');
    expect(cursor).not.toContain(acme);
    expect(cursor).not.toContain('#');
    // Four bytes or more, so random ciphertext cannot match by chance.
    for (const needle of [acme, `T#${acme}`, '"PK"', '"SK"']) expect(opened).not.toContain(needle);
  });

  it('refuses a cursor with one byte changed', async () => {
    const page = await api.gql(LIST, { tenantId: acme, first: 1 });
    const [keyId, body] = String(page.data?.aiSystems.pageInfo.endCursor).split('.');
    const bytes = Buffer.from(String(body), 'base64url');
    bytes[20] = (bytes[20] ?? 0) ^ 0xff;
    const edited = `${keyId}.${bytes.toString('base64url')}`;
    for (const tenantId of [acme, globex]) {
      const result = await api.gql(LIST, { tenantId, after: edited }, { as: api.users.priya });
      expect(onlyError(result).extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ path: ['after'], message: 'invalid cursor' }],
      });
    }
  });
});

describe('nested data', () => {
  it('lists only the caller’s own memberships in me and myTenants', async () => {
    const result = await api.gql(
      '{ me { memberships { tenant { id } } } myTenants { edges { node { id name } } } }',
    );
    expect(result.data?.me.memberships.map((m: any) => m.tenant.id)).toEqual([acme]);
    expect(result.data?.myTenants.edges.map((e: any) => e.node.id)).toEqual([acme]);
  });

  it('refuses listing another tenant’s members', async () => {
    const result = await api.gql('query($t: ID) { members(tenantId: $t) { edges { node { role } } } }', {
      t: globex,
    });
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
  });

  it('refuses listing another consultancy’s clients', async () => {
    const result = await api.gql(
      '{ consultancyClients(consultancyId: "cons-northwind") { edges { node { id } } } }',
    );
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
  });
});
