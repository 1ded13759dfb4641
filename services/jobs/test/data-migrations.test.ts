// §3.14 data-migrations through the worker against DynamoDB Local: a managed
// tenant (its own table, scanned) and a pooled one (TenantItems index + BatchGet)
// seeded with items written raw as older releases left them: an AI system without
// the EU AI Act class index key, a schema-1 reminder without any index key, a
// schema-1 controlled document. The job rewrites them so the normal queries list
// them; a write between read and rewrite wins; a rerun writes nothing; one
// failing tenant leaves the others done.
import {
  AiSystems,
  aiSystemSchema,
  ControlledDocuments,
  controlledDocumentSchema,
  increment,
  Reminders,
  RiskCountsStore,
  type Tenant,
  toStoredItem,
} from '@aims/core';
import { PassThroughClientProvider, type TenantClientProvider, tenantStore } from '@aims/data';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobMessage } from '../src/catalogue';
import { InMemoryEventPublisher } from '../src/events';
import { JobRunStore } from '../src/job-runs';
import { InMemoryPortfolioSink } from '../src/portfolio';
import { createWorkerHandler } from '../src/work';
import { counter, createJobsTestEnv, fixedClock, lambdaContext, silentLogger, sqsEvent } from './support';

const PERIOD = '2026-03-15';
let env: Awaited<ReturnType<typeof createJobsTestEnv>>;
const ids = counter('id');

beforeAll(async () => {
  env = await createJobsTestEnv();
});

function worker(scanningClients?: TenantClientProvider) {
  return createWorkerHandler({
    controlPlane: env.controlPlane,
    runs: new JobRunStore(env.clients.doc, env.tables.controlPlane),
    clients: new PassThroughClientProvider(env.clients.doc),
    ...(scanningClients ? { scanningClients } : {}),
    events: new InMemoryEventPublisher(),
    portfolio: new InMemoryPortfolioSink(),
    clock: fixedClock('2026-03-15T04:00:00.000Z'),
    ids,
    logger: silentLogger(),
  });
}

const message = (tenantId: string, period = PERIOD): JobMessage => ({
  tenantId,
  job: 'data-migrations',
  period,
});
const runOf = (m: JobMessage) => new JobRunStore(env.clients.doc, env.tables.controlPlane).get(m);
const storeOf = (tenant: Tenant) => tenantStore(tenant, new PassThroughClientProvider(env.clients.doc));
const put = (tenant: Tenant, item: Record<string, unknown>) =>
  env.clients.doc.send(new PutCommand({ TableName: tenant.tableName, Item: item }));
const raw = async (tenant: Tenant, PK: string, SK: string) =>
  (await env.clients.doc.send(new GetCommand({ TableName: tenant.tableName, Key: { PK, SK } }))).Item;
const drop = (item: Record<string, unknown>, ...attributes: string[]) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !attributes.includes(k)));

