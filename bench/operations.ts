// The representative operations of the benchmark, each as a GraphQL request
// through the real handler and as its DynamoDB floor: the fewest requests the
// current key design allows for the same answer, issued directly with the SDK
// (BatchGet where keys are known, independent reads in parallel). The floor
// includes the request gate (membership + tenant), which no request can skip.
import { randomUUID } from 'node:crypto';
import { controlKeys, tenantKeys } from '@aims/data';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';

export interface FloorContext {
  doc: DynamoDBDocumentClient;
  controlTable: string;
  tenantTable: string;
  tenantId: string;
  userId: string;
  /** An AI system and an owner that exist, for writes. */
  aiSystemId: string;
  ownerId: string;
}

export interface Operation {
  name: string;
  query: string;
  variables?: () => Record<string, unknown>;
  floor: (f: FloorContext) => Promise<unknown>;
}

type Key = { PK: string; SK: string };
type Item = Record<string, any>;

async function batchGetAll(doc: DynamoDBDocumentClient, table: string, keys: Key[]): Promise<Item[]> {
  const unique = [...new Map(keys.map((k) => [`${k.PK}|${k.SK}`, k])).values()];
  const chunks: Key[][] = [];
  for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
  const pages = await Promise.all(
    chunks.map(async (chunk) => {
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: chunk } } }));
      return (out.Responses?.[table] ?? []) as Item[];
    }),
  );
  return pages.flat();
}

async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

async function queryPage(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const out = await doc.send(new QueryCommand(input));
  return (out.Items ?? []) as Item[];
}

/** Membership and tenant, in parallel: every tenant-scoped request reads both. */
function gate(f: FloorContext) {
  return Promise.all([
    f.doc.send(
      new GetCommand({ TableName: f.controlTable, Key: controlKeys.membership(f.userId, f.tenantId) }),
    ),
    f.doc.send(new GetCommand({ TableName: f.controlTable, Key: controlKeys.tenant(f.tenantId) })),
  ]);
}

const users = (f: FloorContext, ids: Iterable<string>) =>
  batchGetAll(
    f.doc,
    f.controlTable,
    [...new Set(ids)].map((id) => controlKeys.user(id)),
  );

const wholeRegister = (f: FloorContext) =>
  queryAll(f.doc, {
    TableName: f.tenantTable,
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': `T#${f.tenantId}#RISK` },
  });

const currentMethodology = (f: FloorContext) =>
  queryPage(f.doc, {
    TableName: f.tenantTable,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
    ExpressionAttributeValues: { ':pk': `T#${f.tenantId}#RISKMETH`, ':v': 'V#' },
    ScanIndexForward: false,
    Limit: 1,
  });

