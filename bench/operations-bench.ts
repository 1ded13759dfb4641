// Sections 1 and 2: each representative operation through the real Lambda
// handler against DynamoDB Local, next to its DynamoDB floor in the same run
// (ratio at p50), and the DynamoDB requests per operation at 10, 1,000 and
// 5,000 records.
import { DEMO_USERS } from '@aims/api/local';
import { type ScaleTenant, seedScaleTenant } from './dataset';
import { createRiskVariables, type FloorContext, OPERATIONS, type Operation } from './operations';
import { type BenchStack, benchStack, printTable, summarise } from './support';

const SCALES = (process.env.BENCH_SCALES ?? '10,1000,5000').split(',').map(Number);
const RATIO_SCALE = Number(process.env.BENCH_RATIO_SCALE ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARM_UP = 5;

/** Pages are full from the second scale on, so only growth between the two largest scales is growth in records. */
function growth(calls: Record<number, number>): string {
  const [a, b] = SCALES.slice(-2) as [number, number];
  return (calls[b] ?? 0) > (calls[a] ?? 0) ? 'YES' : 'no';
}

function floorContext(stack: BenchStack, scale: ScaleTenant): FloorContext {
  return {
    doc: stack.clients.doc,
    controlTable: stack.tables.controlPlane,
    tenantTable: scale.tenant.tableName,
    tenantId: scale.tenant.id,
    userId: DEMO_USERS.alex.sub,
    aiSystemId: scale.systemIds[0] ?? '',
    ownerId: DEMO_USERS.rafa.sub,
  };
}

function apiRun(
  op: Operation,
  gql: (q: string, v?: Record<string, unknown>) => Promise<unknown>,
  f: FloorContext,
) {
  const variables = op.name.startsWith('create risk') ? createRiskVariables(f) : op.variables;
  return () => gql(op.query, variables?.() ?? {});
}

export async function operationsBench() {
  const stack = await benchStack();
  try {
    const started = performance.now();
    const tenants = new Map<number, ScaleTenant>();
    for (const n of [...new Set([...SCALES, RATIO_SCALE])]) tenants.set(n, await seedScaleTenant(stack, n));
    const seedSeconds = (performance.now() - started) / 1000;
    console.log(`\nSeeded ${[...tenants.keys()].join(', ')}-record tenants in ${seedSeconds.toFixed(0)} s`);

    // Section 1: API vs floor, interleaved so machine noise hits both alike.
    const ratioTenant = tenants.get(RATIO_SCALE) as ScaleTenant;
    const f = floorContext(stack, ratioTenant);
    const gql = await stack.client(DEMO_USERS.alex, ratioTenant.tenant.id);
    const versus = [];
    for (const op of OPERATIONS) {
      const api = apiRun(op, gql, f);
      for (let i = 0; i < WARM_UP; i++) {
        await api();
        await op.floor(f);
      }
      const apiTimes: number[] = [];
      const floorTimes: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        let t0 = performance.now();
        await api();
        apiTimes.push(performance.now() - t0);
        t0 = performance.now();
        await op.floor(f);
        floorTimes.push(performance.now() - t0);
      }
      const a = summarise(apiTimes);
      const b = summarise(floorTimes);
      versus.push({
        operation: op.name,
        api: a,
        floor: b,
        ratioP50: Math.round((a.p50 / b.p50) * 100) / 100,
      });
    }
    printTable(
      `1. Operation vs DynamoDB floor — ${RATIO_SCALE} AI systems and ${RATIO_SCALE} risks, ${ROUNDS} rounds after ${WARM_UP} warm-up (goal: ratio ≤ 1.5 at p50)`,
      versus.map((v) => ({
        operation: v.operation,
        'api p50': v.api.p50.toFixed(1),
        'api p95': v.api.p95.toFixed(1),
        'floor p50': v.floor.p50.toFixed(1),
        'floor p95': v.floor.p95.toFixed(1),
        'ratio p50': v.ratioP50.toFixed(2),
        goal: v.ratioP50 <= 1.5 ? 'ok' : 'MISSED',
      })),
    );

    // Section 2: DynamoDB requests per operation as the data grows.
    const roundTrips: { operation: string; api: Record<number, number>; floor: Record<number, number> }[] =
      OPERATIONS.map((op) => ({ operation: op.name, api: {}, floor: {} }));
    for (const n of SCALES) {
      const scale = tenants.get(n) as ScaleTenant;
      const fc = floorContext(stack, scale);
      const client = await stack.client(DEMO_USERS.alex, scale.tenant.id);
      for (const [i, op] of OPERATIONS.entries()) {
        const api = apiRun(op, client, fc);
        await api();
        const row = roundTrips[i] as (typeof roundTrips)[number];
        row.api[n] = (await stack.callsOf(api)).calls;
        row.floor[n] = (await stack.callsOf(() => op.floor(fc))).calls;
      }
    }
    printTable(
      `2. DynamoDB requests per operation (API / floor) at ${SCALES.join(', ')} records (goal: no growth beyond pagination)`,
      roundTrips.map((r) => ({
        operation: r.operation,
        ...Object.fromEntries(SCALES.map((n) => [`@${n}`, `${r.api[n]} / ${r.floor[n]}`])),
        grows: growth(r.api),
      })),
    );
    return { seedSeconds, ratioScale: RATIO_SCALE, rounds: ROUNDS, versusFloor: versus, roundTrips };
  } finally {
    await stack.stop();
  }
}
