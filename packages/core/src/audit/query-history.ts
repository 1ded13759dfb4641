// The change history of any entity, newest first, as a tenant-bound connection.
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pageRequest,
  toConnection,
} from '../shared/pagination';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { ChangeHistoryReader, ChangeRecord } from './change-record';

export async function entityHistory(
  scope: TenantScope,
  entityType: string,
  entityId: string,
  args: ConnectionArgs,
  deps: { history: ChangeHistoryReader; cursors: CursorCodec },
): Promise<Connection<ChangeRecord>> {
  assertCan(scope.role, 'history.read');
  const listing = `history|${entityType}|${entityId}`;
  const page = await deps.history.history(
    entityType,
    entityId,
    pageRequest(args, deps.cursors, scope.tenantId, listing),
  );
  return toConnection(page, deps.cursors, scope.tenantId, listing);
}
