// Drives the real Lambda handler with API Gateway v2 events against DynamoDB
// Local, with tables of its own and the seeded demo organisations.
import { randomBytes } from 'node:crypto';
import {
  createDevIssuer,
  type DevUser,
  ensureTables,
  httpApiEvent,
  lambdaContext,
  localClients,
  localTables,
} from '@aims/local';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createApiHandler } from '../src/app';
import { localDeps } from '../src/local/local-deps';
import { DEMO_USERS, seedDemo } from '../src/local/seed';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions: Record<string, any> }[];
}

export async function createTestApi() {
  const endpoint = inject('dynamoEndpoint');
  const tables = localTables(`t${randomBytes(4).toString('hex')}-`);
  const clients = localClients(endpoint);
  await ensureTables(clients.raw, tables);
  const issuer = await createDevIssuer('https://issuer.test/', 'aims-test');
  const deps = localDeps({ endpoint, tables, issuer, clients });
  const handler = createApiHandler(deps);
  const demo = await seedDemo(deps);
  const tokens = new Map<string, string>();

  async function token(user: DevUser): Promise<string> {
    let t = tokens.get(user.sub);
    if (!t) {
      t = await issuer.sign(user);
      tokens.set(user.sub, t);
    }
    return t;
  }

  async function gql<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: {
      as?: DevUser | null;
      bearer?: string;
      headers?: Record<string, string>;
      handler?: typeof handler;
    } = {},
  ): Promise<GqlResult<T>> {
    const as = options.as === undefined ? DEMO_USERS.alex : options.as;
    const authorization = options.bearer ?? (as ? `Bearer ${await token(as)}` : undefined);
    const result = await (options.handler ?? handler)(
      httpApiEvent({
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', authorization, ...options.headers },
        body: JSON.stringify({ query, variables }),
      }),
      lambdaContext(),
    );
    const body = JSON.parse(result.body ?? '{}');
    return { status: result.statusCode ?? 200, data: body.data ?? null, errors: body.errors };
  }

  return { deps, issuer, handler, gql, token, tables, clients, demo, users: DEMO_USERS };
}

export type TestApi = Awaited<ReturnType<typeof createTestApi>>;

/** The single error of a failed operation, asserting there was exactly one. */
export function onlyError(result: GqlResult) {
  if (result.errors?.length !== 1) {
    throw new Error(`expected exactly one error, got ${JSON.stringify(result.errors ?? result.data)}`);
  }
  return result.errors[0] as NonNullable<GqlResult['errors']>[number];
}

/**
 * How many items one entity has in its GSI1 listing partition and how many change
 * records it has (GSI2), in a tenant's table: tests assert a refused write leaves both unchanged.
 */
export async function storedCounts(
  api: TestApi,
  where: { table: string; tenantId: string; partition: string; entityType: string },
) {
  const count = async (index: string, pk: string) =>
    (
      await api.clients.doc.send(
        new QueryCommand({
          TableName: where.table,
          IndexName: index,
          KeyConditionExpression: `${index}PK = :pk`,
          ExpressionAttributeValues: { ':pk': pk },
        }),
      )
    ).Count ?? 0;
  const [items, changes] = await Promise.all([
    count('GSI1', `T#${where.tenantId}#${where.partition}`),
    count('GSI2', `T#${where.tenantId}#CHG#${where.entityType}`),
  ]);
  return { items, changes };
}
