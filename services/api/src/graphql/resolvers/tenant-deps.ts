// Builds the ports a tenant-scoped use case needs from the verified tenant
// access, so every resolver reaches data the same way.
import type { RequestContext, TenantAccess } from '../../context';

export function tenantDeps(ctx: RequestContext, access: TenantAccess) {
  const { repos, loaders } = access;
  return {
    ...repos,
    aiSystems: repos.aiSystems,
    cursors: ctx.deps.cursors,
    clock: ctx.deps.clock,
    ids: ctx.deps.ids,
    isMember: async (userId: string) =>
      !!(await ctx.deps.controlPlane.getMembership(userId, access.tenant.id)),
    existingAiSystems: async (ids: readonly string[]) => {
      const found = await loaders.aiSystems.loadMany(ids);
      return new Set(found.flatMap((s) => (s && !(s instanceof Error) ? [s.id] : [])));
    },
  };
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
