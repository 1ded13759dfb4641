// Custom control resolvers, and the Control interface SoA entries, findings
// and waivers resolve to: an Annex A control or a custom control.
import {
  type AnnexAControl,
  type CustomControl,
  createCustomControl,
  customControlHistory,
  getControl,
  getCustomControl,
  listCustomControls,
  retireCustomControl,
  updateCustomControl,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

const isCustom = (c: AnnexAControl | CustomControl): c is CustomControl => 'ref' in c;

export const controlsResolvers: Resolvers = {
  Query: {
    customControl: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getCustomControl(a.scope, args.ref, deps)),
    customControls: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listCustomControls(a.scope, args, deps)),
  },
  Mutation: {
    createCustomControl: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createCustomControl(a.scope, args.input, deps)),
    updateCustomControl: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateCustomControl(a.scope, args.input, deps)),
    retireCustomControl: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => retireCustomControl(a.scope, args.input, deps)),
  },
  Control: {
    __resolveType: (c) => (isCustom(c) ? 'CustomControl' : 'AnnexAControl'),
  },
  CustomControl: {
    id: (c) => c.ref,
    mappedAnnexA: (c) => c.mappedAnnexA.flatMap((id) => getControl(id) ?? []),
    owner: (c, _, ctx) => (c.ownerId ? ctx.loaders.users.load(c.ownerId) : null),
    retiredReason: (c) => c.retiredReason ?? null,
    history: (c, args, ctx) =>
      withTenant(ctx, c.tenantId, (a, deps) => customControlHistory(a.scope, c, args, deps)),
  },
};
