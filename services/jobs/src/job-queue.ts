// The queue between dispatcher and worker. SQS takes at most ten messages per
// SendMessageBatch and may reject some entries of a batch while accepting the
// rest. Retries go by cycle, not by batch: every batch is sent, the retryable
// failures of all of them are gathered, packed ten to a call again and resent
// after a back-off, so a few failures spread over many batches cost a few calls
// rather than one per batch. A sender fault (a malformed message) will not get
// better by retrying and fails the dispatch at once.
import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { JobMessage } from './catalogue';

export interface JobQueue {
  send(messages: readonly JobMessage[]): Promise<void>;
}

export const SQS_BATCH_SIZE = 10;

export interface SqsJobQueueOptions {
  /** Send cycles before giving up; the schedule's retry then dispatches again. */
  maxAttempts?: number;
  /** SendMessageBatch calls in flight at once: enough to hide latency, few enough not to be throttled. */
  maxInFlight?: number;
}

type Entry = SendMessageBatchRequestEntry & { Id: string };

// Whole-call failures worth another cycle. The SDK has already retried them a
// few times; one more cycle later keeps a single throttled call from failing a
// dispatch of thousands of tenants. A call that timed out may have been delivered:
// the duplicate is harmless, the worker's run record makes it a no-op.
const RETRYABLE_ERRORS = new Set(['RequestThrottled', 'ThrottlingException', 'KmsThrottled', 'TimeoutError']);

function isRetryable(error: unknown): boolean {
  const e = error as {
    name?: string;
    $fault?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  return (
    RETRYABLE_ERRORS.has(e?.name ?? '') ||
    Boolean(e?.$retryable) ||
    e?.$fault === 'server' ||
    (e?.$metadata?.httpStatusCode ?? 0) >= 500
  );
}

export class SqsJobQueue implements JobQueue {
  private readonly maxAttempts: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    options: SqsJobQueueOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxInFlight = options.maxInFlight ?? 10;
  }

  async send(messages: readonly JobMessage[]): Promise<void> {
    // Ids are unique across the whole send, so entries of different batches can share a retry call.
    let pending: Entry[] = messages.map((m, i) => ({ Id: `m${i}`, MessageBody: JSON.stringify(m) }));
    for (let attempt = 1; pending.length; attempt++) {
      if (attempt > 1) await this.sleep(Math.min(1000, 50 * 2 ** (attempt - 1)));
      pending = await this.cycle(pending);
      if (pending.length && attempt >= this.maxAttempts) {
        throw new Error(`SQS kept failing ${pending.length} message(s) after ${attempt} attempts`);
      }
    }
  }

  /** Sends every entry once, ten to a call, a bounded number of calls at a time; returns those to retry. */
  private async cycle(entries: Entry[]): Promise<Entry[]> {
    const batches: Entry[][] = [];
    for (let i = 0; i < entries.length; i += SQS_BATCH_SIZE)
      batches.push(entries.slice(i, i + SQS_BATCH_SIZE));
    const retry: Entry[][] = [];
    let fatal: { error: unknown } | undefined;
    let next = 0;
    const lane = async () => {
      // After a fatal failure no new call starts; the ones in flight finish.
      while (!fatal && next < batches.length) {
        const index = next++;
        try {
          retry[index] = await this.sendBatch(batches[index] ?? []);
        } catch (error) {
          fatal ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.maxInFlight, batches.length) }, lane));
    if (fatal) throw fatal.error;
    return retry.flat();
  }

  private async sendBatch(batch: Entry[]): Promise<Entry[]> {
    let out: SendMessageBatchCommandOutput;
    try {
      out = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch }));
    } catch (error) {
      if (isRetryable(error)) return batch;
      throw error;
    }
    const failed = out.Failed ?? [];
    const fatal = failed.filter((f) => f.SenderFault);
    if (fatal.length) {
      throw new Error(`SQS rejected ${fatal.length} message(s): ${fatal.map((f) => f.Code).join(', ')}`);
    }
    const ids = new Set(failed.map((f) => f.Id));
    return batch.filter((e) => ids.has(e.Id));
  }
}

/** Collects messages in memory: the local runner hands them straight to the worker. */
export class InMemoryJobQueue implements JobQueue {
  readonly messages: JobMessage[] = [];
  async send(messages: readonly JobMessage[]): Promise<void> {
    this.messages.push(...messages);
  }
}
