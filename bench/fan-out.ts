// Fan-out benchmark: every scheduled job's dispatcher over 1,000 and 10,000
// ACTIVE tenants in a control plane on DynamoDB Local, with the real repository
// and SqsJobQueue over a mocked SQS client. Counts DynamoDB requests and
// SendMessageBatch calls with no failures, with ~5 % of entries failed
// (retryable), and with one whole call throttled. Prints figures; asserts nothing.
import { pathToFileURL } from 'node:url';
import { type Tenant, Tenants, toStoredItem } from '@aims/core';
import { controlPlaneTable, createDocumentClient, DynamoControlPlaneRepository } from '@aims/data';
import { JOB_NAMES } from '@aims/jobs/catalogue';
import { type DispatchDeps, dispatchJob } from '@aims/jobs/dispatch';
import { SqsJobQueue } from '@aims/jobs/job-queue';
import { startDynamoDbLocal } from '@aims/local';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  type SendMessageBatchCommandOutput,
  SQSClient,
  SQSServiceException,
} from '@aws-sdk/client-sqs';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

const TENANT_COUNTS = (process.env.BENCH_TENANTS ?? '1000,10000').split(',').map(Number);
// Call counts are deterministic; time is the median of a few rounds (DynamoDB Local is noisy).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FAILURE_RATE = 0.05;
const SQS_LATENCY_MS = Number(process.env.BENCH_SQS_LATENCY_MS ?? 0);
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/aims-bench-jobs';
const PERIOD = '2026-03-15';

type Scenario = 'no failures' | '5% entries fail' | 'one call throttled';
const SCENARIOS: Scenario[] = ['no failures', '5% entries fail', 'one call throttled'];

interface Row {
  tenants: number;
  job: string;
  scenario: Scenario;
  dynamoCalls: number;
  sqsCalls: number;
  maxInFlight: number;
  delivered: number;
  distinctTenants: number;
  ms: number;
  error?: string;
}

