// Brings one tenant's stored items up to their declarations (the data-migrations
// job): each item the walker reads is planned by core's `planMigration`, and a
// stale one is put back only if it is still as read (version, schemaVersion,
// index keys and numbers, see ReadGuard), so a write made since always wins; that
// failed condition is counted, not an error, and the next run looks again. A
// current item is never written, so a rerun writes nothing.
import {
  type AnyAggregate,
  countIn,
  declarationsByEntity,
  emptyMigrationReport,
  type MigrationReport,
  planMigration,
  type ReadGuard,
  type StoredItem,
  type Tenant,
} from '@aims/core';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../dynamo';
import { TenantItemWalker, type TenantItemWalkerOptions } from './tenant-item-walker';

export interface TenantItemMigratorOptions extends TenantItemWalkerOptions {
  /** Conditional puts in flight per page. Default 10. */
  writeConcurrency?: number;
}

export async function migrateTenantItems(
  doc: DynamoDBDocumentClient,
  tenant: Pick<Tenant, 'id' | 'tier' | 'tableName'>,
  decls: readonly AnyAggregate[],
  options: TenantItemMigratorOptions = {},
): Promise<MigrationReport> {
  const byEntity = declarationsByEntity(decls);
  const report = emptyMigrationReport();
  const concurrency = options.writeConcurrency ?? 10;

  const rewrite = async (entity: string, item: StoredItem, guard: ReadGuard) => {
    try {
      await doc.send(new PutCommand({ TableName: tenant.tableName, Item: item, ...guardCondition(guard) }));
      countIn(report.rewritten, entity);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      report.conflicts++;
    }
  };

  await new TenantItemWalker(doc, tenant, options).forEachPage(async (items: Item[]) => {
    const writes: (() => Promise<void>)[] = [];
    for (const stored of items) {
      report.read++;
      const plan = planMigration(stored, byEntity, tenant.id);
      if (plan.kind === 'current') report.current++;
      else if (plan.kind === 'stale') writes.push(() => rewrite(plan.entity, plan.item, plan.guard));
      else countIn(report[plan.kind], plan.entity);
    }
    for (let i = 0; i < writes.length; i += concurrency) {
      await Promise.all(writes.slice(i, i + concurrency).map((w) => w()));
    }
  });
  return report;
}

/** The item still exists and every guarded attribute is as read (absent stays absent). */
function guardCondition(guard: ReadGuard) {
  const names: Record<string, string> = {};
  const values: Record<string, string | number> = {};
  const terms = ['attribute_exists(PK)'];
  Object.entries(guard).forEach(([attribute, value], i) => {
    names[`#g${i}`] = attribute;
    if (value === undefined) {
      terms.push(`attribute_not_exists(#g${i})`);
    } else {
      values[`:g${i}`] = value;
      terms.push(`#g${i} = :g${i}`);
    }
  });
  return {
    ConditionExpression: terms.join(' AND '),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}
