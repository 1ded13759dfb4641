// Dispatcher: a schedule names a job; this pages through the ACTIVE tenants and
// puts one message per tenant on the queue, so each tenant's run is retried,
// throttled and dead-lettered on its own. Dispatching twice is harmless: the
// worker's idempotency record makes the second message a no-op.
import type { Clock, ControlPlaneRepository, PageKey } from '@aims/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { currentPeriod, dispatchInputSchema, JOB_CADENCES, type JobMessage } from './catalogue';
import type { JobQueue } from './job-queue';

export interface DispatchDeps {
  controlPlane: Pick<ControlPlaneRepository, 'listTenantsByStatus'>;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Tenants read per control-plane page. */
  pageSize?: number;
}

/** A tenant item is a few hundred bytes, so a page of 1,000 stays well under DynamoDB's 1 MB per Query. */
export const DISPATCH_PAGE_SIZE = 1000;

export interface DispatchResult {
  job: string;
  period: string;
  tenants: number;
}

export async function dispatchJob(event: unknown, deps: DispatchDeps): Promise<DispatchResult> {
  const parsed = dispatchInputSchema.safeParse(event);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    throw new Error(`invalid dispatch input: ${detail}`);
  }
  const { job } = parsed.data;
  const period = parsed.data.period ?? currentPeriod(JOB_CADENCES[job], deps.clock.now());
  let tenants = 0;
  let startKey: PageKey | undefined;
  // The next page is read while the previous one is sent; holding at most those
  // two keeps memory flat however many tenants there are.
  let sending: Promise<void> = Promise.resolve();
  do {
    const page = await deps.controlPlane.listTenantsByStatus('ACTIVE', {
      limit: deps.pageSize ?? DISPATCH_PAGE_SIZE,
      ...(startKey ? { startKey } : {}),
    });
    await sending;
    const messages: JobMessage[] = page.entries.map(({ item }) => ({ tenantId: item.id, job, period }));
    const sent = deps.queue.send(messages);
    // Awaited on the next turn; until then a failure must not count as unhandled.
    sent.catch(() => {});
    sending = sent;
    tenants += messages.length;
    startKey = page.hasMore ? page.entries.at(-1)?.key : undefined;
  } while (startKey);
  await sending;
  deps.logger.info('dispatched', { job, period, tenants });
  return { job, period, tenants };
}

export type DispatchHandler = (event: unknown, context: Context) => Promise<DispatchResult>;

export function createDispatchHandler(deps: DispatchDeps): DispatchHandler {
  return middy((event: unknown) => dispatchJob(event, deps)).use(
    injectLambdaContext(deps.logger, { resetKeys: true }),
  ) as unknown as DispatchHandler;
}
