// The worker against DynamoDB Local with EventBridge mocked: a run writes the
// tenant's reminders and publishes one event; the same message again changes
// nothing; a failed record is reported alone and can be retried.
import { randomUUID } from 'node:crypto';
import {
  acceptResidualRisk,
  assessResidualRisk,
  createRisk,
  REMINDER_KINDS,
  Risks,
  type Tenant,
  treatRisk,
} from '@aims/core';
import { PassThroughClientProvider, tenantStore } from '@aims/data';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobMessage } from '../src/catalogue';
import { EventBridgePublisher } from '../src/events';
import { JobRunStore, jobRunKey, STALE_AFTER_MS } from '../src/job-runs';
import { seedOverdueWork } from '../src/local/overdue-work';
import { InMemoryPortfolioSink } from '../src/portfolio';
import { createWorkerHandler } from '../src/work';

/** §3.14: every kind is counted, zero where none is due. */
const NONE_BY_KIND = Object.fromEntries(REMINDER_KINDS.map((k) => [k, 0]));

import {
  counter,
  createJobsTestEnv,
  fixedClock,
  lambdaContext,
  MANAGER,
  silentLogger,
  sqsEvent,
} from './support';

const events = mockClient(EventBridgeClient);
const PERIOD = '2026-03-15';
let env: Awaited<ReturnType<typeof createJobsTestEnv>>;
let managed: Tenant;
let pooled: Tenant;
let work: Awaited<ReturnType<typeof seedOverdueWork>>;
/** Every write command the shared client sends, with its table. */
const writes: { command: string; table: string }[] = [];

beforeAll(async () => {
  env = await createJobsTestEnv();
  env.clients.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string; TransactItems?: unknown[] };
      if (/Put|Update|Delete|Write/.test(context.commandName ?? '')) {
        writes.push({ command: context.commandName ?? '', table: input.TableName ?? 'transaction' });
      }
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );
  managed = await env.addTenant({ tier: 'MANAGED' });
  pooled = await env.addTenant({ tier: 'SELF_SERVICE' });
  const seedDeps = {
    clients: new PassThroughClientProvider(env.clients.doc),
    clock: fixedClock('2026-03-01T09:00:00.000Z'),
    ids: { next: () => randomUUID() },
  };
  work = await seedOverdueWork(managed, MANAGER, seedDeps, PERIOD);
  await seedOverdueWork(pooled, MANAGER, seedDeps, PERIOD);
});

beforeEach(() => {
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  writes.length = 0;
});

afterEach(() => events.reset());

const clock = fixedClock('2026-03-15T05:01:00.000Z');
let portfolio = new InMemoryPortfolioSink();
beforeEach(() => {
  portfolio = new InMemoryPortfolioSink();
});

function worker() {
  return createWorkerHandler({
    controlPlane: env.controlPlane,
    runs: new JobRunStore(env.clients.doc, env.tables.controlPlane),
    clients: new PassThroughClientProvider(env.clients.doc),
    events: new EventBridgePublisher(new EventBridgeClient({ region: 'eu-west-1' }), 'aims-test-events'),
    portfolio,
    clock,
    ids: counter('claim'),
    logger: silentLogger(),
  });
}

const message = (tenantId: string, period = PERIOD): JobMessage => ({
  tenantId,
  job: 'review-reminders',
  period,
});

async function reminders(tenant: Tenant, period = PERIOD) {
  const out = await env.clients.doc.send(
    new QueryCommand({
      TableName: tenant.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `T#${tenant.id}#REMINDER#${period}` },
    }),
  );
  return out.Items ?? [];
}

const run = (m: JobMessage) => new JobRunStore(env.clients.doc, env.tables.controlPlane).get(m);
const publishedDetails = () =>
  events.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);

