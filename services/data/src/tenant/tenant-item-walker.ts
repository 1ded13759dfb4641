// Every item of one tenant, a page at a time, for background jobs that must see
// them all (data migrations). A managed tenant's own table holds nothing else, so
// it is read with a paginated parallel Scan: acceptable in a job, never on a
// request path, and the tenant-access session allows Scan on that table only.
// The pooled table is never scanned: the tenant's keys come from its TenantItems
// index (keys only) and the items from BatchGet, as conversion does. Memory is
// bounded by one page per segment whatever the tenant's size.
import type { Tenant } from '@aims/core';
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, type Item } from '../dynamo';
import { POOLED_TENANT_INDEX } from '../tables';

export interface TenantItemWalkerOptions {
  /** Items per page (Scan Limit, or keys per TenantItems query and BatchGet). Default 100. */
  pageSize?: number;
  /** Parallel Scan segments of a managed tenant's table. Default 4. */
  segments?: number;
}

export type PageVisitor = (items: Item[]) => Promise<void>;

export class TenantItemWalker {
  private readonly pageSize: number;
  private readonly segments: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tenant: Pick<Tenant, 'id' | 'tier' | 'tableName'>,
    options: TenantItemWalkerOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 100;
    this.segments = options.segments ?? 4;
  }

  /** Calls `visit` with each page in turn (per segment); the next page is read once it returns. */
  async forEachPage(visit: PageVisitor): Promise<void> {
    if (this.tenant.tier === 'MANAGED') {
      const segments = Array.from({ length: this.segments }, (_, segment) =>
        this.scanSegment(segment, visit),
      );
      // Every segment settles before an error surfaces: none keeps writing after the run ends.
      const failed = (await Promise.allSettled(segments)).find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      return;
    }
    for await (const keys of this.pooledKeyPages()) {
      const items = await batchGet(this.doc, this.tenant.tableName, keys);
      await visit(items.filter((i): i is Item => i !== null && i.tenantId === this.tenant.id));
    }
  }

  private async scanSegment(segment: number, visit: PageVisitor): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new ScanCommand({
          TableName: this.tenant.tableName,
          Segment: segment,
          TotalSegments: this.segments,
          Limit: this.pageSize,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      const items = (out.Items ?? []) as Item[];
      if (items.length) await visit(items);
      start = out.LastEvaluatedKey;
    } while (start);
  }

  private async *pooledKeyPages(): AsyncGenerator<{ PK: string; SK: string }[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tenant.tableName,
          IndexName: POOLED_TENANT_INDEX,
          KeyConditionExpression: 'tenantId = :t',
          ExpressionAttributeValues: { ':t': this.tenant.id },
          ExclusiveStartKey: start,
          Limit: this.pageSize,
        }),
      );
      const keys = (out.Items ?? []).map((i) => ({ PK: String(i.PK), SK: String(i.SK) }));
      if (keys.length) yield keys;
      start = out.LastEvaluatedKey;
    } while (start);
  }
}
