// The tenant's audit trail as one feed: every entity's change records, newest
// first, from the feed index every change record is written into.
import type { Connection, ConnectionArgs, CursorCodec } from '../shared/pagination';
import { pagedConnection } from '../shared/pagination';
import type { TenantStore } from '../shared/store';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { ChangeRecord } from './change-record';

export async function auditFeed(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: { store: Pick<TenantStore, 'feed'>; cursors: CursorCodec },
): Promise<Connection<ChangeRecord>> {
  assertCan(scope.role, 'history.read');
  return pagedConnection(scope.tenantId, 'auditFeed', args, deps.cursors, (page) => deps.store.feed(page));
}
