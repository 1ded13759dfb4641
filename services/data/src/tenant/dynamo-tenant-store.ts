// biome-ignore-all lint/suspicious/noExplicitAny: declarations are generic over every aggregate; each store call is typed at its declaration.
// The TenantStore over one DynamoDB table (a tenant's own, or the pooled one):
// keys, indexes and parsing come from the aggregate declarations; this file only
// knows how to say get / query / transact to DynamoDB.
import {
  type AnyAggregate,
  assertTransactionSize,
  type ChangeKey,
  type ChangeRecord,
  ConflictError,
  changeFeedKey,
  changeFeedPartition,
  changeKey,
  changeRecordSchema,
  conflictFor,
  joinKey,
  type KeyParts,
  type Page,
  type PageKey,
  type PageRequest,
  positionOf,
  primaryKey,
  type QueryOptions,
  type TenantStore,
  tooLarge,
  toStoredItem,
  type Write,
} from '@aims/core';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { batchGet, type Item } from '../dynamo';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Called when a read meets an item of another tenant: it is treated as absent, and must be logged. */
export type ViolationReporter = (detail: {
  tenantId: string;
  foundTenantId: unknown;
  entity: string;
}) => void;

const CONFLICT_RETRIES = 3;

export class DynamoTenantStore implements TenantStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    readonly tenantId: string,
    private readonly reportViolation: ViolationReporter = () => {},
  ) {}

  async get(decl: AnyAggregate, key: unknown) {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: primaryKey(decl, this.tenantId, key),
        ConsistentRead: true,
      }),
    );
    return this.read(decl, out.Item);
  }

  async getMany(decl: AnyAggregate, keys: readonly unknown[]) {
    const items = await batchGet(
      this.doc,
      this.table,
      keys.map((k) => primaryKey(decl, this.tenantId, k)),
    );
    return items.map((i) => this.read(decl, i ?? undefined));
  }

  async query(
    decl: AnyAggregate,
    pattern: string,
    params: unknown,
    page: PageRequest,
    options: QueryOptions = {},
  ): Promise<Page<any>> {
    const p = decl.patterns[pattern];
    if (!p) throw new Error(`${decl.name} has no access pattern ${pattern}`);
    const where = Object.entries(options.where ?? {});
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': joinKey(this.tenantId, p.partition(params)) };
    where.forEach(([k, v], i) => {
      names[`#w${i}`] = k;
      values[`:w${i}`] = v;
    });
    if (options.sortPrefix) values[':sp'] = options.sortPrefix;
    const [pkAttr, skAttr] = p.index === 'TABLE' ? ['PK', 'SK'] : [`${p.index}PK`, `${p.index}SK`];
    const input: QueryCommandInput = {
      TableName: this.table,
      ...(p.index === 'TABLE' ? {} : { IndexName: p.index }),
      KeyConditionExpression: `${pkAttr} = :pk${options.sortPrefix ? ` AND begins_with(${skAttr}, :sp)` : ''}`,
      ExpressionAttributeValues: values,
      ScanIndexForward: !options.descending,
      ...(where.length
        ? {
            FilterExpression: where.map((_, i) => `#w${i} = :w${i}`).join(' AND '),
            ExpressionAttributeNames: names,
          }
        : {}),
    };
    return this.readPage(
      decl,
      input,
      page,
      p.index,
      where.length ? (options.maxReads ?? 3) : Number.POSITIVE_INFINITY,
    );
  }

  async collection(
    decl: AnyAggregate,
    partition: KeyParts,
    options: Pick<QueryOptions, 'sortPrefix' | 'descending'> & { limit?: number } = {},
  ) {
    const items: any[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: `PK = :pk${options.sortPrefix ? ' AND begins_with(SK, :sp)' : ''}`,
          ExpressionAttributeValues: {
            ':pk': joinKey(this.tenantId, partition),
            ...(options.sortPrefix ? { ':sp': options.sortPrefix } : {}),
          },
          ScanIndexForward: !options.descending,
          ExclusiveStartKey: start,
          ...(options.limit ? { Limit: options.limit } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        if (item.entity === decl.name) items.push(this.read(decl, item));
      }
      start = options.limit && items.length >= options.limit ? undefined : out.LastEvaluatedKey;
    } while (start);
    return items.filter((i) => i !== null);
  }

  async partition(parts: KeyParts, decls: readonly AnyAggregate[]): Promise<Map<string, unknown[]>> {
    const byName = new Map(decls.map((d) => [d.name, d]));
    const out = new Map<string, unknown[]>(decls.map((d) => [d.name, []]));
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': joinKey(this.tenantId, parts) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const decl = byName.get(String(item.entity));
        const parsed = decl ? this.read(decl, item) : null;
        if (decl && parsed !== null) out.get(decl.name)?.push(parsed);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async lastChangeAt(entityType: string): Promise<string | null> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': joinKey(this.tenantId, ['CHG', entityType]) },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const at = out.Items?.[0]?.at;
    return typeof at === 'string' ? at : null;
  }

  async commit(writes: readonly Write[]): Promise<void> {
    assertTransactionSize(writes);
    const items = writes.map((w) => this.transactItem(w));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const mapped = this.mapWriteError(error, writes);
        if (mapped === 'retry' && attempt < CONFLICT_RETRIES) {
          // Another transaction held one of the items (e.g. a register counter): back off with jitter.
          await new Promise((r) => setTimeout(r, 10 * 2 ** attempt + Math.random() * 20));
          continue;
        }
        if (mapped === 'retry') {
          throw new ConflictError('the data is being changed by another request; retry', 'VERSION_MISMATCH', {
            cause: error,
          });
        }
        throw mapped;
      }
    }
  }

  history(entityType: string, entityId: string, page: PageRequest): Promise<Page<ChangeRecord>> {
    return this.readPage(
      { name: 'ChangeRecord', schema: changeRecordSchema } as unknown as AnyAggregate,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: {
          ':pk': changeKey(this.tenantId, { entityType, entityId, version: 0 }).PK,
        },
        ScanIndexForward: false,
      },
      page,
      null,
      Number.POSITIVE_INFINITY,
    ) as Promise<Page<ChangeRecord>>;
  }

  feed(page: PageRequest): Promise<Page<ChangeRecord>> {
    return this.readPage(
      { name: 'ChangeRecord', schema: changeRecordSchema } as unknown as AnyAggregate,
      {
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': changeFeedPartition(this.tenantId) },
        ScanIndexForward: false,
      },
      page,
      'GSI1',
      Number.POSITIVE_INFINITY,
    ) as Promise<Page<ChangeRecord>>;
  }

  async changes(keys: readonly ChangeKey[]): Promise<(ChangeRecord | null)[]> {
    const items = await batchGet(
      this.doc,
      this.table,
      keys.map((k) => changeKey(this.tenantId, k)),
    );
    return items.map((i) => (i && i.tenantId === this.tenantId ? changeRecordSchema.parse(i) : null));
  }

  /** One page; asks for one item more so hasMore is exact, and bounds reads when a filter thins them. */
  private async readPage(
    decl: AnyAggregate,
    input: QueryCommandInput,
    page: PageRequest,
    index: string | null,
    maxReads: number,
  ): Promise<Page<any>> {
    const wanted = page.limit + 1;
    const collected: Item[] = [];
    let start: PageKey | undefined = page.startKey;
    let reads = 0;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          ...input,
          ExclusiveStartKey: start,
          // Past 1,000 items a read is bounded by DynamoDB's 1 MB page, not by a count.
          ...(wanted > 1000
            ? {}
            : { Limit: input.FilterExpression ? Math.max(wanted * 2, 50) : wanted - collected.length }),
        }),
      );
      reads++;
      collected.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey as PageKey | undefined;
    } while (start && collected.length < wanted && reads < maxReads);
    const kept = collected.slice(0, page.limit);
    const entries = kept.flatMap((item) => {
      const parsed = this.read(decl, item);
      return parsed === null ? [] : [{ item: parsed, key: positionOf(item, index) }];
    });
    if (collected.length > page.limit) return { entries, hasMore: true };
    // Reads stopped on the bound with more to read: continue from there next time.
    return start ? { entries, hasMore: true, endKey: start } : { entries, hasMore: false };
  }

  private read(decl: AnyAggregate, item: Item | undefined): any {
    if (!item) return null;
    if (item.tenantId !== this.tenantId) {
      this.reportViolation({ tenantId: this.tenantId, foundTenantId: item.tenantId, entity: decl.name });
      return null;
    }
    if (item.entity !== decl.name) return null;
    return decl.schema.parse(item);
  }

  private transactItem(write: Write): TransactItem {
    const TableName = this.table;
    switch (write.kind) {
      case 'put': {
        const Item = toStoredItem(write.decl, this.tenantId, write.entity);
        if (write.expect === 'any') return { Put: { TableName, Item } };
        return {
          Put: {
            TableName,
            Item,
            ...(write.expect === 'absent'
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : {
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: { ':expected': write.expect.version },
                }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        };
      }
      case 'delete':
        return { Delete: { TableName, Key: primaryKey(write.decl, this.tenantId, write.key) } };
      case 'check':
        return {
          ConditionCheck: {
            TableName,
            Key: primaryKey(write.decl, this.tenantId, write.key),
            ConditionExpression:
              write.version === 0 ? 'attribute_not_exists(PK) OR version = :expected' : 'version = :expected',
            ExpressionAttributeValues: { ':expected': write.version },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        };
      case 'increment': {
        const names: Record<string, string> = {
          '#tenant': 'tenantId',
          '#entity': 'entity',
          '#schema': 'schemaVersion',
          ...(write.expect === undefined ? {} : { '#version': 'version' }),
        };
        const values: Record<string, unknown> = {
          ':tenant': this.tenantId,
          ':entity': write.decl.name,
          ':schema': write.decl.schemaVersion,
        };
        const adds: string[] = [];
        // The shape version is stamped only on creation: an older item keeps its own, so migrations still find it.
        const sets = ['#tenant = :tenant', '#entity = :entity', '#schema = if_not_exists(#schema, :schema)'];
        Object.entries(write.deltas).forEach(([k, d], i) => {
          names[`#a${i}`] = k;
          values[`:a${i}`] = d;
          adds.push(`#a${i} :a${i}`);
        });
        Object.entries(write.set ?? {}).forEach(([k, v], i) => {
          names[`#s${i}`] = k;
          values[`:s${i}`] = v;
          sets.push(`#s${i} = :s${i}`);
        });
        return {
          Update: {
            TableName,
            Key: primaryKey(write.decl, this.tenantId, write.key),
            UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: {
              ...values,
              ...(write.expect === undefined ? {} : { ':expected': write.expect }),
            },
            ...(write.expect === undefined
              ? {}
              : {
                  ConditionExpression:
                    write.expect === 0
                      ? 'attribute_not_exists(#version) OR #version = :expected'
                      : '#version = :expected',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                }),
          },
        };
      }
      case 'change': {
        const key = changeKey(this.tenantId, write.record);
        return {
          Put: {
            TableName,
            Item: {
              ...key,
              ...changeFeedKey(this.tenantId, write.record.at, write.record.id, write.record.entityType),
              entity: 'ChangeRecord',
              ...write.record,
              // Every tenant item carries its tenant (the pooled TenantItems index lists by it).
              tenantId: this.tenantId,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        };
      }
    }
  }

  private mapWriteError(error: unknown, writes: readonly Write[]): Error | 'retry' {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      for (const [i, reason] of reasons.entries()) {
        const write = writes[i];
        if (reason.Code === 'ConditionalCheckFailed' && write) {
          const version = reason.Item?.version?.N;
          const current = reason.Item ? { version: version === undefined ? null : Number(version) } : null;
          if (write.kind === 'increment') {
            return conflictFor(
              { kind: 'check', decl: write.decl, key: write.key, version: write.expect ?? 0 },
              current,
            );
          }
          return conflictFor(write, current);
        }
      }
      if (reasons.some((r) => r.Code === 'TransactionConflict')) return 'retry';
      const tooBig = reasons.findIndex((r) => r.Code === 'ValidationError' && /size/i.test(r.Message ?? ''));
      const write = writes[tooBig];
      if (write)
        return tooLarge(
          write.kind === 'change' ? write.record.entityType : 'decl' in write ? write.decl.name : 'item',
        );
    }
    if (error instanceof Error && error.name === 'ValidationException' && /item size/i.test(error.message)) {
      return tooLarge('item');
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}
