// Re-assessment request resolvers (R14, I5).
import {
  getImpactAssessment,
  getReassessmentRequest,
  listReassessmentRequests,
  NotFoundError,
  resolveRiskReassessment,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

export const reassessmentResolvers: Resolvers = {
  Query: {
    reassessmentRequest: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getReassessmentRequest(a.scope, args.id, deps)),
    reassessmentRequests: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listReassessmentRequests(a.scope, args, deps)),
  },
  Mutation: {
    resolveRiskReassessment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => resolveRiskReassessment(a.scope, args.input, deps)),
  },
  ReassessmentRequest: {
    aiSystem: (r, _, ctx) =>
      withTenant(ctx, r.tenantId, async (a) => {
        const system = await a.loaders.aiSystems.load(r.aiSystemId);
        if (!system) throw new NotFoundError('AiSystem', r.aiSystemId);
        return system;
      }),
    resolvedBy: (r, _, ctx) => (r.resolvedBy ? ctx.loaders.users.load(r.resolvedBy) : null),
    resolvedByAssessment: (r, _, ctx) =>
      r.resolvedByAssessmentId
        ? withTenant(ctx, r.tenantId, (a, deps) =>
            getImpactAssessment(a.scope, r.resolvedByAssessmentId as string, deps),
          )
        : null,
  },
  ReassessmentTrigger: {
    changedBy: (t, _, ctx) => ctx.loaders.users.load(t.changedBy),
  },
};