/** The stale items of one tenant, as releases before this one wrote them. */
async function seedStale(tenant: Tenant) {
  const at = '2026-01-10T09:00:00.000Z';
  const system = aiSystemSchema.parse({
    id: 'sys-1',
    tenantId: tenant.id,
    name: 'Credit scorer',
    purpose: 'Scores loan applications',
    description: null,
    dataProcessed: [],
    decisionsInfluenced: [],
    affectedStakeholders: [],
    businessProcess: null,
    lifecycleStage: 'USE',
    ownerId: null,
    provenance: 'INTERNAL',
    vendor: null,
    decommissionedAt: null,
    decommissionReason: null,
    version: 4,
    createdAt: at,
    updatedAt: at,
  });
  // Schema 2: before the V1/V3/I9 fields and the EU AI Act class index (GSI5).
  const systemItem: Record<string, unknown> = {
    ...drop(toStoredItem(AiSystems, tenant.id, system), 'GSI5PK', 'GSI5SK', 'aiRoles', 'euAiActProfile'),
    schemaVersion: 2,
  };
  await put(tenant, systemItem);

  // Schema 1: no version, dismissal, expiry, and no index keys: it never listed.
  const reminder = {
    PK: `T#${tenant.id}#REMINDER#2026-03-01`,
    SK: 'RISK_REVIEW_OVERDUE#risk-1',
    entity: 'Reminder',
    schemaVersion: 1,
    tenantId: tenant.id,
    period: '2026-03-01',
    kind: 'RISK_REVIEW_OVERDUE',
    entityId: 'risk-1',
    title: 'Review risk R-1',
    ownerId: 'user-manager',
    dueDate: '2026-02-01',
    daysOverdue: 28,
    createdAt: '2026-03-01T05:00:00.000Z',
  };
  await put(tenant, reminder);

  const document = controlledDocumentSchema.parse({
    id: 'doc-1',
    tenantId: tenant.id,
    docCode: 'POL-001',
    title: 'AI policy',
    type: 'POLICY',
    mandatoryRef: null,
    annexAControls: [],
    ownerUserId: 'user-manager',
    authorId: 'user-manager',
    revision: 1,
    status: 'DRAFT',
    approval: null,
    effectiveOn: null,
    nextReviewOn: null,
    retentionPeriod: 'P3Y',
    classification: 'INTERNAL',
    storage: { kind: 'URL', url: 'https://example.com/policy.pdf', sha256: null },
    origin: 'INTERNAL',
    distribution: [],
    wordCount: null,
    version: 2,
    createdAt: at,
    updatedAt: at,
  });
  // Schema 1: before procedureKind (RQ-22).
  const documentItem: Record<string, unknown> = {
    ...drop(toStoredItem(ControlledDocuments, tenant.id, document), 'procedureKind'),
    schemaVersion: 1,
  };
  await put(tenant, documentItem);

  // An entity this release does not declare: left alone, counted.
  await put(tenant, {
    PK: `T#${tenant.id}#LEGACY#1`,
    SK: '#META',
    entity: 'LegacyThing',
    schemaVersion: 1,
    tenantId: tenant.id,
  });
  return { system, systemItem, reminder, documentItem };
}

async function listings(tenant: Tenant) {
  const store = await storeOf(tenant);
  const page = { limit: 50 };
  const [euClass, reminders, open, documents] = await Promise.all([
    store.query(AiSystems, 'byEuAiActClass', { euClass: 'UNASSESSED' }, page),
    store.query(Reminders, 'all', {}, page),
    store.query(Reminders, 'openByAddressee', { ownerId: 'user-manager' }, page),
    store.query(ControlledDocuments, 'register', {}, page),
  ]);
  return {
    euClass: euClass.entries.map((e) => e.item.id),
    reminders: reminders.entries.map((e) => e.item.entityId),
    open: open.entries.map((e) => e.item.entityId),
    documents: documents.entries.map((e) => e.item.docCode),
  };
}

const rewrittenAll = { AiSystem: 1, Reminder: 1, ControlledDocument: 1 };