describe('worker', () => {
  it('writes each tenant’s reminders to its own table and publishes one event per tenant', async () => {
    const result = await worker()(sqsEvent([message(managed.id), message(pooled.id)]), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });

    for (const tenant of [managed, pooled]) {
      const items = await reminders(tenant);
      expect(items.map((i) => i.SK).sort()).toEqual(
        tenant === managed
          ? [
              `ACTION_OVERDUE#${work.overdueAction.id}`,
              // §3.14: the finished action has no effectiveness check yet.
              `EFFECTIVENESS_VERIFICATION_DUE#${work.finishedAction.id}`,
              `RISK_REVIEW_OVERDUE#${work.staleRisk.id}`,
            ]
          : [
              expect.stringMatching(/^ACTION_OVERDUE#/),
              expect.stringMatching(/^EFFECTIVENESS_VERIFICATION_DUE#/),
              expect.stringMatching(/^RISK_REVIEW_OVERDUE#/),
            ],
      );
      expect(items.every((i) => i.tenantId === tenant.id && i.period === PERIOD)).toBe(true);
      expect(await run(message(tenant.id))).toMatchObject({
        status: 'DONE',
        completedAt: '2026-03-15T05:01:00.000Z',
        outcome: {
          reminders: 3,
          created: 3,
          byKind: { RISK_REVIEW_OVERDUE: 1, ACTION_OVERDUE: 1, EFFECTIVENESS_VERIFICATION_DUE: 1 },
        },
      });
    }
    const managedItem = (await reminders(managed)).find((i) => i.kind === 'RISK_REVIEW_OVERDUE');
    expect(managedItem).toMatchObject({
      entityId: work.staleRisk.id,
      title: work.staleRisk.title,
      ownerId: MANAGER.userId,
      dueDate: '2026-03-05',
      daysOverdue: 10,
      // §3.14: versioned for dismissal, open, and deleted by DynamoDB TTL 90 days after the period.
      version: 1,
      dismissal: null,
      expiresAt: Date.parse(`${PERIOD}T00:00:00Z`) / 1000 + 90 * 86_400,
      GSI2PK: `T#${managed.id}#REMINDERS#OPEN`,
    });

    const published = publishedDetails();
    expect(published).toHaveLength(2);
    for (const entry of published) {
      expect(entry).toMatchObject({
        EventBusName: 'aims-test-events',
        Source: 'aims.jobs',
        DetailType: 'ReviewRemindersIssued',
      });
    }
    expect(published.map((e) => JSON.parse(e.Detail ?? '{}'))).toEqual(
      expect.arrayContaining(
        [managed, pooled].map((t) => ({
          runKey: `${t.id}/review-reminders/${PERIOD}`,
          tenantId: t.id,
          period: PERIOD,
          reminders: 3,
          created: 3,
          byKind: {
            ...NONE_BY_KIND,
            RISK_REVIEW_OVERDUE: 1,
            ACTION_OVERDUE: 1,
            EFFECTIVENESS_VERIFICATION_DUE: 1,
          },
        })),
      ),
    );
    // §3.16: each client's overdue counts of the day go to the portfolio.
    for (const t of [managed, pooled]) {
      expect(portfolio.overdue.get(t.id)).toEqual({
        day: PERIOD,
        byKind: {
          ...NONE_BY_KIND,
          RISK_REVIEW_OVERDUE: 1,
          ACTION_OVERDUE: 1,
          EFFECTIVENESS_VERIFICATION_DUE: 1,
        },
      });
    }
  });

  it('changes nothing and publishes nothing when the same messages come again', async () => {
    const before = {
      managed: await reminders(managed),
      pooled: await reminders(pooled),
      runs: [await run(message(managed.id)), await run(message(pooled.id))],
    };
    writes.length = 0;
    clock.set('2026-03-15T05:40:00.000Z');
    const result = await worker()(sqsEvent([message(managed.id), message(pooled.id)]), lambdaContext());
    clock.set('2026-03-15T05:01:00.000Z');

    expect(result).toEqual({ batchItemFailures: [] });
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
    // Only the two claim attempts, both refused by their condition.
    expect(writes).toEqual([
      { command: 'PutItemCommand', table: env.tables.controlPlane },
      { command: 'PutItemCommand', table: env.tables.controlPlane },
    ]);
    expect(await reminders(managed)).toEqual(before.managed);
    expect(await reminders(pooled)).toEqual(before.pooled);
    expect([await run(message(managed.id)), await run(message(pooled.id))]).toEqual(before.runs);
  });

  it('reports only the failed record when publishing fails, and a retry then completes it once', async () => {
    const other = await env.addTenant();
    const day = '2026-03-16';
    events.reset();
    events
      .on(PutEventsCommand)
      .callsFake((input: { Entries: { Detail: string }[] }) =>
        JSON.parse(input.Entries[0]?.Detail ?? '{}').tenantId === managed.id
          ? { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] }
          : { FailedEntryCount: 0, Entries: [{ EventId: 'e' }] },
      );
    const result = await worker()(
      sqsEvent([message(other.id, day), message(managed.id, day)]),
      lambdaContext(),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    expect(await run(message(other.id, day))).toMatchObject({ status: 'DONE' });
    expect(await run(message(managed.id, day))).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('InternalFailure'),
    });
    // The reminders written before the failure stay; the retry adds none.
    expect(await reminders(managed, day)).toHaveLength(3);

    events.reset();
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-2' }] });
    const retry = await worker()(sqsEvent([message(managed.id, day)]), lambdaContext());
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(await run(message(managed.id, day))).toMatchObject({
      status: 'DONE',
      outcome: { reminders: 3, created: 0 },
    });
    expect(await reminders(managed, day)).toHaveLength(3);
    expect(publishedDetails()).toHaveLength(1);
  });

  it('§3.14 a duplicate SQS delivery issues the reminders, the event and the portfolio report once', async () => {
    const tenant = await env.addTenant();
    await seedOverdueWork(
      tenant,
      MANAGER,
      { clients: new PassThroughClientProvider(env.clients.doc), clock, ids: { next: () => randomUUID() } },
      PERIOD,
    );
    const result = await worker()(sqsEvent([message(tenant.id), message(tenant.id)]), lambdaContext());
    // The copy finds the run claimed and goes back to the queue; redelivered, it finds it done.
    expect(result.batchItemFailures).toHaveLength(1);
    expect(await worker()(sqsEvent([message(tenant.id)]), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    expect(await reminders(tenant)).toHaveLength(3);
    expect(publishedDetails()).toHaveLength(1);
    expect(portfolio.calls).toEqual([{ kind: 'overdue', tenantId: tenant.id }]);
  });

  it('reports a record that is not a job message, and runs the rest of the batch', async () => {
    const other = await env.addTenant();
    const result = await worker()(
      sqsEvent(['not json', { tenantId: other.id, job: 'no-such-job', period: PERIOD }, message(other.id)]),
      lambdaContext(),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'msg-0' }, { itemIdentifier: 'msg-1' }]);
    expect(await run(message(other.id))).toMatchObject({ status: 'DONE' });
  });

  it('leaves a run another worker holds to the queue’s retry, but takes over one gone stale', async () => {
    const tenant = await env.addTenant();
    const held = message(tenant.id, '2026-03-17');
    const store = new JobRunStore(env.clients.doc, env.tables.controlPlane);
    const claimedAt = new Date(clock.now().getTime() - 60_000);
    expect(await store.claim(held, 'other-worker', claimedAt)).toEqual({
      kind: 'claimed',
      claimId: 'other-worker',
    });

    const busy = await worker()(sqsEvent([held]), lambdaContext());
    expect(busy.batchItemFailures).toEqual([{ itemIdentifier: 'msg-0' }]);
    expect(await run(held)).toMatchObject({ status: 'RUNNING', claimId: 'other-worker' });
    expect(publishedDetails()).toHaveLength(0);

    clock.set(new Date(claimedAt.getTime() + STALE_AFTER_MS + 1000).toISOString());
    const takenOver = await worker()(sqsEvent([held]), lambdaContext());
    clock.set('2026-03-15T05:01:00.000Z');
    expect(takenOver).toEqual({ batchItemFailures: [] });
    expect(await run(held)).toMatchObject({ status: 'DONE', claimId: expect.stringMatching(/^claim-/) });
    // The superseded worker can no longer finish or release the run.
    expect(await store.complete(held, 'other-worker', clock.now(), {})).toBe(false);
    expect(await store.release(held, 'other-worker', 'late')).toBe(false);
  });

  it('records a run for a tenant that is no longer active, without touching its data', async () => {
    const suspended = await env.addTenant({ status: 'SUSPENDED' });
    await seedOverdueWork(
      suspended,
      MANAGER,
      { clients: new PassThroughClientProvider(env.clients.doc), clock, ids: { next: () => randomUUID() } },
      PERIOD,
    );
    const result = await worker()(sqsEvent([message(suspended.id), message('t-unknown')]), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await run(message(suspended.id))).toMatchObject({
      status: 'DONE',
      outcome: { skipped: 'tenant is SUSPENDED' },
    });
    expect(await run(message('t-unknown'))).toMatchObject({ outcome: { skipped: 'tenant is missing' } });
    expect(await reminders(suspended)).toEqual([]);
    expect(publishedDetails()).toHaveLength(0);
  });

  it('X-5 re-opens a residual acceptance that expired before the period as a gap, and a later run leaves it', async () => {
    const tenant = await env.addTenant();
    const store = await tenantStore(tenant, new PassThroughClientProvider(env.clients.doc));
    const deps = {
      store,
      isMember: async (userId: string) => userId === MANAGER.userId,
      clock: fixedClock('2026-03-01T09:00:00.000Z'),
      ids: { next: () => randomUUID() },
    };
    const scope = { tenantId: tenant.id, actorId: MANAGER.userId, role: MANAGER.role };
    const risk = await createRisk(
      scope,
      {
        title: 'Accepted until early March',
        category: 'BIAS_FAIRNESS',
        ownerId: MANAGER.userId,
        likelihood: 3,
        impacts: { ORGANISATION: 2, INDIVIDUALS: 4, GROUPS: 2, SOCIETY: 1 },
        reviewDate: '2027-01-01',
      },
      deps,
    );
    await treatRisk(
      scope,
      { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4'] }] },
      deps,
    );
    const impacts = { ORGANISATION: 1, INDIVIDUALS: 2, GROUPS: 1, SOCIETY: 1 };
    await assessResidualRisk(scope, { id: risk.id, expectedVersion: 2, likelihood: 2, impacts }, deps);
    const accepted = await acceptResidualRisk(
      scope,
      {
        id: risk.id,
        expectedVersion: 3,
        justification: 'Low residual after the fix',
        expiresOn: '2026-03-10',
      },
      deps,
    );
    expect(accepted.gap).toBeNull();

    expect(await worker()(sqsEvent([message(tenant.id)]), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    expect(await store.get(Risks, { id: risk.id })).toMatchObject({ gap: 'ACCEPTANCE_EXPIRED', version: 5 });
    await worker()(sqsEvent([message(tenant.id, '2026-03-16')]), lambdaContext());
    expect((await store.get(Risks, { id: risk.id }))?.version).toBe(5);
  });

  it('keys the run record by tenant, job and period', () => {
    expect(jobRunKey(message('t-1'))).toEqual({ PK: 'JOBRUN#t-1', SK: `review-reminders#${PERIOD}` });
  });
});
