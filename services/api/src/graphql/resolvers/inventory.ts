// AI system inventory resolvers: thin adapters over the core use cases.
import {
  type AiSystem,
  aiSystemHistory,
  auditFeed,
  decommissionAiSystem,
  euAiActViewClass,
  friaRequired,
  getAiSystem,
  listAiSystems,
  listAiSystemsByEuAiActClass,
  listReassessmentRequests,
  missingForUse,
  registerAiSystem,
  setEuAiActProfile,
  updateAiSystem,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

export const inventoryResolvers: Resolvers = {
  Query: {
    aiSystem: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getAiSystem(a.scope, args.id, deps)),
    aiSystems: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listAiSystems(a.scope, args, deps)),
    aiSystemsByEuAiActClass: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listAiSystemsByEuAiActClass(a.scope, args, deps)),
    auditFeed: (_, args, ctx) => withTenant(ctx, args.tenantId, (a, deps) => auditFeed(a.scope, args, deps)),
  },
  Mutation: {
    registerAiSystem: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => registerAiSystem(a.scope, args.input, deps)),
    updateAiSystem: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateAiSystem(a.scope, args.input, deps)),
    decommissionAiSystem: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => decommissionAiSystem(a.scope, args.input, deps)),
    setEuAiActProfile: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => setEuAiActProfile(a.scope, args.input, deps)),
  },
  AiSystem: {
    owner: (system: AiSystem, _, ctx) => (system.ownerId ? ctx.loaders.users.load(system.ownerId) : null),
    missingForUse: (system) => missingForUse(system).map((e) => `${String(e.path.at(-1))}: ${e.message}`),
    euAiActClass: (system) => euAiActViewClass(system.euAiActProfile),
    fundamentalRightsAssessmentRequired: (system) => friaRequired(system.euAiActProfile),
    // The system's own tenant, re-checked through the same membership gate.
    history: (system: AiSystem, args, ctx) =>
      withTenant(ctx, system.tenantId, (a, deps) => aiSystemHistory(a.scope, system, args, deps)),
    reassessmentRequests: (system, args, ctx) =>
      withTenant(ctx, system.tenantId, (a, deps) =>
        listReassessmentRequests(a.scope, { ...args, filter: { aiSystemId: system.id } }, deps),
      ),
  },
  EuAiActProfile: {
    assessedBy: (profile, _, ctx) => ctx.loaders.users.load(profile.assessedBy),
    fundamentalRightsAssessmentRequired: (profile) => friaRequired(profile),
  },
  ChangeRecord: {
    actor: (change, _, ctx) => ctx.loaders.users.load(change.actorId),
    before: (change) => change.before ?? null,
    after: (change) => change.after ?? null,
  },
};