export const OPERATIONS: Operation[] = [
  {
    name: 'inventory page 100 + owner + history(3)',
    query: `{ aiSystems(first: 100) { edges { node { id name lifecycleStage owner { email }
      history(first: 3) { edges { node { action at version actor { email } } } } } }
      pageInfo { hasNextPage endCursor } } }`,
    async floor(f) {
      await gate(f);
      const systems = (
        await queryPage(f.doc, {
          TableName: f.tenantTable,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `T#${f.tenantId}#AISYS` },
          Limit: 101,
        })
      ).slice(0, 100);
      // Change records are keyed by version: the newest three are known keys.
      const changeKeys = systems.flatMap((s) =>
        [s.version, s.version - 1, s.version - 2]
          .filter((v: number) => v >= 1)
          .map((v: number) => tenantKeys.change(f.tenantId, 'AiSystem', s.id, v)),
      );
      const owners = systems.flatMap((s) => (s.ownerId ? [s.ownerId] : []));
      const [, changes] = await Promise.all([
        users(f, owners),
        batchGetAll(f.doc, f.tenantTable, changeKeys),
      ]);
      const actors = changes.map((c) => c.actorId).filter((id) => !owners.includes(id));
      if (actors.length) await users(f, actors);
    },
  },
  {
    name: 'risk register page 100 + owner, systems, actions',
    query: `{ risks(first: 100) { edges { node { id title aboveThreshold inherent { score band }
      owner { email } aiSystems { name } treatmentActions { title dueDate } } }
      pageInfo { hasNextPage endCursor } } }`,
    async floor(f) {
      await gate(f);
      // Actions carry their risk id but have no per-risk key: the whole plan is read.
      const [page, , methodology] = await Promise.all([
        queryPage(f.doc, {
          TableName: f.tenantTable,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `T#${f.tenantId}#RISK` },
          Limit: 101,
        }),
        queryAll(f.doc, {
          TableName: f.tenantTable,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `T#${f.tenantId}#ACTION` },
        }),
        currentMethodology(f),
      ]);
      const risks = page.slice(0, 100);
      await Promise.all([
        users(
          f,
          risks.map((r) => r.ownerId),
        ),
        batchGetAll(
          f.doc,
          f.tenantTable,
          risks.flatMap((r) => r.aiSystemIds.map((id: string) => tenantKeys.aiSystem(f.tenantId, id))),
        ),
      ]);
      return methodology;
    },
  },
  {
    name: 'risk heat map',
    query:
      '{ riskHeatMap { methodologyVersion notOnCurrentMethodology cells { likelihood impact inherent residual } } }',
    async floor(f) {
      await gate(f);
      await Promise.all([wholeRegister(f), currentMethodology(f)]);
    },
  },
  {
    name: 'gap list (untreated above threshold)',
    query: '{ untreatedRisksAboveThreshold(first: 50) { edges { node { id title } } } }',
    async floor(f) {
      await gate(f);
      await Promise.all([wholeRegister(f), currentMethodology(f)]);
    },
  },
  {
    name: 'SoA working copy + consistency check',
    query: `{ statementOfApplicability { version entries { control { id } applicable justification implementationStatus } }
      soaConsistency(first: 100) { edges { node { code severity } } } }`,
    async floor(f) {
      await gate(f);
      await Promise.all([
        f.doc.send(new GetCommand({ TableName: f.tenantTable, Key: tenantKeys.soaWorking(f.tenantId) })),
        wholeRegister(f),
        currentMethodology(f),
        queryPage(f.doc, {
          TableName: f.tenantTable,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
          ExpressionAttributeValues: { ':pk': `T#${f.tenantId}#SOA`, ':v': 'V#' },
          ScanIndexForward: false,
          Limit: 1,
        }),
      ]);
    },
  },
  {
    name: 'create risk (item + change record)',
    query: `mutation($i: CreateRiskInput!) { createRisk(input: $i) { id version } }`,
    async floor(f) {
      await gate(f);
      const [methodology] = await Promise.all([
        currentMethodology(f),
        f.doc.send(
          new GetCommand({ TableName: f.controlTable, Key: controlKeys.membership(f.ownerId, f.tenantId) }),
        ),
        batchGetAll(f.doc, f.tenantTable, [tenantKeys.aiSystem(f.tenantId, f.aiSystemId)]),
      ]);
      const id = randomUUID();
      const now = new Date().toISOString();
      const inherent = { likelihood: 3, impacts: { INDIVIDUALS: 4 }, impact: 4, score: 12, band: 'HIGH' };
      const risk = {
        id,
        tenantId: f.tenantId,
        title: 'Floor risk',
        category: 'PRIVACY',
        aiSystemIds: [f.aiSystemId],
        ownerId: f.ownerId,
        methodologyVersion: methodology[0]?.version ?? 1,
        inherent,
        status: 'OPEN',
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await f.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: f.tenantTable,
                Item: {
                  ...tenantKeys.risk(f.tenantId, id),
                  ...tenantKeys.riskIndexes(f.tenantId, { id, score: 12, band: 'HIGH', ownerId: f.ownerId }),
                  ...risk,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: f.tenantTable,
                Item: {
                  ...tenantKeys.change(f.tenantId, 'Risk', id, 1),
                  ...tenantKeys.changeFeed(f.tenantId, now, randomUUID()),
                  entityType: 'Risk',
                  entityId: id,
                  version: 1,
                  after: risk,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
    },
  },
];

/** Variables of the create-risk operation for a tenant. */
export function createRiskVariables(f: Pick<FloorContext, 'aiSystemId' | 'ownerId'>) {
  return () => ({
    i: {
      title: 'Benchmark-created risk',
      category: 'PRIVACY',
      aiSystemIds: [f.aiSystemId],
      ownerId: f.ownerId,
      likelihood: 3,
      impacts: [{ area: 'INDIVIDUALS', level: 4 }],
      reviewDate: '2027-06-30',
    },
  });
}
