import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobMessage } from './catalogue';
import { SqsJobQueue } from './job-queue';

const sqs = mockClient(SQSClient);
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/aims-dev-jobs';
const noSleep = async () => {};
const messages = (n: number): JobMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    tenantId: `t-${i}`,
    job: 'review-reminders',
    period: '2026-03-15',
  }));
const queue = () => new SqsJobQueue(new SQSClient({ region: 'eu-west-1' }), queueUrl, noSleep);
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

  it('resends only the entries SQS failed', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: 'm1', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Failed: [] });
    await queue().send(messages(3));
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((e) => JSON.parse(e.MessageBody ?? '').tenantId)).toEqual([
      't-1',
    ]);
  });

  it('gives up on entries SQS keeps failing, so the schedule’s retry dispatches again', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: 'm0', Code: 'InternalError', SenderFault: false }] });
    await expect(queue().send(messages(1))).rejects.toThrow(/after 5 attempts/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(5);
  });

  it('fails at once on a sender fault, which a retry cannot fix', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: 'm0', Code: 'InvalidMessageContents', SenderFault: true }] });
    await expect(queue().send(messages(2))).rejects.toThrow(/InvalidMessageContents/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });
});
