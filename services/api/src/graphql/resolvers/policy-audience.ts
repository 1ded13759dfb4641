// The policy audience (members who are not consultants) from the control plane's
// membership listing, read once per request and tenant: policy acknowledgement
// rates and readiness's RQ-10 cap both use it.
import { policyAudience } from '@aims/core';
import type { RequestContext, TenantAccess } from '../../context';

const audiences = new WeakMap<TenantAccess, Promise<string[]>>();

/** The policy audience of the tenant, read once per request. */
export function audienceOf(ctx: RequestContext, access: TenantAccess): () => Promise<string[]> {
  return () => {
    let found = audiences.get(access);
    if (!found) {
      found = policyAudience((page) => ctx.deps.controlPlane.listMembersOfTenant(access.tenant.id, page));
      audiences.set(access, found);
    }
    return found;
  };
}
