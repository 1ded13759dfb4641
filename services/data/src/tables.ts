// Table shapes, used by tenant provisioning at run time, by the local stack and
// by tests. infra/ declares the same shapes for the tables CDK owns.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

function table(name: string, indexes: number): CreateTableCommandInput {
  const gsis = Array.from({ length: indexes }, (_, i) => `GSI${i + 1}`);
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['PK', 'SK', ...gsis.flatMap((g) => [`${g}PK`, `${g}SK`])].map((AttributeName) => ({
      AttributeName,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: gsis.map((g) => ({
      IndexName: g,
      KeySchema: [
        { AttributeName: `${g}PK`, KeyType: 'HASH' },
        { AttributeName: `${g}SK`, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/**
 * The attribute DynamoDB TTL deletes tenant items by (epoch seconds): issued
 * reminders carry it (§3.14). infra enables it on the pooled table and the
 * provisioner on each managed tenant's table; an infra test compares the name.
 */
export const TENANT_TTL_ATTRIBUTE = 'expiresAt';

export const controlPlaneTable = (name: string) => table(name, 2);
/** A managed tenant's own table and the pooled self-service table share this shape. */
export const tenantTable = (name: string) => table(name, 6);

/**
 * The pooled table's extra index: every item of one tenant by its `tenantId`
 * attribute (sort: PK), keys only. Conversion to a managed tenant lists what to
 * copy, verify and delete with it instead of a Scan; managed tables do not need
 * it (the whole table is the tenant's), so they do not pay its writes.
 */
export const POOLED_TENANT_INDEX = 'TenantItems';

export function pooledTable(name: string): CreateTableCommandInput {
  const base = tenantTable(name);
  return {
    ...base,
    AttributeDefinitions: [
      ...(base.AttributeDefinitions ?? []),
      { AttributeName: 'tenantId', AttributeType: 'S' },
    ],
    GlobalSecondaryIndexes: [
      ...(base.GlobalSecondaryIndexes ?? []),
      {
        IndexName: POOLED_TENANT_INDEX,
        KeySchema: [
          { AttributeName: 'tenantId', KeyType: 'HASH' },
          { AttributeName: 'PK', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  };
}
