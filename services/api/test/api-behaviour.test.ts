// Cross-cutting API behaviour: query cost limits, batching, and faults the
// emulator cannot produce (injected with aws-sdk-client-mock).
import { createDocumentClient, PassThroughClientProvider } from '@aims/data';
import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../src/app';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

let api: TestApi;
let tenantId: string;

beforeAll(async () => {
  api = await createTestApi();
  tenantId = api.demo.tenants.acme.id;
});

describe('query cost', () => {
  it('refuses a query whose nested pages multiply past the cost limit, before any read', async () => {
    const result = await api.gql(
      `query($t: ID) { aiSystems(tenantId: $t, first: 100) { edges { node { id
        history(first: 100) { edges { node { actor { id email } } } } } } } }`,
      { t: tenantId },
    );
    const error = onlyError(result);
    expect(error.message).toMatch(/query cost \d+ exceeds the limit of 5000/);
    expect(['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED']).toContain(error.extensions.code);
  });

  it('accepts the same shape with modest page sizes', async () => {
    const result = await api.gql(
      `query($t: ID) { aiSystems(tenantId: $t, first: 10) { edges { node { id
        history(first: 5) { edges { node { actor { id email } } } } } } } }`,
      { t: tenantId },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.aiSystems.edges.length).toBeGreaterThan(0);
  });
});

describe('batching', () => {
  it('loads the owners of a whole page with one batched read', async () => {
    const commands: string[] = [];
    api.clients.doc.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    try {
      const result = await api.gql(
        'query($t: ID) { aiSystems(tenantId: $t) { edges { node { name owner { email } } } } }',
        {
          t: tenantId,
        },
      );
      expect(result.errors).toBeUndefined();
      const owners = result.data?.aiSystems.edges.map((e: any) => e.node.owner?.email).filter(Boolean);
      expect(owners.length).toBeGreaterThanOrEqual(2);
    } finally {
      api.clients.doc.middlewareStack.remove('countCommands');
    }
    // membership + tenant (2 reads for the tenant gate), the page query, one batch for owners.
    expect(commands.filter((c) => c.startsWith('BatchGet'))).toHaveLength(2);
    expect(commands.filter((c) => c.startsWith('Query'))).toHaveLength(1);
    expect(commands.length).toBeLessThanOrEqual(4);
  });
});

describe('nested lists read once per request', () => {
  it('resolves treatment actions of every risk and risks of every system from one read each', async () => {
    const commands: string[] = [];
    api.clients.doc.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countNested' },
    );
    try {
      const result = await api.gql(
        `query($t: ID) {
          risks(tenantId: $t, first: 20) { edges { node { id treatmentActions { id } } } }
          aiSystems(tenantId: $t) { edges { node { id risks { edges { node { id } } } } } }
        }`,
        { t: tenantId },
      );
      expect(result.errors).toBeUndefined();
      const systems = result.data?.aiSystems.edges.filter((e: any) => e.node.risks.edges.length > 0);
      expect(systems.length).toBeGreaterThan(0);
    } finally {
      api.clients.doc.middlewareStack.remove('countNested');
    }
    // Gate (membership + tenant), the risk page, the whole plan once, the system page, the register once,
    // and the methodology when the register is first read.
    expect(commands.filter((c) => c.startsWith('Query')).length).toBeLessThanOrEqual(5);
  });
});

describe('faults', () => {
  function handlerWithTenantClient(configure: (mock: ReturnType<typeof mockClient>) => void) {
    const faulty = createDocumentClient({ region: 'eu-west-1' });
    const mock = mockClient(faulty);
    configure(mock);
    return createApiHandler({ ...api.deps, clients: new PassThroughClientProvider(faulty) });
  }

  it('answers a throttled write with a generic internal error that leaks nothing', async () => {
    const handler = handlerWithTenantClient((mock) =>
      mock.on(TransactWriteCommand).rejects(
        new ProvisionedThroughputExceededException({
          message: 'Rate of requests exceeds the allowed throughput on table x',
          $metadata: {},
        }),
      ),
    );
    const result = await api.gql(
      `mutation($t: ID) { registerAiSystem(tenantId: $t, input: {
        name: "Throttled", purpose: "p", lifecycleStage: USE, provenance: INTERNAL }) { id } }`,
      { t: tenantId },
      { handler },
    );
    const error = onlyError(result);
    expect(error).toEqual({
      message: 'Internal server error',
      path: ['registerAiSystem'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(result)).not.toMatch(/throughput|table|stack/i);
  });

  it('turns a conditional failure inside the transaction into CONFLICT', async () => {
    const listed = await api.gql(
      'query($t: ID) { aiSystems(tenantId: $t, first: 1) { edges { node { id } } } }',
      {
        t: tenantId,
      },
    );
    const id = listed.data?.aiSystems.edges[0].node.id;
    const stored = await api.deps.clients.clientFor(api.demo.tenants.acme);
    const item = (
      await stored.send(
        new GetCommand({
          TableName: api.demo.tenants.acme.tableName,
          Key: { PK: `T#${tenantId}#AISYS#${id}`, SK: '#META' },
        }),
      )
    ).Item;
    const handler = handlerWithTenantClient((mock) => {
      mock.on(GetCommand).resolves({ Item: item });
      mock.on(TransactWriteCommand).rejects(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
        }),
      );
    });
    const result = await api.gql(
      'mutation($t: ID, $i: UpdateAiSystemInput!) { updateAiSystem(tenantId: $t, input: $i) { id } }',
      { t: tenantId, i: { id, expectedVersion: item?.version, name: 'Renamed under contention' } },
      { handler },
    );
    expect(onlyError(result).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });

  it('answers a transaction cancelled by another transaction (after retries) with a retryable CONFLICT', async () => {
    const listed = await api.gql(
      'query($t: ID) { aiSystems(tenantId: $t, first: 1) { edges { node { id version } } } }',
      { t: tenantId },
    );
    const node = listed.data?.aiSystems.edges[0].node;
    const stored = await api.deps.clients.clientFor(api.demo.tenants.acme);
    const item = (
      await stored.send(
        new GetCommand({
          TableName: api.demo.tenants.acme.tableName,
          Key: { PK: `T#${tenantId}#AISYS#${node.id}`, SK: '#META' },
        }),
      )
    ).Item;
    let attempts = 0;
    const handler = handlerWithTenantClient((mock) => {
      mock.on(GetCommand).resolves({ Item: item });
      mock.on(TransactWriteCommand).callsFake(() => {
        attempts++;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
        });
      });
    });
    const result = await api.gql(
      'mutation($t: ID, $i: UpdateAiSystemInput!) { updateAiSystem(tenantId: $t, input: $i) { id } }',
      { t: tenantId, i: { id: node.id, expectedVersion: node.version, name: 'Renamed in a busy moment' } },
      { handler },
    );
    expect(onlyError(result).extensions).toMatchObject({ code: 'CONFLICT' });
    // Retried (three times) before giving up: contention on a shared item is usually momentary.
    expect(attempts).toBe(4);
  });
});
