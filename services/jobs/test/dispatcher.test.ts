// The dispatcher against a real control plane on DynamoDB Local, with SQS mocked:
// one message per active tenant, in batches of ten, over several pages.
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatchHandler } from '../src/dispatch';
import { SqsJobQueue } from '../src/job-queue';
import { createJobsTestEnv, fixedClock, lambdaContext, silentLogger } from './support';

const sqs = mockClient(SQSClient);
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/aims-test-jobs';
let env: Awaited<ReturnType<typeof createJobsTestEnv>>;
const active: string[] = [];

beforeAll(async () => {
  env = await createJobsTestEnv();
  for (let i = 0; i < 23; i++)
    active.push((await env.addTenant({ id: `act-${String(i).padStart(2, '0')}` })).id);
  await env.addTenant({ id: 'sus-1', status: 'SUSPENDED' });
  await env.addTenant({ id: 'off-1', status: 'OFFBOARDED' });
  await env.addTenant({ id: 'prov-1', status: 'PROVISIONING' });
});

afterEach(() => sqs.reset());

function dispatcher(pageSize?: number) {
  return createDispatchHandler({
    controlPlane: env.controlPlane,
    queue: new SqsJobQueue(new SQSClient({ region: 'eu-west-1' }), queueUrl, async () => {}),
    clock: fixedClock('2026-03-15T05:00:07.000Z'),
    logger: silentLogger(),
    ...(pageSize ? { pageSize } : {}),
  });
}

const sent = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .map((e) => JSON.parse(e.MessageBody ?? '{}'));

describe('dispatcher', () => {
  it('queues one message per active tenant, in ceil(n / 10) batches, with the day as the period', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    const result = await dispatcher()({ job: 'review-reminders' }, lambdaContext());
    expect(result).toEqual({ job: 'review-reminders', period: '2026-03-15', tenants: 23 });
    expect(sent()).toEqual(
      active.map((tenantId) => ({ tenantId, job: 'review-reminders', period: '2026-03-15' })),
    );
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([
      10, 10, 3,
    ]);
  });

  it('pages through the tenants without losing or repeating one', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    const result = await dispatcher(7)({ job: 'review-reminders' }, lambdaContext());
    expect(result.tenants).toBe(23);
    expect(sent().map((m) => m.tenantId)).toEqual(active);
    // Pages of 7 are sent as they are read: 7, 7, 7, 2.
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([
      7, 7, 7, 2,
    ]);
  });

  it('uses the period it is given, e.g. to re-run a missed day', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    await dispatcher()({ job: 'review-reminders', period: '2026-03-01' }, lambdaContext());
    expect(new Set(sent().map((m) => m.period))).toEqual(new Set(['2026-03-01']));
  });

  it('resends the entries SQS failed in several batches together and still queues every tenant once', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: 'm3', Code: 'InternalError', SenderFault: false }] })
      .resolvesOnce({ Failed: [{ Id: 'm14', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Failed: [] });
    await dispatcher()({ job: 'review-reminders' }, lambdaContext());
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(3 + 1);
    expect(calls[3]?.args[0].input.Entries?.map((e) => JSON.parse(e.MessageBody ?? '').tenantId)).toEqual([
      active[3],
      active[14],
    ]);
    const ids = sent().map((m) => m.tenantId);
    expect(ids).toHaveLength(25);
    expect(new Set(ids)).toEqual(new Set(active));
  });

  it('fails the dispatch on a sender fault, so the schedule reports it', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: 'm0', Code: 'InvalidMessageContents', SenderFault: true }] });
    await expect(dispatcher(7)({ job: 'review-reminders' }, lambdaContext())).rejects.toThrow(
      /InvalidMessageContents/,
    );
  });

  it('rejects an unknown job or a period of the wrong shape before reading anything', async () => {
    await expect(dispatcher()({ job: 'audit-cycle' }, lambdaContext())).rejects.toThrow(
      /invalid dispatch input: job/,
    );
    await expect(
      dispatcher()({ job: 'review-reminders', period: '2026-03' }, lambdaContext()),
    ).rejects.toThrow(/period/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
