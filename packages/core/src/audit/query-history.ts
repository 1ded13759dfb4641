// The change history of any entity, newest first, as a tenant-bound connection.
// On lists, the first page comes from the records' known keys (the entity's
// version and the k before it) in one batched read for the whole list.
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  DEFAULT_PAGE_SIZE,
  pagedConnection,
} from '../shared/pagination';
import { changeKey } from '../shared/store-keys';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { ChangeHistoryReader, ChangeRecord } from './change-record';

export type RecentChanges = (key: {
  entityType: string;
  entityId: string;
  version: number;
  count: number;
}) => Promise<(ChangeRecord | null)[]>;

export async function entityHistory(
  scope: TenantScope,
  entityType: string,
  entityId: string,
  args: ConnectionArgs,
  deps: { history: ChangeHistoryReader; cursors: CursorCodec; recent?: RecentChanges },
  /** The entity's current version, when known: lets the first page be read by key. */
  version?: number,
): Promise<Connection<ChangeRecord>> {
  assertCan(scope.role, 'history.read');
  return pagedConnection(
    scope.tenantId,
    `history|${entityType}|${entityId}`,
    args,
    deps.cursors,
    async (page) => {
      if (page.startKey || !deps.recent || version === undefined) {
        return deps.history.history(entityType, entityId, page);
      }
      const count = Math.min(page.limit ?? DEFAULT_PAGE_SIZE, version);
      const records = (await deps.recent({ entityType, entityId, version, count })).filter(
        (r): r is ChangeRecord => !!r,
      );
      return {
        entries: records.map((r) => ({ item: r, key: changeKey(scope.tenantId, r) })),
        hasMore: version > count,
      };
    },
  );
}
