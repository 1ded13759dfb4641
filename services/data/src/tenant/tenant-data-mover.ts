// Moves one tenant's items out of the pooled table (conversion to a managed
// tenant, SPEC §1). The tenant's keys are listed from the pooled table's
// TenantItems index (keys only, no Scan), one page of at most 100 at a time, so
// memory stays bounded by a page whatever the tenant's size: each page is one
// BatchGet, four BatchWrites of 25, and is then dropped. Items are copied
// unchanged (keys, index keys, tenantId, entity, schemaVersion, TTL).
// The index is eventually consistent; the tenant is CONVERTING (no writes)
// before any of this runs, and verify lists it again after the copy.
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  type EntityCount,
  type Tenant,
  type TenantDataMover,
  type TenantItemSummary,
} from '@aims/core';
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, type Item } from '../dynamo';
import { POOLED_TENANT_INDEX } from '../tables';
import type { TenantClientProvider } from './tenant-data';

type Key = { PK: string; SK: string };
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

const PAGE = 100;
const BATCH_WRITE = 25;
const MAX_ATTEMPTS = 10;
const THROTTLES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

export interface TenantDataMoverOptions {
  /** Backoff between retries of throttled or unprocessed writes (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

export class DynamoTenantDataMover implements TenantDataMover {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly clients: TenantClientProvider,
    options: TenantDataMoverOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async copy(from: Tenant, to: Tenant): Promise<number> {
    const [source, target] = await Promise.all([this.clients.clientFor(from), this.clients.clientFor(to)]);
    let copied = 0;
    for await (const keys of this.keyPages(source, from)) {
      const items = (await batchGet(source, from.tableName, keys)).filter(
        (i): i is Item => i !== null && i.tenantId === from.id,
      );
      await this.batchWrite(
        target,
        to.tableName,
        items.map((Item) => ({ PutRequest: { Item } })),
      );
      copied += items.length;
    }
    return copied;
  }

  async compare(from: Tenant, to: Tenant): Promise<{ source: TenantItemSummary; target: TenantItemSummary }> {
    const [sourceDoc, targetDoc] = await Promise.all([
      this.clients.clientFor(from),
      this.clients.clientFor(to),
    ]);
    const source = new Tally();
    const target = new Tally();
    for await (const keys of this.keyPages(sourceDoc, from)) {
      // Both sides are read by the same keys in the same order, so equal items hash equal.
      const [mine, theirs] = await Promise.all([
        batchGet(sourceDoc, from.tableName, keys),
        batchGet(targetDoc, to.tableName, keys),
      ]);
      for (const item of mine) if (item && item.tenantId === from.id) source.add(item);
      for (const item of theirs) if (item && item.tenantId === from.id) target.add(item);
    }
    return { source: source.summary(), target: target.summary() };
  }

  /**
   * Deletes the pooled copies. The tenant is still CONVERTING, so nothing writes to
   * the new table meanwhile: a pooled item that differs from (or is missing in) the
   * new table was written by a request already past the gate when conversion began,
   * after the copy — it is carried over first, so no late write is lost.
   */
  async purge(from: Tenant, to: Tenant): Promise<number> {
    const [source, target] = await Promise.all([this.clients.clientFor(from), this.clients.clientFor(to)]);
    let deleted = 0;
    for await (const keys of this.keyPages(source, from)) {
      const [mine, theirs] = await Promise.all([
        batchGet(source, from.tableName, keys),
        batchGet(target, to.tableName, keys),
      ]);
      const late = mine.filter(
        (item, i): item is Item =>
          item !== null &&
          item.tenantId === from.id &&
          canonicalJson(item) !== canonicalJson(theirs[i] ?? null),
      );
      if (late.length) {
        await this.batchWrite(
          target,
          to.tableName,
          late.map((Item) => ({ PutRequest: { Item } })),
        );
      }
      await this.batchWrite(
        source,
        from.tableName,
        keys.map((Key) => ({ DeleteRequest: { Key } })),
      );
      deleted += keys.length;
    }
    return deleted;
  }

  /** The tenant's primary keys, a page at a time, from the pooled table's TenantItems index. */
  private async *keyPages(doc: DynamoDBDocumentClient, tenant: Tenant): AsyncGenerator<Key[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName: tenant.tableName,
          IndexName: POOLED_TENANT_INDEX,
          KeyConditionExpression: 'tenantId = :t',
          ExpressionAttributeValues: { ':t': tenant.id },
          ExclusiveStartKey: start,
          Limit: PAGE,
        }),
      );
      const keys = (out.Items ?? []).map((i) => ({ PK: String(i.PK), SK: String(i.SK) }));
      if (keys.length) yield keys;
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /** BatchWrite in chunks of 25, retrying unprocessed items and throttling with jittered backoff. */
  private async batchWrite(doc: DynamoDBDocumentClient, table: string, requests: WriteRequest[]) {
    for (let i = 0; i < requests.length; i += BATCH_WRITE) {
      let pending = requests.slice(i, i + BATCH_WRITE);
      for (let attempt = 1; pending.length; attempt++) {
        if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWrite to ${table} kept failing`);
        if (attempt > 1) await this.sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
        try {
          const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[];
        } catch (error) {
          if (!(error instanceof Error && THROTTLES.has(error.name))) throw error;
        }
      }
    }
  }
}

/** Per-entity counts and a running SHA-256 over canonical items. */
class Tally {
  private readonly hash = createHash('sha256');
  private readonly counts = new Map<string, number>();
  private items = 0;

  add(item: Item): void {
    const entity = String(item.entity ?? 'unknown');
    this.counts.set(entity, (this.counts.get(entity) ?? 0) + 1);
    this.items++;
    this.hash.update(canonicalJson(item));
    this.hash.update('\n');
  }

  summary(): TenantItemSummary {
    const counts: EntityCount[] = [...this.counts]
      .map(([entity, count]) => ({ entity, count }))
      .sort((a, b) => a.entity.localeCompare(b.entity));
    return { counts, itemCount: this.items, checksum: this.hash.digest('hex') };
  }
}