describe('§3.14 data-migrations', () => {
  it.each([
    ['MANAGED', 'a parallel Scan of its own table'],
    ['SELF_SERVICE', 'the TenantItems index and BatchGet, never a Scan'],
  ] as const)(
    '§3.14 brings a %s tenant’s stale items up to their declarations (%s), so they list',
    async (tier, _how) => {
      const tenant = await env.addTenant({ tier });
      const seeded = await seedStale(tenant);
      // The document lists already (only its schemaVersion is old); the others never did.
      expect(await listings(tenant)).toEqual({
        euClass: [],
        reminders: [],
        open: [],
        documents: ['POL-001'],
      });

      const scans: string[] = [];
      const watching: TenantClientProvider = {
        clientFor: async () => watch(env.clients.doc, (name) => scans.push(name)),
      };
      expect(await worker(watching)(sqsEvent([message(tenant.id)]), lambdaContext())).toEqual({
        batchItemFailures: [],
      });
      if (tier === 'SELF_SERVICE') expect(scans).toEqual([]);
      else expect(scans.length).toBeGreaterThan(0);

      expect(await listings(tenant)).toEqual({
        euClass: ['sys-1'],
        reminders: ['risk-1'],
        open: ['risk-1'],
        documents: ['POL-001'],
      });
      expect(await runOf(message(tenant.id))).toMatchObject({
        status: 'DONE',
        outcome: { read: 4, current: 0, rewritten: rewrittenAll, conflicts: 0, unknown: { LegacyThing: 1 } },
      });
      const reminder = await raw(tenant, seeded.reminder.PK, seeded.reminder.SK);
      expect(reminder).toMatchObject({ schemaVersion: 2, version: 1, dismissal: null, daysOverdue: 28 });
      expect(typeof reminder?.expiresAt).toBe('number');
      const document = await raw(tenant, String(seeded.documentItem.PK), String(seeded.documentItem.SK));
      expect(document).toMatchObject({
        schemaVersion: 2,
        procedureKind: null,
        version: 2,
        title: 'AI policy',
      });
      const system = await raw(tenant, String(seeded.systemItem.PK), String(seeded.systemItem.SK));
      expect(system).toMatchObject({ schemaVersion: 3, version: 4, aiRoles: [], euAiActProfile: null });
      // The item keeps its version: a migration is not a change a user made.
      expect((await (await storeOf(tenant)).get(AiSystems, { id: 'sys-1' }))?.version).toBe(4);

      // The same day again is done; another day reads everything and writes nothing.
      await worker()(sqsEvent([message(tenant.id)]), lambdaContext());
      await worker()(sqsEvent([message(tenant.id, '2026-03-22')]), lambdaContext());
      expect(await runOf(message(tenant.id, '2026-03-22'))).toMatchObject({
        status: 'DONE',
        outcome: { read: 4, current: 3, rewritten: {}, conflicts: 0 },
      });
      expect(await raw(tenant, seeded.reminder.PK, seeded.reminder.SK)).toEqual(reminder);
    },
  );

  it('§3.14 an item changed between read and rewrite keeps the newer write: counted as a conflict, not an error', async () => {
    const tenant = await env.addTenant({ tier: 'MANAGED' });
    const { systemItem } = await seedStale(tenant);
    const key = { PK: String(systemItem.PK), SK: String(systemItem.SK) };
    // A user's edit lands after the job read the AI system, before its rewrite.
    const racing: TenantClientProvider = {
      clientFor: async () =>
        intercept(env.clients.doc, async (command) => {
          if (command instanceof PutCommand && command.input.Item?.PK === key.PK) {
            await env.clients.doc.send(
              new UpdateCommand({
                TableName: tenant.tableName,
                Key: key,
                UpdateExpression: 'SET purpose = :p, version = version + :one',
                ExpressionAttributeValues: { ':p': 'Edited meanwhile', ':one': 1 },
              }),
            );
          }
        }),
    };
    expect(await worker(racing)(sqsEvent([message(tenant.id)]), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    expect(await runOf(message(tenant.id))).toMatchObject({
      status: 'DONE',
      outcome: { conflicts: 1, rewritten: { Reminder: 1, ControlledDocument: 1 } },
    });
    expect(await raw(tenant, key.PK, key.SK)).toMatchObject({
      purpose: 'Edited meanwhile',
      version: 5,
      schemaVersion: 2,
    });

    // The next run finds it still stale and brings it up, the edit kept.
    await worker()(sqsEvent([message(tenant.id, '2026-03-22')]), lambdaContext());
    expect(await runOf(message(tenant.id, '2026-03-22'))).toMatchObject({
      outcome: { conflicts: 0, rewritten: { AiSystem: 1 } },
    });
    expect(await raw(tenant, key.PK, key.SK)).toMatchObject({
      purpose: 'Edited meanwhile',
      version: 5,
      schemaVersion: 3,
      GSI5PK: `T#${tenant.id}#AISYS#EUAIA#UNASSESSED`,
    });
  });

  it('§3.14 one tenant failing leaves the others migrated; its retry completes', async () => {
    const ok = await env.addTenant({ tier: 'SELF_SERVICE' });
    const failing = await env.addTenant({ tier: 'MANAGED' });
    await seedStale(ok);
    await seedStale(failing);
    let refuse = true;
    const flaky: TenantClientProvider = {
      clientFor: async (tenant) => {
        if (refuse && tenant.id === failing.id) throw new Error('STS throttled');
        return env.clients.doc;
      },
    };
    const result = await worker(flaky)(sqsEvent([message(failing.id), message(ok.id)]), lambdaContext());
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] });
    expect(await runOf(message(ok.id))).toMatchObject({
      status: 'DONE',
      outcome: { rewritten: rewrittenAll },
    });
    expect(await runOf(message(failing.id))).toMatchObject({ status: 'FAILED', error: 'STS throttled' });
    expect((await listings(failing)).reminders).toEqual([]);

    refuse = false;
    expect(await worker(flaky)(sqsEvent([message(failing.id)]), lambdaContext())).toEqual({
      batchItemFailures: [],
    });
    expect(await runOf(message(failing.id))).toMatchObject({
      status: 'DONE',
      outcome: { rewritten: rewrittenAll },
    });
  });

  it('§3.14 walks a tenant larger than a page, reading the pooled index page by page', async () => {
    const tenant = await env.addTenant({ tier: 'SELF_SERVICE' });
    const seeding: Promise<unknown>[] = [];
    for (let i = 0; i < 130; i++) {
      const write = put(tenant, {
        PK: `T#${tenant.id}#REMINDER#2026-03-01`,
        SK: `ACTION_OVERDUE#a-${String(i).padStart(3, '0')}`,
        entity: 'Reminder',
        schemaVersion: 1,
        tenantId: tenant.id,
        period: '2026-03-01',
        kind: 'ACTION_OVERDUE',
        entityId: `a-${String(i).padStart(3, '0')}`,
        title: `Action ${i}`,
        ownerId: 'user-manager',
        dueDate: '2026-02-01',
        daysOverdue: 28,
        createdAt: '2026-03-01T05:00:00.000Z',
      });
      seeding.push(write);
    }
    await Promise.all(seeding);
    const queries: number[] = [];
    const counting: TenantClientProvider = {
      clientFor: async () =>
        intercept(env.clients.doc, async (command) => {
          if (command instanceof QueryCommand) queries.push(command.input.Limit ?? 0);
        }),
    };
    await worker(counting)(sqsEvent([message(tenant.id)]), lambdaContext());
    expect(await runOf(message(tenant.id))).toMatchObject({
      outcome: { read: 130, rewritten: { Reminder: 130 } },
    });
    expect(queries).toEqual([100, 100]);
    const store = await storeOf(tenant);
    const all = await store.query(Reminders, 'all', {}, { limit: 200 });
    expect(all.entries).toHaveLength(130);
  });
});

