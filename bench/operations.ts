// The representative operations of the benchmark, each as a GraphQL request
// through the real handler and as its DynamoDB floor: the fewest requests the
// current key design allows for the same answer, issued directly with the SDK
// (BatchGet where keys are known, independent reads in parallel). The floor
// includes the request gate (membership + tenant), which no request can skip.
import { randomUUID } from 'node:crypto';
import {
  AiSystems,
  changeFeedKey,
  changeKey,
  joinKey,
  PROVENANCES,
  primaryKey,
  type Risk,
  RiskActionLists,
  RiskCountsStore,
  type RiskMethodology,
  RiskSystemLinks,
  Risks,
  scoreRisk,
  TreatmentActions,
  toStoredItem,
  withDerivedFacts,
} from '@aims/core';
import { controlKeys } from '@aims/data';
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

const indexPage = (f: FloorContext, index: string, parts: (string | number)[], limit: number) =>
  queryPage(f.doc, {
    TableName: f.tenantTable,
    IndexName: index,
    KeyConditionExpression: `${index}PK = :pk`,
    ExpressionAttributeValues: { ':pk': joinKey(f.tenantId, parts) },
    Limit: limit,
  });

const partition = (f: FloorContext, parts: (string | number)[], sortPrefix?: string) =>
  queryAll(f.doc, {
    TableName: f.tenantTable,
    KeyConditionExpression: `PK = :pk${sortPrefix ? ' AND begins_with(SK, :sp)' : ''}`,
    ExpressionAttributeValues: {
      ':pk': joinKey(f.tenantId, parts),
      ...(sortPrefix ? { ':sp': sortPrefix } : {}),
    },
  });

// The newest APPROVED version: the two newest cover an approved one under at most one pending draft.
const currentMethodology = (f: FloorContext) =>
  queryPage(f.doc, {
    TableName: f.tenantTable,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': joinKey(f.tenantId, ['RISKMETH']) },
    ScanIndexForward: false,
    Limit: 2,
  });

