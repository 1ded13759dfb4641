import type { Clock, Tenant, TenantStore } from '@aims/core';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventPublisher } from '../events';

/** What one tenant's run of a job gets: only that tenant's data. */
export interface JobContext {
  tenant: Tenant;
  period: string;
  store: TenantStore;
  /** The tenant's own client (in AWS: credentials scoped to its table or leading keys). */
  doc: DynamoDBDocumentClient;
  events: EventPublisher;
  clock: Clock;
}

/** A summary stored on the job-run record. */
export type JobOutcome = Record<string, unknown>;

export type JobRunner = (context: JobContext) => Promise<JobOutcome>;