/** The client, with `before` run ahead of each command it sends. */
function intercept(
  doc: DynamoDBDocumentClient,
  before: (command: unknown) => Promise<void>,
): DynamoDBDocumentClient {
  return new Proxy(doc, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        await before(command);
        return target.send(command);
      };
    },
  });
}

/** The client, reporting the name of each command it sends that is a Scan. */
function watch(doc: DynamoDBDocumentClient, onScan: (name: string) => void) {
  return intercept(doc, async (command) => {
    const name = (command as { constructor: { name: string } }).constructor.name;
    if (name === 'ScanCommand') onScan(name);
  });
}

describe('§3.14 data-migrations and counters', () => {
  it('§3.14 a counter created by increment is stamped with its shape version: nothing to migrate', async () => {
    const tenant = await env.addTenant({ tier: 'MANAGED' });
    const store = await storeOf(tenant);
    await store.commit([increment(RiskCountsStore, { methodologyVersion: 1 }, { i_3_4: 1 })]);
    await worker()(sqsEvent([message(tenant.id, '2026-03-29')]), lambdaContext());
    expect(await runOf(message(tenant.id, '2026-03-29'))).toMatchObject({
      status: 'DONE',
      outcome: { read: 1, current: 1, rewritten: {} },
    });
  });
});
