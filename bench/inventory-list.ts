// Inventory benchmark: latency of the real Lambda handler against DynamoDB Local
// for listing pages (with owners batched) and for a versioned update with its
// change record. Prints figures; asserts nothing. Run: ./run bench
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createApiHandler } from '../services/api/src/app';
import { createDevIssuer } from '../services/api/src/auth/dev-issuer';
import { httpApiEvent, lambdaContext } from '../services/api/src/local/apigw-event';
import { ensureTables, localClients, localDeps, localTables } from '../services/api/src/local/local-deps';
import { DEMO_USERS, seedDemo } from '../services/api/src/local/seed';
import { startDynamoDbLocal } from '../services/data/src/local/dynamodb-local';

const SYSTEMS = Number(process.env.BENCH_SYSTEMS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `p50 ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  max ${at(1).toFixed(1)} ms  (n=${samples.length})`;
}

async function main() {
  const dynamo = await startDynamoDbLocal();
  try {
    const clients = localClients(dynamo.endpoint);
    const tables = localTables(`bench${randomBytes(3).toString('hex')}-`);
    await ensureTables(clients.raw, tables);
    const issuer = await createDevIssuer('https://bench.local/', 'bench');
    const deps = localDeps({ endpoint: dynamo.endpoint, tables, issuer, clients });
    const handler = createApiHandler(deps);
    const demo = await seedDemo(deps);
    const token = await issuer.sign(DEMO_USERS.alex);
    const tenantId = demo.tenants.acme.id;
    let calls = 0;
    clients.doc.middlewareStack.add(
      (next) => async (args) => {
        calls++;
        return next(args);
      },
      { step: 'initialize' },
    );

    const gql = async (query: string, variables: Record<string, unknown>) => {
      const result = await handler(
        httpApiEvent({
          method: 'POST',
          path: '/graphql',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'x-tenant-id': tenantId,
          },
          body: JSON.stringify({ query, variables }),
        }),
        lambdaContext(),
      );
      const body = JSON.parse(result.body ?? '{}');
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };

    const register = `mutation($i: RegisterAiSystemInput!) { registerAiSystem(input: $i) { id version } }`;
    const registerTimes: number[] = [];
    for (let i = 0; i < SYSTEMS; i++) {
      const t0 = performance.now();
      await gql(register, {
        i: {
          name: `Bench system ${String(i).padStart(4, '0')}`,
          purpose: 'Benchmark',
          lifecycleStage: ['DEVELOPMENT', 'DEPLOYMENT', 'USE'][i % 3],
          provenance: 'INTERNAL',
          ownerId: i % 2 ? DEMO_USERS.sam.sub : DEMO_USERS.alex.sub,
        },
      });
      registerTimes.push(performance.now() - t0);
    }

    console.log(
      `AIMS Cloud inventory benchmark — ${SYSTEMS} systems in one tenant, DynamoDB Local, node ${process.version}`,
    );
    console.log(`registerAiSystem (item + change record, one transaction): ${stats(registerTimes)}`);

    const list = `query($n: Int, $after: String, $f: AiSystemFilter) {
      aiSystems(first: $n, after: $after, filter: $f) { edges { node { id name owner { email } } } pageInfo { endCursor hasNextPage } } }`;
    for (const [label, size, filter] of [
      ['first page, 20, owners', 20, null],
      ['first page, 100, owners', 100, null],
      ['stage filter, 50', 50, { lifecycleStage: 'USE' }],
      ['stage+provenance filter, 50', 50, { lifecycleStage: 'USE', provenance: 'INTERNAL' }],
    ] as const) {
      const times: number[] = [];
      calls = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const t0 = performance.now();
        await gql(list, { n: size, f: filter });
        times.push(performance.now() - t0);
      }
      console.log(
        `aiSystems ${label.padEnd(30)} ${stats(times)}  DynamoDB calls/request ${(calls / ROUNDS).toFixed(1)}`,
      );
    }

    const walk: number[] = [];
    let after: string | null = null;
    const t0 = performance.now();
    do {
      const s = performance.now();
      const data: any = await gql(list, { n: 50, after });
      walk.push(performance.now() - s);
      after = data.aiSystems.pageInfo.hasNextPage ? data.aiSystems.pageInfo.endCursor : null;
    } while (after);
    console.log(
      `walk all pages of 50: ${walk.length} pages in ${(performance.now() - t0).toFixed(0)} ms; per page ${stats(walk)}`,
    );

    const update = `mutation($i: UpdateAiSystemInput!) { updateAiSystem(input: $i) { version } }`;
    const first: any = await gql(list, { n: 1 });
    const id = first.aiSystems.edges[0].node.id;
    let version = 1;
    const updates: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const s = performance.now();
      const data: any = await gql(update, { i: { id, expectedVersion: version, purpose: `Benchmark ${r}` } });
      version = data.updateAiSystem.version;
      updates.push(performance.now() - s);
    }
    console.log(`updateAiSystem (versioned put + change record): ${stats(updates)}`);
  } finally {
    await dynamo.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
