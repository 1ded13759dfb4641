// Shared set-up for benchmarks: DynamoDB Local, fresh tables, the seeded demo,
// the real Lambda handler, a counter of DynamoDB calls and percentile figures.
import { randomBytes } from 'node:crypto';
import { createApiHandler, localDeps, seedDemo } from '@aims/api/local';
import {
  createDevIssuer,
  type DevUser,
  ensureTables,
  httpApiEvent,
  lambdaContext,
  localClients,
  localTables,
  startDynamoDbLocal,
} from '@aims/local';

export interface Summary {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(at(1)), n: samples.length };
}

export function stats(samples: number[]) {
  const s = summarise(samples);
  return `p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  max ${s.max.toFixed(1)} ms  (n=${s.n})`;
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, rows: Record<string, string | number>[]) {
  console.log(`\n${title}`);
  if (!rows.length) return;
  const columns = Object.keys(rows[0] ?? {});
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(width[i] ?? 0) : cell.padStart(width[i] ?? 0))).join('  ');
  console.log(line(columns));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c] ?? ''))));
}

export const machine = () => ({
  node: process.version,
  platform: `${process.platform}/${process.arch}`,
  cpus: (globalThis as any).navigator?.hardwareConcurrency ?? null,
});

export type Gql = (query: string, variables?: Record<string, unknown>) => Promise<any>;

export async function benchStack() {
  const dynamo = await startDynamoDbLocal();
  const clients = localClients(dynamo.endpoint);
  const tables = localTables(`bench${randomBytes(3).toString('hex')}-`);
  await ensureTables(clients.raw, tables);
  const issuer = await createDevIssuer('https://bench.local/', 'bench');
  const deps = localDeps({ endpoint: dynamo.endpoint, tables, issuer, clients });
  const handler = createApiHandler(deps);
  const demo = await seedDemo(deps);
  const counter = { calls: 0, items: 0, byCommand: new Map<string, number>() };
  const count = (next: any, context: any) => async (args: any) => {
    counter.calls++;
    const name = String(context.commandName ?? 'unknown');
    counter.byCommand.set(name, (counter.byCommand.get(name) ?? 0) + 1);
    const result = await next(args);
    // Items read: a request count can stay flat while each request returns the whole register.
    const out = result?.output ?? {};
    if (typeof out.Count === 'number') counter.items += out.Count;
    else if (out.Item) counter.items += 1;
    else if (out.Responses && !Array.isArray(out.Responses))
      for (const list of Object.values(out.Responses)) counter.items += (list as unknown[]).length;
    return result;
  };
  clients.doc.middlewareStack.add(count as any, { step: 'initialize', name: 'benchCounter' });
  clients.raw.middlewareStack.add(count as any, { step: 'initialize', name: 'benchCounter' });

  /** A GraphQL client through the real Lambda handler; throws on any GraphQL error. */
  async function client(user: DevUser, tenantId: string): Promise<Gql> {
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

  /** DynamoDB calls made by one run of `fn`, by command, and the items they returned. */
  async function callsOf(fn: () => Promise<unknown>) {
    counter.calls = 0;
    counter.items = 0;
    counter.byCommand.clear();
    await fn();
    return { calls: counter.calls, items: counter.items, byCommand: Object.fromEntries(counter.byCommand) };
  }

  return {
    demo,
    deps,
    clients,
    tables,
    issuer,
    client,
    measure,
    callsOf,
    stop: () => dynamo.stop(),
  };
}

export type BenchStack = Awaited<ReturnType<typeof benchStack>>;

/** Runs tasks with at most `limit` in flight. */
export async function inParallel<T>(
  count: number,
  limit: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}
