// Worker: one SQS message is one tenant's run of one job for one period. The run
// is claimed in the control plane first, so a redelivered or re-dispatched
// message finds it DONE and changes nothing. Failed records are reported one by
// one (ReportBatchItemFailures), so the rest of the batch is not retried with them.
import type { Clock, ControlPlaneRepository, IdGenerator, PortfolioSink } from '@aims/core';
import { type TenantClientProvider, tenantStore } from '@aims/data';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type JobMessage, jobMessageSchema } from './catalogue';
import type { EventPublisher } from './events';
import type { JobRunStore } from './job-runs';
import { JOBS } from './jobs';
import type { JobOutcome, JobRunner } from './jobs/job';
import { tenantMembers } from './members';

export interface WorkerDeps {
  /** Tenant lookup, and members for the jobs that need them (GSI1, membersOfTenant). */
  controlPlane: Pick<ControlPlaneRepository, 'getTenant' | 'listMembersOfTenant'>;
  runs: JobRunStore;
  clients: TenantClientProvider;
  /** Sessions that may also Scan a managed tenant's own table (data migrations); default `clients`. */
  scanningClients?: TenantClientProvider;
  events: EventPublisher;
  /** The consultancy portfolio (§3.16): readiness and overdue counts per tenant. */
  portfolio: PortfolioSink;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  jobs?: Record<JobMessage['job'], JobRunner>;
}

export type RunResult = { ran: true; outcome: JobOutcome } | { ran: false; reason: 'already done' };

export async function runTenantJob(message: JobMessage, deps: WorkerDeps): Promise<RunResult> {
  const claim = await deps.runs.claim(message, deps.ids.next(), deps.clock.now());
  if (claim.kind === 'done') return { ran: false, reason: 'already done' };
  if (claim.kind === 'busy') {
    // Thrown, not skipped: the queue retries after the visibility timeout, by
    // which time the other run has finished or gone stale.
    throw new Error(`run is held by another worker since ${claim.run.claimedAt}`);
  }
  try {
    const outcome = await execute(message, deps);
    if (!(await deps.runs.complete(message, claim.claimId, deps.clock.now(), outcome))) {
      deps.logger.warn('job run was taken over before it completed', { ...message });
    }
    return { ran: true, outcome };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await deps.runs.release(message, claim.claimId, reason).catch((releaseError) => {
      deps.logger.error('could not release job run', { ...message, error: releaseError });
    });
    throw error;
  }
}

async function execute(message: JobMessage, deps: WorkerDeps): Promise<JobOutcome> {
  const tenant = await deps.controlPlane.getTenant(message.tenantId);
  // Suspended or offboarded since dispatch: nothing to do, and nothing to retry.
  if (tenant?.status !== 'ACTIVE') return { skipped: `tenant is ${tenant?.status ?? 'missing'}` };
  const [store, doc] = await Promise.all([tenantStore(tenant, deps.clients), deps.clients.clientFor(tenant)]);
  const run = (deps.jobs ?? JOBS)[message.job];
  return run({
    tenant,
    period: message.period,
    store,
    doc,
    scanningClient: () => (deps.scanningClients ?? deps.clients).clientFor(tenant),
    events: deps.events,
    portfolio: deps.portfolio,
    members: tenantMembers(deps.controlPlane, tenant.id),
    clock: deps.clock,
    ids: deps.ids,
  });
}

export async function processJobBatch(event: SQSEvent, deps: WorkerDeps): Promise<SQSBatchResponse> {
  const results = await Promise.allSettled(
    event.Records.map(async (record) => {
      const parsed = jobMessageSchema.safeParse(JSON.parse(record.body));
      if (!parsed.success) throw new Error(`not a job message: ${parsed.error.issues[0]?.message}`);
      const result = await runTenantJob(parsed.data, deps);
      deps.logger.info(result.ran ? 'job ran' : 'job skipped', { ...parsed.data, ...result });
    }),
  );
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  results.forEach((result, i) => {
    const record = event.Records[i];
    if (result.status === 'rejected' && record) {
      deps.logger.error('job failed', { messageId: record.messageId, error: result.reason });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  });
  return { batchItemFailures };
}

export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function createWorkerHandler(deps: WorkerDeps): WorkerHandler {
  return middy((event: SQSEvent) => processJobBatch(event, deps)).use(
    injectLambdaContext(deps.logger, { resetKeys: true }),
  ) as unknown as WorkerHandler;
}
