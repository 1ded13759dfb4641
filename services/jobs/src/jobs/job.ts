import type { Clock, IdGenerator, Member, PortfolioSink, Tenant, TenantStore } from '@aims/core';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventPublisher } from '../events';

/** What one tenant's run of a job gets: only that tenant's data. */
export interface JobContext {
  tenant: Tenant;
  period: string;
  store: TenantStore;
  /** The tenant's own client (in AWS: credentials scoped to its table or leading keys). */
  doc: DynamoDBDocumentClient;
  /**
   * The tenant's client whose session may also Scan a managed tenant's own table
   * (never the pooled one): data migrations only, assumed when first asked for.
   */
  scanningClient: () => Promise<DynamoDBDocumentClient>;
  events: EventPublisher;
  /** The consultancy portfolio's summary of this tenant (§3.16), kept in the control plane. */
  portfolio: PortfolioSink;
  /** The tenant's members, read page by page from the control plane. */
  members: () => Promise<Member[]>;
  clock: Clock;
  ids: IdGenerator;
}

/** A summary stored on the job-run record. */
export type JobOutcome = Record<string, unknown>;

export type JobRunner = (context: JobContext) => Promise<JobOutcome>;