// Same sequence on every run, so before/after figures compare like with like.
function seededRandom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fake SendMessageBatch that records what it accepted and fails entries as the scenario says. */
function fakeSqs(scenario: Scenario) {
  const random = seededRandom(42);
  const seen = new Set<string>();
  const accepted: string[] = [];
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const handler = async (input: SendMessageBatchCommandInput): Promise<SendMessageBatchCommandOutput> => {
    const call = ++calls;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // A turn of the event loop (or BENCH_SQS_LATENCY_MS) stands for the network, so calls overlap.
    await new Promise((r) => (SQS_LATENCY_MS ? setTimeout(r, SQS_LATENCY_MS) : setImmediate(r)));
    inFlight--;
    if (scenario === 'one call throttled' && call === 3) {
      throw new SQSServiceException({
        name: 'RequestThrottled',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'Rate exceeded',
      });
    }
    const Successful: NonNullable<SendMessageBatchCommandOutput['Successful']> = [];
    const Failed: NonNullable<SendMessageBatchCommandOutput['Failed']> = [];
    for (const entry of input.Entries ?? []) {
      const body = entry.MessageBody ?? '';
      // Only a message's first attempt can fail: a retry goes through.
      const fails = scenario === '5% entries fail' && !seen.has(body) && random() < FAILURE_RATE;
      seen.add(body);
      if (fails) {
        Failed.push({ Id: entry.Id, Code: 'InternalError', SenderFault: false });
      } else {
        accepted.push(body);
        Successful.push({ Id: entry.Id, MessageId: `id-${accepted.length}`, MD5OfMessageBody: '' });
      }
    }
    return { Successful, Failed, $metadata: {} };
  };
  return {
    handler,
    get calls() {
      return calls;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    accepted,
  };
}

/** BatchWrite 25 items a call, a few calls in flight, resending unprocessed items. */
async function writeActiveTenants(doc: DynamoDBDocumentClient, table: string, from: number, to: number) {
  const items = Array.from({ length: to - from }, (_, i) => {
    const id = `bench-${String(from + i).padStart(6, '0')}`;
    const tenant: Tenant = {
      id,
      name: `Bench tenant ${id}`,
      tier: 'SELF_SERVICE',
      status: 'ACTIVE',
      consultancyId: null,
      tableName: 'bench-pooled',
      createdAt: '2026-01-01T00:00:00.000Z',
      version: 1,
    };
    return toStoredItem(Tenants, null, tenant);
  });
  const chunks: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] ?? [];
      let request = { [table]: chunk.map((Item) => ({ PutRequest: { Item } })) };
      for (let attempt = 0; request[table]?.length; attempt++) {
        if (attempt > 8) throw new Error('BatchWrite kept returning unprocessed items');
        const out = await doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = (out.UnprocessedItems ?? {}) as typeof request;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export async function fanOutBench(): Promise<Record<string, unknown>> {
  const dynamo = await startDynamoDbLocal();
  const config = {
    endpoint: dynamo.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const raw = new DynamoDBClient(config);
  const doc = createDocumentClient(config);
  const table = `bench-fanout-${Date.now().toString(36)}-control-plane`;
  const dynamoCalls = { n: 0 };
  doc.middlewareStack.add(
    (next) => async (args) => {
      dynamoCalls.n++;
      return next(args);
    },
    { step: 'initialize' },
  );
  const sqsClient = new SQSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const sqs = mockClient(sqsClient);
  const logger = { info: () => {} } as unknown as DispatchDeps['logger'];
  const rows: Row[] = [];
  const seeding: Record<string, number> = {};
  async function runOnce(
    controlPlane: DynamoControlPlaneRepository,
    tenants: number,
    job: (typeof JOB_NAMES)[number],
    scenario: Scenario,
  ): Promise<Row> {
    const fake = fakeSqs(scenario);
    sqs.reset();
    sqs.on(SendMessageBatchCommand).callsFake(fake.handler);
    const queue = new SqsJobQueue(sqsClient, QUEUE_URL, async () => {});
    dynamoCalls.n = 0;
    const start = performance.now();
    let error: string | undefined;
    try {
      await dispatchJob(
        { job, period: PERIOD },
        { controlPlane, queue, clock: { now: () => new Date() }, logger },
      );
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const ms = Math.round(performance.now() - start);
    return {
      tenants,
      job,
      scenario,
      dynamoCalls: dynamoCalls.n,
      sqsCalls: fake.calls,
      maxInFlight: fake.maxInFlight,
      delivered: fake.accepted.length,
      distinctTenants: new Set(fake.accepted.map((b) => JSON.parse(b).tenantId)).size,
      ms,
      ...(error ? { error } : {}),
    };
  }

  try {
    await raw.send(new CreateTableCommand(controlPlaneTable(table)));
    const controlPlane = new DynamoControlPlaneRepository(doc, table);
    let written = 0;
    for (const tenants of TENANT_COUNTS) {
      const t0 = performance.now();
      await writeActiveTenants(doc, table, written, tenants);
      seeding[`${tenants}`] = Math.round(performance.now() - t0);
      written = tenants;
      // One unrecorded run first: DynamoDB Local's JVM and V8 warm up on it.
      await runOnce(controlPlane, tenants, JOB_NAMES[0], 'no failures');
      for (const job of JOB_NAMES) {
        for (const scenario of SCENARIOS) {
          const runs: Row[] = [];
          for (let r = 0; r < ROUNDS; r++) runs.push(await runOnce(controlPlane, tenants, job, scenario));
          const times = runs.map((run) => run.ms).sort((a, b) => a - b);
          const last = runs.at(-1) as Row;
          rows.push({ ...last, ms: times[Math.floor(times.length / 2)] ?? last.ms });
        }
      }
    }
  } finally {
    sqs.restore();
    await dynamo.stop();
  }

  console.log(
    `Fan-out — dispatcher over ACTIVE tenants, DynamoDB Local, SQS mocked, median of ${ROUNDS}, node ${process.version}`,
  );
  console.log(
    `seeding (BatchWrite): ${Object.entries(seeding)
      .map(([n, ms]) => `${n} tenants ${ms} ms`)
      .join(', ')}`,
  );
  console.log(
    `${'tenants'.padStart(7)}  ${'job'.padEnd(16)}  ${'scenario'.padEnd(18)}  ${'DynamoDB'.padStart(8)}  ${'SQS'.padStart(5)}  ${'in flight'.padStart(9)}  ${'delivered'.padStart(9)}  ${'ms'.padStart(6)}`,
  );
  for (const r of rows) {
    console.log(
      `${String(r.tenants).padStart(7)}  ${r.job.padEnd(16)}  ${r.scenario.padEnd(18)}  ${String(r.dynamoCalls).padStart(8)}  ${String(r.sqsCalls).padStart(5)}  ${String(r.maxInFlight).padStart(9)}  ${String(r.delivered).padStart(9)}  ${String(r.ms).padStart(6)}${r.error ? `  FAILED: ${r.error}` : ''}`,
    );
  }
  const goals = rows
    .filter((r) => r.scenario === 'no failures')
    .map((r) => {
      const limit = r.tenants / 10 + 1;
      const met = !r.error && r.sqsCalls <= limit && r.distinctTenants === r.tenants;
      return { tenants: r.tenants, job: r.job, sqsCalls: r.sqsCalls, limit, met };
    });
  for (const g of goals) {
    console.log(
      `goal ${g.job} @ ${g.tenants}: SQS calls ${g.sqsCalls} ≤ tenants/10 + 1 = ${g.limit}, every tenant once … ${g.met ? 'met' : 'NOT met'}`,
    );
  }
  return {
    node: process.version,
    rounds: ROUNDS,
    failureRate: FAILURE_RATE,
    seedingMs: seeding,
    rows,
    goals,
  };
}

// `pnpm bench:fanout` runs this file alone; bench/run.ts may import fanOutBench.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  fanOutBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
