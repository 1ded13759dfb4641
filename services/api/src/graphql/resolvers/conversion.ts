// Self-service → managed conversion (SPEC §1): the caller is checked by the use
// case against the control plane, not the request gate, which refuses a
// CONVERTING tenant.
import { convertToManagedTenant, getTenantConversion } from '@aims/core';
import { DynamoTenantDataMover } from '@aims/data';
import type { RequestContext } from '../../context';
import { conversionBaselineWriter } from '../../conversion-baseline';
import type { Resolvers } from '../generated/resolvers';
import { required } from './required';

const conversionDeps = (ctx: RequestContext) => ({
  controlPlane: ctx.deps.controlPlane,
  provisioner: ctx.deps.provisioner,
  mover: ctx.deps.mover ?? new DynamoTenantDataMover(ctx.deps.clients),
  writeBaseline: conversionBaselineWriter(ctx.deps),
  clock: ctx.deps.clock,
  ids: ctx.deps.ids,
});

export const conversionResolvers: Resolvers = {
  Query: {
    tenantConversion: (_, args, ctx) => getTenantConversion(ctx.actor(), args.tenantId, conversionDeps(ctx)),
  },
  Mutation: {
    convertToManagedTenant: (_, args, ctx) =>
      convertToManagedTenant(ctx.actor(), args.input, conversionDeps(ctx)),
  },
  TenantConversion: {
    tenant: async (c, _, ctx) => required(await ctx.loaders.tenants.load(c.tenantId), 'Tenant', c.tenantId),
    consultancy: (c, _, ctx) => (c.consultancyId ? ctx.loaders.consultancies.load(c.consultancyId) : null),
    requestedBy: (c, _, ctx) => ctx.loaders.users.load(c.requestedBy),
  },
};
