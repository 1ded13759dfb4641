import { SendMessageBatchCommand, SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobMessage } from './catalogue';
import { SqsJobQueue, type SqsJobQueueOptions } from './job-queue';

const sqs = mockClient(SQSClient);
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/aims-dev-jobs';
const noSleep = async (_ms: number) => {};
const messages = (n: number): JobMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    tenantId: `t-${i}`,
    job: 'review-reminders',
    period: '2026-03-15',
  }));
const queue = (options: SqsJobQueueOptions = {}, sleep = noSleep) =>
  new SqsJobQueue(new SQSClient({ region: 'eu-west-1' }), queueUrl, sleep, options);
const tenantsOf = (call: number) =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    [call]?.args[0].input.Entries?.map((e) => JSON.parse(e.MessageBody ?? '').tenantId);
const throttled = () =>
  new SQSServiceException({
    name: 'RequestThrottled',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: 'Rate exceeded',
  });
const sentBodies = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => c.args[0].input.Entries?.map((e) => e.MessageBody) ?? []);

afterEach(() => sqs.reset());

describe('SqsJobQueue', () => {
  it('sends in batches of at most ten, one message per tenant', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await queue().send(messages(23));
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.args[0].input.QueueUrl === queueUrl)).toBe(true);
    expect(
      sentBodies()
        .map((b) => JSON.parse(b ?? ''))
        .map((m) => m.tenantId),
    ).toEqual(messages(23).map((m) => m.tenantId));
  });

  it('sends nothing for no tenants', async () => {
    await queue().send([]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('needs ceil(n / 10) calls when nothing fails', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    for (const n of [1, 10, 11, 99, 1000]) {
      sqs.resetHistory();
      await queue().send(messages(n));
      expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(Math.ceil(n / 10));
    }
  });

  it('keeps at most ten calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    sqs.on(SendMessageBatchCommand).callsFake(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return { Failed: [] };
    });
    await queue().send(messages(250));
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(25);
    expect(most).toBe(10);
  });

  it('resends only the entries SQS failed', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Failed: [] });
    await queue().send(messages(3));
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
    expect(tenantsOf(1)).toEqual(['t-1']);
  });

  it('packs the failures of every batch into one retry call, not one per batch', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false }] })
      .resolvesOnce({ Failed: [{ Id: 'm15', Code: 'InternalError', SenderFault: false }] })
      .resolvesOnce({ Failed: [{ Id: 'm27', Code: 'ServiceUnavailable', SenderFault: false }] })
      .resolves({ Failed: [] });
    await queue().send(messages(30));
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3 + 1);
    expect(tenantsOf(3)).toEqual(['t-1', 't-15', 't-27']);
  });

  it('backs off between cycles and gives up on entries SQS keeps failing, so the schedule’s retry dispatches again', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: 'm0', Code: 'InternalError', SenderFault: false }] });
    const slept: number[] = [];
    await expect(
      queue({}, async (ms) => {
        slept.push(ms);
      }).send(messages(1)),
    ).rejects.toThrow(/after 5 attempts/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(5);
    expect(slept).toEqual([100, 200, 400, 800]);
  });

  it('bounds the attempts as configured', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: 'm0', Code: 'InternalError', SenderFault: false }] });
    await expect(queue({ maxAttempts: 2 }).send(messages(1))).rejects.toThrow(/after 2 attempts/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });

  it('resends a whole call SQS throttled in the next cycle', async () => {
    sqs.on(SendMessageBatchCommand).rejectsOnce(throttled()).resolves({ Failed: [] });
    await queue().send(messages(25));
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3 + 1);
    expect(tenantsOf(3)).toEqual(messages(10).map((m) => m.tenantId));
  });

  it('fails at once on an error a retry cannot fix', async () => {
    sqs.on(SendMessageBatchCommand).rejects(
      new SQSServiceException({
        name: 'QueueDoesNotExist',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'The specified queue does not exist.',
      }),
    );
    await expect(queue().send(messages(5))).rejects.toThrow(/does not exist/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('fails at once on a sender fault, which a retry cannot fix', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: 'm0', Code: 'InvalidMessageContents', SenderFault: true }] });
    await expect(queue().send(messages(2))).rejects.toThrow(/InvalidMessageContents/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('starts no further call after a sender fault', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: 'm0', Code: 'InvalidMessageContents', SenderFault: true }] })
      .resolves({ Failed: [] });
    await expect(queue({ maxInFlight: 2 }).send(messages(100))).rejects.toThrow(/InvalidMessageContents/);
    // The call already in flight beside the faulty one finishes; nothing new starts.
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });
});
