// §3.14 training-reconciliation through the worker against DynamoDB Local: the
// members come from the control plane (membersOfTenant), each expected assignment
// is written once per (tenant, day); reruns, duplicate deliveries, one failing tenant.
import {
  createTrainingCourse,
  type Member,
  type PageRequest,
  type Tenant,
  TRAINING_RECONCILIATION_ACTOR,
  TrainingAssignments,
  type TrainingCourse,
} from '@aims/core';
import { PassThroughClientProvider, tenantStore } from '@aims/data';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobMessage } from '../src/catalogue';
import { InMemoryEventPublisher } from '../src/events';
import { JobRunStore } from '../src/job-runs';
import { tenantMembers } from '../src/members';
import { InMemoryPortfolioSink } from '../src/portfolio';
import { createWorkerHandler, type WorkerDeps } from '../src/work';
import {
  counter,
  createJobsTestEnv,
  fixedClock,
  lambdaContext,
  MANAGER,
  silentLogger,
  sqsEvent,
} from './support';

const PERIOD = '2026-03-15';
let env: Awaited<ReturnType<typeof createJobsTestEnv>>;
const clock = fixedClock('2026-03-15T02:01:00.000Z');
const ids = counter('id');
let events: InMemoryEventPublisher;

beforeAll(async () => {
  env = await createJobsTestEnv();
});

beforeEach(() => {
  events = new InMemoryEventPublisher();
  clock.set('2026-03-15T02:01:00.000Z');
});

function worker(controlPlane: WorkerDeps['controlPlane'] = env.controlPlane) {
  return createWorkerHandler({
    controlPlane,
    runs: new JobRunStore(env.clients.doc, env.tables.controlPlane),
    clients: new PassThroughClientProvider(env.clients.doc),
    events,
    portfolio: new InMemoryPortfolioSink(),
    clock,
    ids,
    logger: silentLogger(),
  });
}

const message = (tenantId: string, period = PERIOD): JobMessage => ({
  tenantId,
  job: 'training-reconciliation',
  period,
});
const run = (m: JobMessage) => new JobRunStore(env.clients.doc, env.tables.controlPlane).get(m);
const storeOf = (tenant: Tenant) => tenantStore(tenant, new PassThroughClientProvider(env.clients.doc));

/** A tenant with an onboarding course, its manager and two more members (one a consultant). */
async function tenantWithCourse(tier: Tenant['tier'] = 'SELF_SERVICE') {
  const tenant = await env.addTenant({ tier });
  for (const [userId, role] of [
    ['user-sam', 'AI_SYSTEM_OWNER'],
    ['user-consultant', 'CONSULTANT'],
  ] as const) {
    await env.controlPlane.addMembership({
      tenantId: tenant.id,
      userId,
      role,
      createdAt: '2026-03-01T00:00:00.000Z',
    });
  }
  const store = await storeOf(tenant);
  const course: TrainingCourse = await createTrainingCourse(
    { tenantId: tenant.id, actorId: MANAGER.userId, role: MANAGER.role },
    {
      title: 'AI policy and AIMS awareness',
      awarenessItems: ['POLICY', 'CONTRIBUTION'],
      rules: { onboarding: true },
    },
    { store, clock: fixedClock('2026-03-01T09:00:00.000Z'), ids },
  );
  return { tenant, course };
}

async function assignmentIds(tenant: Tenant) {
  const page = await (await storeOf(tenant)).query(TrainingAssignments, 'all', {}, { limit: 100 });
  return page.entries.map((e) => e.item.id).sort();
}

async function assignmentChanges(tenant: Tenant) {
  const out = await env.clients.doc.send(
    new QueryCommand({
      TableName: tenant.tableName,
      // The per-entity-type change feed.
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': `T#${tenant.id}#CHG#TrainingAssignment` },
    }),
  );
  return out.Items ?? [];
}

