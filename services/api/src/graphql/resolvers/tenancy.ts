// Tenancy resolvers: parse, call one core use case, shape the result.
import {
  acceptInvitation,
  type Connection,
  getMe,
  inviteMember,
  listConsultancyClients,
  listInvitations,
  listMembers,
  listMyMemberships,
  onboardClientTenant,
  resumeTenantProvisioning,
  signUpSelfService,
  type Tenant,
} from '@aims/core';
import type { RequestContext } from '../../context';
import { tenantInitialiser } from '../../tenant-initialiser';
import type { Resolvers } from '../generated/resolvers';
import { required } from './required';

const tenancyDeps = (ctx: RequestContext) => ({
  controlPlane: ctx.deps.controlPlane,
  provisioner: ctx.deps.provisioner,
  initialiseTenant: tenantInitialiser(ctx.deps),
  templates: ctx.deps.templates,
  cursors: ctx.deps.cursors,
  clock: ctx.deps.clock,
  ids: ctx.deps.ids,
});

export const tenancyResolvers: Resolvers = {
  Query: {
    me: (_, __, ctx) => getMe(ctx.actor(), tenancyDeps(ctx)),
    myTenants: async (_, args, ctx) => {
      const memberships = await listMyMemberships(ctx.actor(), args, tenancyDeps(ctx));
      const edges = await Promise.all(
        memberships.edges.map(async (e) => ({
          cursor: e.cursor,
          node: await ctx.loaders.tenants.load(e.node.tenantId),
        })),
      );
      return {
        edges: edges.filter((e): e is { cursor: string; node: Tenant } => e.node !== null),
        pageInfo: memberships.pageInfo,
      } satisfies Connection<Tenant>;
    },
    tenant: async (_, args, ctx) => (await ctx.tenantAccess(args.tenantId)).tenant,
    consultancyClients: (_, args, ctx) =>
      listConsultancyClients(ctx.actor(), args.consultancyId, args, tenancyDeps(ctx)),
    members: async (_, args, ctx) =>
      listMembers((await ctx.tenantAccess(args.tenantId)).scope, args, tenancyDeps(ctx)),
    invitations: async (_, args, ctx) =>
      listInvitations((await ctx.tenantAccess(args.tenantId)).scope, args, tenancyDeps(ctx)),
  },
  Mutation: {
    onboardClientTenant: (_, args, ctx) => onboardClientTenant(ctx.actor(), args.input, tenancyDeps(ctx)),
    resumeTenantProvisioning: (_, args, ctx) =>
      resumeTenantProvisioning(ctx.actor(), args.input.tenantId, tenancyDeps(ctx)),
    signUpSelfService: (_, args, ctx) => signUpSelfService(ctx.actor(), args.input, tenancyDeps(ctx)),
    inviteMember: async (_, args, ctx) =>
      inviteMember((await ctx.tenantAccess(args.tenantId)).scope, args.input, tenancyDeps(ctx)),
    acceptInvitation: (_, args, ctx) => acceptInvitation(ctx.actor(), args.input.tenantId, tenancyDeps(ctx)),
  },
  Tenant: {
    consultancy: (tenant, _, ctx) =>
      tenant.consultancyId ? ctx.loaders.consultancies.load(tenant.consultancyId) : null,
    myRole: async (tenant, _, ctx) => (await ctx.loaders.myMemberships.load(tenant.id))?.role ?? null,
  },
  Membership: {
    tenant: async (m, _, ctx) => required(await ctx.loaders.tenants.load(m.tenantId), 'Tenant', m.tenantId),
    user: async (m, _, ctx) => required(await ctx.loaders.users.load(m.userId), 'User', m.userId),
  },
  Invitation: {
    tenant: async (i, _, ctx) => required(await ctx.loaders.tenants.load(i.tenantId), 'Tenant', i.tenantId),
    invitedBy: async (i, _, ctx) => required(await ctx.loaders.users.load(i.invitedBy), 'User', i.invitedBy),
  },
  ConsultancyMembership: {
    consultancy: async (c, _, ctx) =>
      required(await ctx.loaders.consultancies.load(c.consultancyId), 'Consultancy', c.consultancyId),
  },
};
