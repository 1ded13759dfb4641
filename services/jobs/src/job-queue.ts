// The queue between dispatcher and worker. SQS takes at most ten messages per
// SendMessageBatch and may reject some entries of a batch while accepting the
// rest, so entries are retried on their own; a sender fault (a malformed
// message) will not get better by retrying and fails the dispatch at once.
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { JobMessage } from './catalogue';

export interface JobQueue {
  send(messages: readonly JobMessage[]): Promise<void>;
}

export const SQS_BATCH_SIZE = 10;
const MAX_ATTEMPTS = 5;

export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async send(messages: readonly JobMessage[]): Promise<void> {
    const batches: SendMessageBatchRequestEntry[][] = [];
    for (let i = 0; i < messages.length; i += SQS_BATCH_SIZE) {
      batches.push(
        messages
          .slice(i, i + SQS_BATCH_SIZE)
          .map((m, j) => ({ Id: `m${i + j}`, MessageBody: JSON.stringify(m) })),
      );
    }
    await Promise.all(batches.map((batch) => this.sendBatch(batch)));
  }

  private async sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; pending.length; attempt++) {
      const out = await this.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      );
      const failed = out.Failed ?? [];
      const fatal = failed.filter((f) => f.SenderFault);
      if (fatal.length) {
        throw new Error(`SQS rejected ${fatal.length} message(s): ${fatal.map((f) => f.Code).join(', ')}`);
      }
      const retry = new Set(failed.map((f) => f.Id));
      pending = pending.filter((e) => retry.has(e.Id));
      if (pending.length && attempt >= MAX_ATTEMPTS) {
        throw new Error(`SQS kept failing ${pending.length} message(s) after ${attempt} attempts`);
      }
      if (pending.length) await this.sleep(Math.min(1000, 50 * 2 ** attempt));
    }
  }
}

/** Collects messages in memory: the local runner hands them straight to the worker. */
export class InMemoryJobQueue implements JobQueue {
  readonly messages: JobMessage[] = [];
  async send(messages: readonly JobMessage[]): Promise<void> {
    this.messages.push(...messages);
  }
}
