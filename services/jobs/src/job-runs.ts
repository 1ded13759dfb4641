// Idempotency records for (tenant, job, period), kept in the control plane:
// PK=JOBRUN#<tenantId>, SK=<job>#<period>. A conditional Put claims a run; the
// claim id makes sure only the claimant can finish or release it. A run left
// RUNNING by a worker that died may be claimed again once it is older than the
// longest a worker can run.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { JobMessage } from './catalogue';

export type RunStatus = 'RUNNING' | 'DONE' | 'FAILED';

export interface JobRun extends JobMessage {
  status: RunStatus;
  claimId: string;
  claimedAt: string;
  completedAt?: string;
  outcome?: Record<string, unknown>;
  error?: string;
}

export type Claim =
  | { kind: 'claimed'; claimId: string }
  | { kind: 'done'; run: JobRun }
  | { kind: 'busy'; run: JobRun };

/** Longer than the worker's 5-minute timeout, so a live run is never taken over. */
export const STALE_AFTER_MS = 15 * 60_000;
/** Records outlive any period a job could be re-run for by hand. */
const RETENTION_DAYS = 400;

// By name: the SDK error class may come from another copy of the client package.
export const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

export const jobRunKey = (m: JobMessage) => ({ PK: `JOBRUN#${m.tenantId}`, SK: `${m.job}#${m.period}` });

export class JobRunStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(message: JobMessage, claimId: string, now: Date): Promise<Claim> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...jobRunKey(message),
            entity: 'JobRun',
            ...message,
            status: 'RUNNING',
            claimId,
            claimedAt: now.toISOString(),
            ttl: Math.floor(now.getTime() / 1000) + RETENTION_DAYS * 86_400,
          },
          ConditionExpression:
            'attribute_not_exists(PK) OR #status = :failed OR (#status = :running AND claimedAt < :staleBefore)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':failed': 'FAILED',
            ':running': 'RUNNING',
            ':staleBefore': new Date(now.getTime() - STALE_AFTER_MS).toISOString(),
          },
        }),
      );
      return { kind: 'claimed', claimId };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const run = await this.get(message);
    if (!run) throw new Error('job run vanished while being claimed');
    return run.status === 'DONE' ? { kind: 'done', run } : { kind: 'busy', run };
  }

  /** Marks the run DONE; false when another worker took the claim over meanwhile. */
  complete(
    message: JobMessage,
    claimId: string,
    now: Date,
    outcome: Record<string, unknown>,
  ): Promise<boolean> {
    return this.finish(message, claimId, { status: 'DONE', completedAt: now.toISOString(), outcome });
  }

  /** Gives the claim up after a failure, so the queue's retry can claim it again at once. */
  release(message: JobMessage, claimId: string, error: string): Promise<boolean> {
    return this.finish(message, claimId, { status: 'FAILED', error: error.slice(0, 1000) });
  }

  async get(message: JobMessage): Promise<JobRun | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: jobRunKey(message), ConsistentRead: true }),
    );
    return (out.Item as JobRun | undefined) ?? null;
  }

  private async finish(message: JobMessage, claimId: string, set: Record<string, unknown>): Promise<boolean> {
    const names = Object.keys(set);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: jobRunKey(message),
          UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'claimId = :claim AND #status = :running',
          ExpressionAttributeNames: {
            ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
            '#status': 'status',
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((name, i) => [`:v${i}`, set[name]])),
            ':claim': claimId,
            ':running': 'RUNNING',
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
