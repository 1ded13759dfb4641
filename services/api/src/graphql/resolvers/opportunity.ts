// AI opportunity resolvers (6.1.1, R9): thin adapters over the core use cases.
import {
  aiOpportunityHistory,
  createAiOpportunity,
  getAiOpportunity,
  listAiOpportunities,
  opportunitiesOfSystem,
  opportunityActions,
  transitionAiOpportunity,
  updateAiOpportunity,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

export const opportunityResolvers: Resolvers = {
  Query: {
    aiOpportunity: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getAiOpportunity(a.scope, args.id, deps)),
    aiOpportunities: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listAiOpportunities(a.scope, args, deps)),
    opportunityActions: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => opportunityActions(a.scope, args, deps)),
  },
  Mutation: {
    createAiOpportunity: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createAiOpportunity(a.scope, args.input, deps)),
    updateAiOpportunity: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateAiOpportunity(a.scope, args.input, deps)),
    transitionAiOpportunity: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => transitionAiOpportunity(a.scope, args.input, deps)),
  },
  AiSystem: {
    opportunities: (system, args, ctx) =>
      withTenant(ctx, system.tenantId, (a, deps) => opportunitiesOfSystem(a.scope, system.id, args, deps)),
  },
  AiOpportunity: {
    aiSystems: (o, _, ctx) =>
      withTenant(ctx, o.tenantId, async (a) =>
        (await a.loaders.aiSystems.loadMany(o.aiSystemIds)).flatMap((s) =>
          s && !(s instanceof Error) ? [s] : [],
        ),
      ),
    history: (o, args, ctx) =>
      withTenant(ctx, o.tenantId, (a, deps) => aiOpportunityHistory(a.scope, o, args, deps)),
  },
  OpportunityAction: {
    owner: (action, _, ctx) => ctx.loaders.users.load(action.ownerId),
  },
  OpportunityEvaluation: {
    evaluatedBy: (e, _, ctx) => ctx.loaders.users.load(e.evaluatedBy),
  },
  OpportunityRejection: {
    rejectedBy: (r, _, ctx) => ctx.loaders.users.load(r.rejectedBy),
  },
};
