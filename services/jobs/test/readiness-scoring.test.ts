// §3.14 readiness-scoring through the worker against DynamoDB Local: the day's
// snapshot once per (tenant, day), ReadinessChanged only on a change, the
// portfolio told each run; reruns, duplicate deliveries and one failing tenant.
import {
  type ClientReadiness,
  clientReadinessOf,
  type PortfolioSink,
  put,
  ReadinessRuns,
  ReadinessSnapshots,
  type Tenant,
  type TenantStore,
} from '@aims/core';
import { DynamoPortfolioSink, PassThroughClientProvider, tenantStore } from '@aims/data';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobMessage } from '../src/catalogue';
import { InMemoryEventPublisher } from '../src/events';
import { JobRunStore } from '../src/job-runs';
import { READINESS_CHANGED, snapshotInstant } from '../src/jobs/score-readiness';
import { InMemoryPortfolioSink } from '../src/portfolio';
import { createWorkerHandler } from '../src/work';
import { counter, createJobsTestEnv, fixedClock, lambdaContext, silentLogger, sqsEvent } from './support';

const PERIOD = '2026-03-15';
let env: Awaited<ReturnType<typeof createJobsTestEnv>>;
let managed: Tenant;
let pooled: Tenant;
let events: InMemoryEventPublisher;
let portfolio: InMemoryPortfolioSink;
const clock = fixedClock('2026-03-15T03:01:00.000Z');
/** One sequence for every worker: snapshot ids stay unique across runs. */
const ids = counter('id');

beforeAll(async () => {
  env = await createJobsTestEnv();
  managed = await env.addTenant({ tier: 'MANAGED' });
  pooled = await env.addTenant({ tier: 'SELF_SERVICE' });
});

beforeEach(() => {
  events = new InMemoryEventPublisher();
  portfolio = new InMemoryPortfolioSink();
  clock.set('2026-03-15T03:01:00.000Z');
});

/** A portfolio that refuses one tenant's reports, as a throttled or failing sink would. */
class FailingFor extends InMemoryPortfolioSink {
  constructor(private readonly tenantId: string) {
    super();
  }
  override async recordReadiness(tenant: Tenant, readiness: ClientReadiness) {
    if (tenant.id === this.tenantId) throw new Error('portfolio unavailable');
    return super.recordReadiness(tenant, readiness);
  }
}

function worker(sink: PortfolioSink = portfolio) {
  return createWorkerHandler({
    controlPlane: env.controlPlane,
    runs: new JobRunStore(env.clients.doc, env.tables.controlPlane),
    clients: new PassThroughClientProvider(env.clients.doc),
    events,
    portfolio: sink,
    clock,
    ids,
    logger: silentLogger(),
  });
}

const message = (tenantId: string, period = PERIOD): JobMessage => ({
  tenantId,
  job: 'readiness-scoring',
  period,
});
const run = (m: JobMessage) => new JobRunStore(env.clients.doc, env.tables.controlPlane).get(m);
const storeOf = (tenant: Tenant) => tenantStore(tenant, new PassThroughClientProvider(env.clients.doc));

async function snapshots(store: TenantStore) {
  const page = await store.query(ReadinessSnapshots, 'timeline', {}, { limit: 50 });
  return page.entries.map((e) => e.item);
}

