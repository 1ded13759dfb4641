// End to end over real HTTP against the local stack started as `pnpm dev` (harness.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from './harness';

let stack: LocalStack;
let url: string;
let tokens: Map<string, string>;
let tenants: Map<string, string>;
const gql = (...args: Parameters<LocalStack['gql']>) => stack.gql(...args);

beforeAll(async () => {
  stack = await startLocalStack();
  ({ url, tokens, tenants } = stack);
});

afterAll(() => stack?.stop());

describe('local API over HTTP', () => {
  it('prints working dev tokens and the seeded tenants', async () => {
    expect(url).toMatch(/^http:\/\/localhost:\d+\/graphql$/);
    expect([...tenants.keys()].sort()).toEqual(['Acme Health', 'Brightpath Analytics', 'Globex Logistics']);
    const me = await gql('{ me { user { email } memberships { role tenant { name } } } }', {}, 'alex');
    expect(me.status).toBe(200);
    expect(me.body.data.me).toEqual({
      user: { email: 'alex@acme-health.example' },
      memberships: [{ role: 'AIMS_MANAGER', tenant: { name: 'Acme Health' } }],
    });
  });

  it('serves the GraphQL sandbox to a browser', async () => {
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/apollo/i);
  });

  it('lists, registers and updates AI systems, refusing a stale version', async () => {
    const acme = tenants.get('Acme Health');
    const list = await gql(
      '{ aiSystems { edges { node { name provenance vendor { name } } } } }',
      {},
      'alex',
      acme,
    );
    expect(list.body.data.aiSystems.edges.map((e: any) => e.node.name)).toEqual([
      'Clinical notes summariser',
      'Patient triage assistant',
      'Readmission risk model',
    ]);
    const created = await gql(
      `mutation($i: RegisterAiSystemInput!) { registerAiSystem(input: $i) { id version } }`,
      {
        i: {
          name: 'E2E model',
          purpose: 'End-to-end check',
          lifecycleStage: 'DEVELOPMENT',
          provenance: 'INTERNAL',
        },
      },
      'alex',
      acme,
    );
    const { id } = created.body.data.registerAiSystem;
    const update = `mutation($i: UpdateAiSystemInput!) { updateAiSystem(input: $i) { version } }`;
    const first = await gql(
      update,
      { i: { id, expectedVersion: 1, lifecycleStage: 'DEPLOYMENT' } },
      'alex',
      acme,
    );
    expect(first.body.data.updateAiSystem.version).toBe(2);
    const stale = await gql(update, { i: { id, expectedVersion: 1, lifecycleStage: 'USE' } }, 'alex', acme);
    expect(stale.body.errors?.[0].extensions.code).toBe('CONFLICT');
    const feed = await gql(
      '{ auditFeed(first: 4) { edges { node { entityType entityId version } } pageInfo { hasNextPage startCursor } } }',
      {},
      'alex',
      acme,
    );
    // The stage change also opened the system's two re-assessment requests in the same commit (R14).
    const nodes = feed.body.data.auditFeed.edges.map((e: { node: { entityType: string } }) => e.node);
    expect(nodes.filter((n: { entityType: string }) => n.entityType === 'ReassessmentRequest')).toHaveLength(
      2,
    );
    expect(nodes.filter((n: { entityType: string }) => n.entityType === 'AiSystem')).toEqual([
      { entityType: 'AiSystem', entityId: id, version: 2 },
      { entityType: 'AiSystem', entityId: id, version: 1 },
    ]);
  });

  it('refuses another tenant and a missing token', async () => {
    const globex = tenants.get('Globex Logistics');
    const other = await gql('{ aiSystems { edges { node { id } } } }', {}, 'alex', globex);
    expect(other.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { user { id } } }' }),
    });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  // API contract over the wire: bad input gets a clear, JSON-shaped error and writes nothing.
  it('answers a body that is not JSON with HTTP 400 and a JSON BAD_REQUEST', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get('alex')}` },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses a 3,000-character id with BAD_USER_INPUT at its path, not an internal error', async () => {
    const acme = tenants.get('Acme Health');
    const result = await gql(
      'query($id: ID!) { aiSystem(id: $id) { id } }',
      { id: 'x'.repeat(3000) },
      'alex',
      acme,
    );
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result.body.errors?.[0].extensions.fieldErrors[0].path).toEqual(['id']);
  });

  it('refuses eleven aliased mutations in one request with QUERY_TOO_COMPLEX, writing none', async () => {
    const acme = tenants.get('Acme Health');
    const fields = Array.from(
      { length: 11 },
      (_, i) => `m${i}: registerAiSystem(input: { name: "E2E alias ${i}", purpose: "p", lifecycleStage: USE,
        provenance: INTERNAL }) { id }`,
    );
    const result = await gql(`mutation { ${fields.join(' ')} }`, {}, 'alex', acme);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const listed = await gql('{ aiSystems(first: 100) { edges { node { name } } } }', {}, 'alex', acme);
    expect(listed.body.data.aiSystems.edges.map((e: any) => e.node.name)).not.toContain('E2E alias 0');
  });
});
