// The change history of any entity, newest first, as a tenant-bound connection.
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
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
  return pagedConnection(scope.tenantId, `history|${entityType}|${entityId}`, args, deps.cursors, (page) =>
    deps.history.history(entityType, entityId, page),
  );
}
