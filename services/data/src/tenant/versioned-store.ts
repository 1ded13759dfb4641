// The write and read shapes every tenant entity shares: create with a change
// record, replace under an expected version with a change record, read one,
// read all of a kind. Keeps each repository down to its keys and its queries.
import { type ChangeRecord, ConflictError } from '@aims/core';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, type Item, stripKeys, transactWrite } from '../dynamo';
import { changePut } from './change-records';

type Key = { PK: string; SK: string };
type TransactItem = NonNullable<Parameters<typeof transactWrite>[1]['TransactItems']>[number];

export class VersionedStore {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly table: string,
    readonly tenantId: string,
  ) {}

  async get<T>(key: Key, consistent = true): Promise<T | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: consistent }),
    );
    return out.Item ? this.own<T>(out.Item) : null;
  }

  async getMany<T>(keys: Key[]): Promise<(T | null)[]> {
    const items = await batchGet(this.doc, this.table, keys);
    return items.map((i) => (i ? this.own<T>(i) : null));
  }

  /** Every item under one index partition, read page by page. */
  async queryAll<T>(index: 'GSI1' | 'GSI2' | 'GSI3' | null, pk: string, skPrefix?: string): Promise<T[]> {
    const items: T[] = [];
    const pkAttr = index ? `${index}PK` : 'PK';
    const skAttr = index ? `${index}SK` : 'SK';
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          ...(index ? { IndexName: index } : {}),
          KeyConditionExpression: skPrefix
            ? `${pkAttr} = :pk AND begins_with(${skAttr}, :sk)`
            : `${pkAttr} = :pk`,
          ExpressionAttributeValues: { ':pk': pk, ...(skPrefix ? { ':sk': skPrefix } : {}) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) items.push(this.own<T>(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** The newest item of a partition by sort key, or null. */
  async latest<T>(pk: string, skPrefix: string, index: 'GSI1' | null = null): Promise<T | null> {
    const pkAttr = index ? `${index}PK` : 'PK';
    const skAttr = index ? `${index}SK` : 'SK';
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        ...(index ? { IndexName: index } : {}),
        KeyConditionExpression: `${pkAttr} = :pk AND begins_with(${skAttr}, :sk)`,
        ExpressionAttributeValues: { ':pk': pk, ':sk': skPrefix },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    return item ? this.own<T>(item) : null;
  }

  createItem(item: Item, entity: string): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: { entity, ...item },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }

  replaceItem(item: Item, entity: string, expectedVersion: number): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: { entity, ...item },
        ConditionExpression: 'attribute_exists(PK) AND version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      },
    };
  }

  /** Writes the items and their change records in one transaction; failed conditions become CONFLICT. */
  async write(label: string, items: TransactItem[], changes: ChangeRecord[]): Promise<void> {
    const conflicts: Record<number, (cause: unknown) => ConflictError> = {};
    items.forEach((item, i) => {
      // A failed create means something is already there; a failed replace means a stale version.
      const creating = 'Put' in item && item.Put?.ConditionExpression === 'attribute_not_exists(PK)';
      conflicts[i] = (cause) =>
        creating
          ? new ConflictError(`${label} already exists`, 'ALREADY_EXISTS', { cause })
          : new ConflictError(`${label} changed since you read it; reload and retry`, 'VERSION_MISMATCH', {
              cause,
            });
    });
    changes.forEach((_, i) => {
      conflicts[items.length + i] = (cause) =>
        new ConflictError(`${label} changed concurrently`, 'VERSION_MISMATCH', { cause });
    });
    await transactWrite(
      this.doc,
      { TransactItems: [...items, ...changes.map((c) => changePut(this.table, c))] },
      conflicts,
    );
  }

  /** Defence in depth for the pooled table: never hand out another tenant's item. */
  private own<T>(item: Item): T {
    if (item.tenantId !== undefined && item.tenantId !== this.tenantId)
      throw new Error('tenant mismatch in stored item');
    return stripKeys<T>(item);
  }
}
