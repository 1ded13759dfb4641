// Builds the ports a tenant-scoped use case needs from the verified tenant
// access, so every resolver reaches data the same way.
import { getSoa } from '@aims/core';
import type { RequestContext, TenantAccess } from '../../context';
import type { RecentChangesKey } from '../../loaders';

export function tenantDeps(ctx: RequestContext, access: TenantAccess) {
  const deps = {
    store: access.store,
    cursors: ctx.deps.cursors,
    clock: ctx.deps.clock,
    ids: ctx.deps.ids,
    recent: (key: RecentChangesKey) => access.loaders.recentChanges.load(key),
    isMember: async (userId: string) =>
      !!(await ctx.deps.controlPlane.getMembership(userId, access.tenant.id)),
    memberRole: async (userId: string) =>
      (await ctx.deps.controlPlane.getMembership(userId, access.tenant.id))?.role ?? null,
  };
  // One read of the working SoA per request, however many fields ask for it.
  return { ...deps, workingSoa: () => access.loaders.workingSoa(() => getSoa(access.scope, deps)) };
}

export type TenantDeps = ReturnType<typeof tenantDeps>;

/** Resolves the tenant (argument or header, membership-checked) and runs `run` with its deps. */
export async function withTenant<T>(
  ctx: RequestContext,
  tenantId: string | null | undefined,
  run: (access: TenantAccess, deps: TenantDeps) => Promise<T>,
): Promise<T> {
  const access = await ctx.tenantAccess(tenantId);
  return run(access, tenantDeps(ctx, access));
}
