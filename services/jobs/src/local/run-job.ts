// `pnpm jobs:run <job> [period]`: the dispatcher and the worker, in process, the
// way the schedule and the queue would run them in AWS. With DYNAMODB_ENDPOINT
// it works on the tables of a running local stack (`DYNAMODB_PORT=8000 pnpm dev`,
// then `DYNAMODB_ENDPOINT=http://127.0.0.1:8000 pnpm jobs:run review-reminders`);
// without, it starts its own DynamoDB Local with the demo organisations and some
// overdue work. Queue, event bus and portfolio sink are in memory; what the run
// published and reported to the portfolio is printed.
import { randomUUID } from 'node:crypto';
import { DEMO_USERS, localDeps, seedDemo } from '@aims/api/local';
import { DynamoControlPlaneRepository, PassThroughClientProvider } from '@aims/data';
import {
  createDevIssuer,
  ensureTables,
  localClients,
  localTables,
  type RunningDynamoDbLocal,
  startDynamoDbLocal,
} from '@aims/local';
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { dispatchJob } from '../dispatch';
import { InMemoryEventPublisher } from '../events';
import { InMemoryJobQueue } from '../job-queue';
import { JobRunStore } from '../job-runs';
import { InMemoryPortfolioSink } from '../portfolio';
import { processJobBatch } from '../work';
import { seedOverdueWork } from './overdue-work';

const USAGE = 'usage: pnpm jobs:run <job> [period]   e.g. pnpm jobs:run review-reminders 2026-03-15';

async function main() {
  const [job, period] = process.argv.slice(2).filter((a) => a !== '--');
  if (!job || job === '--help') {
    console.log(USAGE);
    return;
  }
  const logger = new Logger({
    serviceName: 'aims-jobs',
    logLevel: (process.env.LOG_LEVEL ?? 'WARN') as 'WARN',
  });
  const clock = { now: () => new Date() };
  const ids = { next: () => randomUUID() };
  const dynamo: RunningDynamoDbLocal | undefined = process.env.DYNAMODB_ENDPOINT
    ? undefined
    : await startDynamoDbLocal();
  const endpoint = dynamo?.endpoint ?? (process.env.DYNAMODB_ENDPOINT as string);
  try {
    const tables = localTables(process.env.AIMS_TABLE_PREFIX ?? 'aims-local-');
    const clients = localClients(endpoint);
    if (dynamo) {
      await ensureTables(clients.raw, tables);
      const issuer = await createDevIssuer('http://localhost/', 'aims-local');
      const demo = await seedDemo(localDeps({ endpoint, tables, issuer, clients }));
      const today = clock.now().toISOString().slice(0, 10);
      const alex = { userId: DEMO_USERS.alex.sub, role: 'AIMS_MANAGER' } as const;
      await seedOverdueWork(
        demo.tenants.acme,
        alex,
        { clients: new PassThroughClientProvider(clients.doc), clock, ids },
        today,
      );
      console.log(
        `Started DynamoDB Local at ${endpoint} with the demo organisations and overdue work for Acme Health.`,
      );
    }

    const controlPlane = new DynamoControlPlaneRepository(clients.doc, tables.controlPlane);
    const queue = new InMemoryJobQueue();
    const dispatched = await dispatchJob(
      { job, ...(period ? { period } : {}) },
      { controlPlane, queue, clock, logger },
    );
    console.log(
      `Dispatched ${dispatched.job} for ${dispatched.period} to ${dispatched.tenants} active tenant(s).`,
    );

    const events = new InMemoryEventPublisher();
    const portfolio = new InMemoryPortfolioSink();
    const runs = new JobRunStore(clients.doc, tables.controlPlane);
    const deps = {
      controlPlane,
      runs,
      clients: new PassThroughClientProvider(clients.doc),
      events,
      portfolio,
      clock,
      ids,
      logger,
    };
    // Batches of ten, as the SQS event source delivers them.
    for (let i = 0; i < queue.messages.length; i += 10) {
      const batch = queue.messages.slice(i, i + 10);
      const result = await processJobBatch(sqsEvent(batch, i), deps);
      for (const [j, message] of batch.entries()) {
        const failed = result.batchItemFailures.some((f) => f.itemIdentifier === `local-${i + j}`);
        const record = await runs.get(message);
        const tenant = (await controlPlane.getTenant(message.tenantId))?.name ?? message.tenantId;
        console.log(
          `  ${tenant.padEnd(24)} ${failed ? 'FAILED' : (record?.status ?? '?')}  ${JSON.stringify(record?.outcome ?? record?.error ?? {})}`,
        );
      }
    }
    for (const event of events.published) {
      console.log(`Event ${event.detailType}: ${JSON.stringify(event.detail)}`);
    }
    if (!events.published.length)
      console.log('No events published (runs already done for this period, no change, or no tenants).');
    for (const [tenantId, r] of portfolio.readiness) {
      console.log(`Portfolio readiness ${tenantId}: ${JSON.stringify(r)}`);
    }
    for (const [tenantId, o] of portfolio.overdue) {
      console.log(`Portfolio overdue ${tenantId}: ${JSON.stringify(o)}`);
    }
  } finally {
    await dynamo?.stop();
  }
}

function sqsEvent(bodies: readonly unknown[], offset: number): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `local-${offset + i}`,
      receiptHandle: `local-${offset + i}`,
      body: JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:aims-local-jobs',
      awsRegion: 'local',
    })),
  };
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