describe('§3.14 readiness-scoring', () => {
  it('§3.14 writes the day’s snapshot in each tenant’s table, publishes ReadinessChanged from no snapshot, and reports to the portfolio', async () => {
    const result = await worker()(sqsEvent([message(managed.id), message(pooled.id)]), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });

    for (const tenant of [managed, pooled]) {
      const store = await storeOf(tenant);
      const [snapshot, ...more] = await snapshots(store);
      expect(more).toEqual([]);
      expect(snapshot).toMatchObject({
        tenantId: tenant.id,
        day: PERIOD,
        takenAt: '2026-03-15T03:01:00.000Z',
        source: 'EVIDENCE',
        kind: 'REGULAR',
      });
      if (!snapshot) throw new Error('no snapshot');
      expect(await store.get(ReadinessRuns, { day: PERIOD })).toMatchObject({ snapshotId: snapshot.id });
      expect(await run(message(tenant.id))).toMatchObject({
        status: 'DONE',
        outcome: { status: 'WRITTEN', snapshotId: snapshot.id, changed: true, reported: true },
      });
      expect(portfolio.readiness.get(tenant.id)).toEqual(clientReadinessOf(snapshot));
      const event = events.published.find((e) => e.detail.tenantId === tenant.id);
      expect(event).toEqual({
        detailType: READINESS_CHANGED,
        detail: {
          runKey: `${tenant.id}/readiness-scoring/${PERIOD}`,
          tenantId: tenant.id,
          period: PERIOD,
          snapshotId: snapshot.id,
          previousSnapshotId: null,
          levelBefore: null,
          levelAfter: snapshot.readinessLevel,
          showstoppersAdded: snapshot.showstoppers,
          showstoppersResolved: [],
        },
      });
    }
    expect(events.published).toHaveLength(2);
  });

  it('§3.14 a rerun of the same period writes, publishes and reports nothing', async () => {
    const before = [await snapshots(await storeOf(managed)), await snapshots(await storeOf(pooled))];
    clock.set('2026-03-15T09:00:00.000Z');
    const result = await worker()(sqsEvent([message(managed.id), message(pooled.id)]), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });
    expect([await snapshots(await storeOf(managed)), await snapshots(await storeOf(pooled))]).toEqual(before);
    expect(events.published).toEqual([]);
    expect(portfolio.calls).toEqual([]);
  });

  it('§3.14 the next day with nothing changed: a new snapshot and a portfolio report, but no ReadinessChanged', async () => {
    clock.set('2026-03-16T03:01:00.000Z');
    const result = await worker()(sqsEvent([message(managed.id, '2026-03-16')]), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });
    const [first, second] = await snapshots(await storeOf(managed));
    expect(second).toMatchObject({ day: '2026-03-16', inputsHash: first?.inputsHash });
    expect(await run(message(managed.id, '2026-03-16'))).toMatchObject({
      outcome: { status: 'WRITTEN', snapshotId: second?.id, changed: false, reported: true },
    });
    expect(events.published).toEqual([]);
    expect(portfolio.readiness.get(managed.id)?.snapshotId).toBe(second?.id);
  });

  it('§3.14 a level or showstopper change against the previous snapshot publishes ReadinessChanged with before and after', async () => {
    const tenant = await env.addTenant();
    clock.set('2026-03-14T03:01:00.000Z');
    await worker()(sqsEvent([message(tenant.id, '2026-03-14')]), lambdaContext());
    const store = await storeOf(tenant);
    const [real] = await snapshots(store);
    if (!real) throw new Error('no snapshot');
    // A later snapshot of the 14th that was FOUNDATION with one showstopper the records no longer show.
    const earlier = {
      ...real,
      id: 'snap-earlier',
      takenAt: '2026-03-14T12:00:00.000Z',
      readinessLevel: 'FOUNDATION' as const,
      showstoppers: ['RQ-01'],
    };
    await store.commit([put(ReadinessSnapshots, earlier, 'absent')]);
    events.published.length = 0;

    clock.set('2026-03-15T03:01:00.000Z');
    await worker()(sqsEvent([message(tenant.id)]), lambdaContext());
    const [, , latest] = await snapshots(store);
    expect(events.published).toEqual([
      {
        detailType: READINESS_CHANGED,
        detail: expect.objectContaining({
          snapshotId: latest?.id,
          previousSnapshotId: 'snap-earlier',
          levelBefore: 'FOUNDATION',
          levelAfter: 'NOT_READY_FOR_STAGE_1',
          showstoppersAdded: real.showstoppers.filter((id) => id !== 'RQ-01'),
          showstoppersResolved: real.showstoppers.includes('RQ-01') ? [] : ['RQ-01'],
        }),
      },
    ]);
  });

  it('§3.14 a duplicate SQS delivery writes one snapshot and one event; the copy is retried and finds the run done', async () => {
    const tenant = await env.addTenant();
    const result = await worker()(sqsEvent([message(tenant.id), message(tenant.id)]), lambdaContext());
    // The copy finds the run claimed and goes back to the queue.
    expect(result.batchItemFailures).toHaveLength(1);
    expect(await snapshots(await storeOf(tenant))).toHaveLength(1);
    expect(events.published).toHaveLength(1);

    const retry = await worker()(sqsEvent([message(tenant.id)]), lambdaContext());
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(await snapshots(await storeOf(tenant))).toHaveLength(1);
    expect(events.published).toHaveLength(1);
    expect(portfolio.calls).toEqual([{ kind: 'readiness', tenantId: tenant.id }]);
  });

  it('§3.14 one tenant failing leaves the others done; its retry reports the stored snapshot without a second one', async () => {
    const ok = await env.addTenant();
    const failing = await env.addTenant({ tier: 'MANAGED' });
    const sink = new FailingFor(failing.id);
    const result = await worker(sink)(sqsEvent([message(ok.id), message(failing.id)]), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    expect(await run(message(ok.id))).toMatchObject({ status: 'DONE' });
    expect(await run(message(failing.id))).toMatchObject({
      status: 'FAILED',
      error: 'portfolio unavailable',
    });
    expect(sink.readiness.has(ok.id)).toBe(true);
    // The snapshot was committed before the report failed.
    const [stored] = await snapshots(await storeOf(failing));
    if (!stored) throw new Error('no snapshot');
    const firstEvent = events.published.find((e) => e.detail.tenantId === failing.id);

    const retry = await worker()(sqsEvent([message(failing.id)]), lambdaContext());
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(await snapshots(await storeOf(failing))).toEqual([stored]);
    expect(await run(message(failing.id))).toMatchObject({
      status: 'DONE',
      outcome: { status: 'ALREADY_RAN', snapshotId: stored.id, changed: true, reported: true },
    });
    expect(portfolio.readiness.get(failing.id)).toEqual(clientReadinessOf(stored));
    // Published again with the same runKey: a consumer drops the repeat.
    const again = events.published.filter((e) => e.detail.tenantId === failing.id);
    expect(again).toHaveLength(2);
    expect(again[1]).toEqual(firstEvent);
  });

  it('§3.14 a late run scores its own period once: the snapshot belongs to the period’s day, not the run’s', async () => {
    const tenant = await env.addTenant();
    clock.set('2026-03-18T08:00:00.000Z');
    const late = message(tenant.id, '2026-03-17');
    expect(await worker()(sqsEvent([late]), lambdaContext())).toEqual({ batchItemFailures: [] });
    const [snapshot] = await snapshots(await storeOf(tenant));
    expect(snapshot).toMatchObject({ day: '2026-03-17', takenAt: '2026-03-17T23:59:59.999Z' });

    // Backfilling an earlier day after it: stored for the trend, but not reported as current.
    const earlier = message(tenant.id, '2026-03-16');
    expect(await worker()(sqsEvent([earlier]), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect((await snapshots(await storeOf(tenant))).map((s) => s.day)).toEqual(['2026-03-16', '2026-03-17']);
    expect(await run(earlier)).toMatchObject({ outcome: { status: 'WRITTEN', reported: false } });
    expect(portfolio.readiness.get(tenant.id)?.snapshotId).toBe(snapshot?.id);
    expect(events.published.map((e) => e.detail.period)).toEqual(['2026-03-17']);
  });

  it('§3.14 a period that has not begun is refused', () => {
    expect(snapshotInstant('2026-03-15', new Date('2026-03-15T03:00:00Z'))).toBe('2026-03-15T03:00:00.000Z');
    expect(snapshotInstant('2026-03-14', new Date('2026-03-15T03:00:00Z'))).toBe('2026-03-14T23:59:59.999Z');
    expect(() => snapshotInstant('2026-03-16', new Date('2026-03-15T03:00:00Z'))).toThrow(/has not come/);
  });
});

describe('§3.16 readiness-scoring with the control-plane portfolio sink', () => {
  it('§3.16 the nightly snapshot updates the client’s portfolio row the consultancy reads', async () => {
    const client = await env.addTenant({ tier: 'MANAGED', consultancyId: 'cons-jobs' });
    const sink = new DynamoPortfolioSink(env.clients.doc, env.tables.controlPlane);
    const before = await sink.listClientStatuses('cons-jobs', 'RISK', { limit: 10 });
    expect(before.entries.map((e) => [e.item.tenantId, e.item.readiness])).toEqual([[client.id, null]]);

    const result = await worker(sink)(sqsEvent([message(client.id)]), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [] });
    const [snapshot] = await snapshots(await storeOf(client));
    if (!snapshot) throw new Error('no snapshot');
    const after = await sink.listClientStatuses('cons-jobs', 'RISK', { limit: 10 });
    expect(after.entries.map((e) => e.item.readiness)).toEqual([clientReadinessOf(snapshot)]);
  });
});