describe('§3.14 training-reconciliation', () => {
  it('§3.14 assigns onboarding to each internal member read from the control plane, as the system, once per day', async () => {
    const { tenant, course } = await tenantWithCourse('MANAGED');
    expect(await worker()(sqsEvent([message(tenant.id)]), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    expect(await assignmentIds(tenant)).toEqual([
      `ONBOARDING.${course.id}.${MANAGER.userId}`,
      `ONBOARDING.${course.id}.user-sam`,
    ]);
    expect(await run(message(tenant.id))).toMatchObject({
      status: 'DONE',
      outcome: { expected: 2, created: 2, byReason: { ONBOARDING: 2 } },
    });
    const changes = await assignmentChanges(tenant);
    expect(changes.map((c) => c.actorId)).toEqual([
      TRAINING_RECONCILIATION_ACTOR,
      TRAINING_RECONCILIATION_ACTOR,
    ]);

    // The same period again: the run is done, nothing is written.
    expect(await worker()(sqsEvent([message(tenant.id)]), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    // The next day: a new member joined; only their assignment is added.
    await env.controlPlane.addMembership({
      tenantId: tenant.id,
      userId: 'user-new',
      role: 'VIEWER',
      createdAt: '2026-03-15T12:00:00.000Z',
    });
    clock.set('2026-03-16T02:01:00.000Z');
    await worker()(sqsEvent([message(tenant.id, '2026-03-16')]), lambdaContext());
    expect(await run(message(tenant.id, '2026-03-16'))).toMatchObject({
      outcome: { expected: 3, created: 1 },
    });
    expect(await assignmentChanges(tenant)).toHaveLength(3);
    expect(events.published).toEqual([]);
  });

  it('§3.14 a duplicate SQS delivery writes each assignment and its change record once', async () => {
    const { tenant } = await tenantWithCourse();
    const result = await worker()(sqsEvent([message(tenant.id), message(tenant.id)]), lambdaContext());
    expect(result.batchItemFailures).toHaveLength(1);
    const retry = await worker()(sqsEvent([message(tenant.id)]), lambdaContext());
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(await assignmentIds(tenant)).toHaveLength(2);
    expect(await assignmentChanges(tenant)).toHaveLength(2);
  });

  it('§3.14 one tenant failing (its members cannot be read) leaves the others done; its retry completes once', async () => {
    const ok = await tenantWithCourse();
    const failing = await tenantWithCourse('MANAGED');
    let refuse = true;
    const flaky: WorkerDeps['controlPlane'] = {
      getTenant: (id) => env.controlPlane.getTenant(id),
      listMembersOfTenant: (tenantId, page) => {
        if (refuse && tenantId === failing.tenant.id) throw new Error('control plane throttled');
        return env.controlPlane.listMembersOfTenant(tenantId, page);
      },
    };
    const result = await worker(flaky)(
      sqsEvent([message(failing.tenant.id), message(ok.tenant.id)]),
      lambdaContext(),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] });
    expect(await run(message(ok.tenant.id))).toMatchObject({ status: 'DONE', outcome: { created: 2 } });
    expect(await run(message(failing.tenant.id))).toMatchObject({
      status: 'FAILED',
      error: 'control plane throttled',
    });
    expect(await assignmentIds(failing.tenant)).toEqual([]);

    refuse = false;
    expect(await worker(flaky)(sqsEvent([message(failing.tenant.id)]), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    expect(await run(message(failing.tenant.id))).toMatchObject({ status: 'DONE', outcome: { created: 2 } });
    expect(await assignmentIds(ok.tenant)).toHaveLength(2);
  });

  it('§3.14 reads every member, page by page', async () => {
    const all: Member[] = Array.from({ length: 230 }, (_, i) => ({
      userId: `u-${String(i).padStart(3, '0')}`,
      role: 'VIEWER',
      joinedOn: '2026-01-01',
    }));
    const pages: PageRequest[] = [];
    const members = tenantMembers(
      {
        listMembersOfTenant: async (_tenantId, page) => {
          pages.push(page);
          const from = page.startKey ? Number(page.startKey.n) + 1 : 0;
          const slice = all.slice(from, from + page.limit);
          return {
            entries: slice.map((m, i) => ({
              item: { tenantId: 't', userId: m.userId, role: m.role, createdAt: '2026-01-01T00:00:00Z' },
              key: { n: String(from + i) },
            })),
            hasMore: from + page.limit < all.length,
          };
        },
      },
      't',
    );
    expect(await members()).toEqual(all);
    expect(pages.map((p) => p.limit)).toEqual([100, 100, 100]);
  });
});
