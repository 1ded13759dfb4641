// Shared set-up for benchmarks: DynamoDB Local, fresh tables, the seeded demo,
// the real Lambda handler, a counter of DynamoDB calls and percentile figures.
import { randomBytes } from 'node:crypto';
import { createApiHandler } from '../services/api/src/app';
import { createDevIssuer, type DevUser } from '../services/api/src/auth/dev-issuer';
import { httpApiEvent, lambdaContext } from '../services/api/src/local/apigw-event';
import { ensureTables, localClients, localDeps, localTables } from '../services/api/src/local/local-deps';
import { seedDemo } from '../services/api/src/local/seed';
import { startDynamoDbLocal } from '../services/data/src/local/dynamodb-local';

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `p50 ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  max ${at(1).toFixed(1)} ms  (n=${samples.length})`;
}

export async function benchStack() {
  const dynamo = await startDynamoDbLocal();
  const clients = localClients(dynamo.endpoint);
  const tables = localTables(`bench${randomBytes(3).toString('hex')}-`);
  await ensureTables(clients.raw, tables);
  const issuer = await createDevIssuer('https://bench.local/', 'bench');
  const deps = localDeps({ endpoint: dynamo.endpoint, tables, issuer, clients });
  const handler = createApiHandler(deps);
  const demo = await seedDemo(deps);
  const counter = { calls: 0 };
  clients.doc.middlewareStack.add(
    (next) => async (args) => {
      counter.calls++;
      return next(args);
    },
    { step: 'initialize' },
  );

  async function client(user: DevUser, tenantId: string) {
    const token = await issuer.sign(user);
    return async (query: string, variables: Record<string, unknown> = {}) => {
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
  }

  /** Runs `fn` `rounds` times; returns timings and DynamoDB calls per run. */
  async function measure(rounds: number, fn: (round: number) => Promise<unknown>) {
    const times: number[] = [];
    counter.calls = 0;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      await fn(r);
      times.push(performance.now() - t0);
    }
    return { times, callsPerRun: counter.calls / rounds };
  }

  return { demo, client, measure, stop: () => dynamo.stop() };
}