export const OPERATIONS: Operation[] = [
  {
    name: 'inventory page 100 + owner + history(3)',
    query: `{ aiSystems(first: 100) { edges { node { id name lifecycleStage owner { email }
      history(first: 3) { edges { node { action at version actor { email } } } } } }
      pageInfo { hasNextPage endCursor } } }`,
    async floor(f) {
      await gate(f);
      const systems = (await indexPage(f, 'GSI1', ['AISYS'], 101)).slice(0, 100);
      // Change records are keyed by version: the newest three are known keys.
      const changeKeys = systems.flatMap((s) =>
        [s.version, s.version - 1, s.version - 2]
          .filter((v: number) => v >= 1)
          .map((v: number) => changeKey(f.tenantId, { entityType: 'AiSystem', entityId: s.id, version: v })),
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
      const risks = (await indexPage(f, 'GSI1', ['RISK'], 101)).slice(0, 100);
      const [, , lists] = await Promise.all([
        users(
          f,
          risks.map((r) => r.ownerId),
        ),
        batchGetAll(
          f.doc,
          f.tenantTable,
          risks.flatMap((r) => r.aiSystemIds.map((id: string) => primaryKey(AiSystems, f.tenantId, { id }))),
        ),
        batchGetAll(
          f.doc,
          f.tenantTable,
          risks.map((r) => primaryKey(RiskActionLists, f.tenantId, { riskId: r.id })),
        ),
      ]);
      const actionIds = lists.flatMap((l) => l.actionIds as string[]);
      if (actionIds.length)
        await batchGetAll(
          f.doc,
          f.tenantTable,
          actionIds.map((id) => primaryKey(TreatmentActions, f.tenantId, { id })),
        );
    },
  },
  {
    name: 'risk heat map',
    query:
      '{ riskHeatMap { methodologyVersion notOnCurrentMethodology cells { likelihood impact inherent residual } } }',
    async floor(f) {
      await gate(f);
      await Promise.all([partition(f, ['RISKCOUNT']), currentMethodology(f)]);
    },
  },
  {
    name: 'gap list (untreated above threshold)',
    query: '{ untreatedRisksAboveThreshold(first: 50) { edges { node { id title } } } }',
    async floor(f) {
      await gate(f);
      await indexPage(f, 'GSI6', ['RISK', 'GAP'], 51);
    },
  },
  {
    name: 'SoA working copy + consistency check',
    query: `{ statementOfApplicability { version entries { control { id } applicable justification implementationStatus } }
      soaConsistency(first: 100) { edges { node { code severity } } } }`,
    async floor(f) {
      await gate(f);
      // The SoA partition with the custom controls its additional entries name, the reliance
      // links, a page of gaps, when risks last changed, a few systems of each provenance and
      // the sparse index of high-risk systems.
      const [entries, links] = await Promise.all([
        partition(f, ['SOA']),
        partition(f, ['LINK', 'RISK-CONTROL']),
        indexPage(f, 'GSI1', ['CTRL'], 1000),
        indexPage(f, 'GSI6', ['RISK', 'GAP'], 101),
        queryPage(f.doc, {
          TableName: f.tenantTable,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': joinKey(f.tenantId, ['CHG', 'Risk']) },
          ScanIndexForward: false,
          Limit: 1,
        }),
        ...PROVENANCES.map((p) => indexPage(f, 'GSI3', ['AISYS', 'PROV', p], 11)),
        indexPage(f, 'GSI3', ['IA', 'HIGH'], 11),
      ]);
      // Findings name the risks relying on excluded controls: only those are read.
      const excluded = new Set(entries.filter((e) => e.applicable === false).map((e) => e.controlId));
      const named = links.filter((l) => excluded.has(l.controlRef)).map((l) => l.riskId as string);
      if (named.length)
        await batchGetAll(
          f.doc,
          f.tenantTable,
          named.map((id) => primaryKey(Risks, f.tenantId, { id })),
        );
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
        batchGetAll(f.doc, f.tenantTable, [primaryKey(AiSystems, f.tenantId, { id: f.aiSystemId })]),
      ]);
      const now = new Date().toISOString();
      const m = methodology[0] as unknown as RiskMethodology;
      const risk: Risk = withDerivedFacts(
        {
          id: randomUUID(),
          tenantId: f.tenantId,
          title: 'Floor risk',
          description: null,
          category: 'PRIVACY',
          aiSystemIds: [f.aiSystemId],
          ownerId: f.ownerId,
          methodologyVersion: m.version,
          inherent: scoreRisk(m, 3, { ORGANISATION: 1, INDIVIDUALS: 4, GROUPS: 1, SOCIETY: 1 }),
          treatments: [],
          residual: null,
          residualAssessedAt: null,
          treatmentOutcome: null,
          treatmentImplemented: false,
          reviewDate: '2027-06-30',
          status: 'OPEN',
          sourceFinding: null,
          currentBand: 'LOW',
          aboveThreshold: false,
          gap: null,
          residualAcceptance: null,
          closure: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        },
        m,
      );
      const change = { id: randomUUID(), entityType: 'Risk', entityId: risk.id, version: 1, at: now };
      // The same items the API commits: the risk, its change record, its system link, the heat-map counter.
      await f.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: f.tenantTable,
                Item: toStoredItem(Risks, f.tenantId, risk),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: f.tenantTable,
                Item: {
                  ...changeKey(f.tenantId, change),
                  ...changeFeedKey(f.tenantId, now, change.id, 'Risk'),
                  ...change,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: f.tenantTable,
                Item: toStoredItem(RiskSystemLinks, f.tenantId, {
                  riskId: risk.id,
                  aiSystemId: f.aiSystemId,
                  score: risk.inherent.score,
                }),
              },
            },
            {
              Update: {
                TableName: f.tenantTable,
                Key: primaryKey(RiskCountsStore, f.tenantId, { methodologyVersion: m.version }),
                UpdateExpression: 'ADD #i :one, #r :one',
                ExpressionAttributeNames: { '#i': 'i_3_4', '#r': 'r_3_4' },
                ExpressionAttributeValues: { ':one': 1 },
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
      impacts: [
        { area: 'ORGANISATION', level: 2 },
        { area: 'INDIVIDUALS', level: 4 },
        { area: 'GROUPS', level: 2 },
        { area: 'SOCIETY', level: 1 },
      ],
      reviewDate: '2027-06-30',
    },
  });
}
