// Impact assessment resolvers.
import {
  approveImpactAssessment,
  editImpactAssessment,
  entityHistory,
  friaRequired,
  getControl,
  getImpactAssessment,
  getImpactSettings,
  type ImpactAssessment,
  judgedDimensions,
  listImpactAssessments,
  listTenantImpactAssessments,
  NotFoundError,
  raiseRiskFromFinding,
  readinessForReview,
  returnImpactAssessment,
  risksRaisedFrom,
  setImpactSettings,
  startImpactAssessment,
  submitImpactAssessment,
  suggestedControls,
} from '@aims/core';
import type { RequestContext } from '../../context';
import type { Resolvers } from '../generated/resolvers';
import { toRatings } from './risk';
import { withTenant } from './tenant-deps';

function systemOf(ctx: RequestContext, ia: ImpactAssessment) {
  return withTenant(ctx, ia.tenantId, async (a) => {
    const system = await a.loaders.aiSystems.load(ia.aiSystemId);
    if (!system) throw new NotFoundError('AiSystem', ia.aiSystemId);
    return system;
  });
}

function loadAssessment(ctx: RequestContext, tenantId: string | null | undefined, id: string) {
  return withTenant(ctx, tenantId, (a, deps) => getImpactAssessment(a.scope, id, deps));
}

export const impactResolvers: Resolvers = {
  Query: {
    impactAssessment: (_, args, ctx) => loadAssessment(ctx, args.tenantId, args.id),
    impactAssessments: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listTenantImpactAssessments(a.scope, args, deps)),
    impactAssessmentSettings: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getImpactSettings(a.scope, deps)),
  },
  Mutation: {
    startImpactAssessment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) =>
        startImpactAssessment(a.scope, args.input.aiSystemId, deps),
      ),
    editImpactAssessment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => editImpactAssessment(a.scope, args.input, deps)),
    submitImpactAssessment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) =>
        submitImpactAssessment(a.scope, args.input.id, args.input.expectedVersion, deps),
      ),
    returnImpactAssessment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => returnImpactAssessment(a.scope, args.input, deps)),
    approveImpactAssessment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) =>
        approveImpactAssessment(a.scope, args.input.id, args.input.expectedVersion, deps),
      ),
    setImpactAssessmentSettings: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => setImpactSettings(a.scope, args.input, deps)),
    raiseRiskFromImpactFinding: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) =>
        raiseRiskFromFinding(
          a.scope,
          {
            assessmentId: args.input.assessmentId,
            dimension: args.input.dimension,
            risk: { ...args.input.risk, impacts: toRatings(args.input.risk.impacts) },
          },
          deps,
        ),
      ),
  },
  ImpactAssessment: {
    aiSystem: (ia, _, ctx) => systemOf(ctx, ia),
    // I9: the profile lives on the system; the assessment shows the system's figure.
    euAiActProfile: async (ia, _, ctx) => (await systemOf(ctx, ia)).euAiActProfile,
    fundamentalRightsAssessmentRequired: async (ia, _, ctx) =>
      friaRequired((await systemOf(ctx, ia)).euAiActProfile),
    dimensions: (ia) => judgedDimensions(ia),
    maxSeverity: (ia) => ia.findingCriteria.maxSeverity,
    maxLikelihood: (ia) => ia.findingCriteria.maxLikelihood,
    findingThreshold: (ia) => ia.findingCriteria.acceptanceThreshold,
    missingForReview: (ia) => (ia.status === 'DRAFT' ? readinessForReview(ia).map((p) => p.message) : []),
    submittedBy: (ia, _, ctx) => (ia.submittedBy ? ctx.loaders.users.load(ia.submittedBy) : null),
    approvedBy: (ia, _, ctx) => (ia.approvedBy ? ctx.loaders.users.load(ia.approvedBy) : null),
    supersededBy: (ia, _, ctx) =>
      ia.supersededBy ? loadAssessment(ctx, ia.tenantId, ia.supersededBy) : null,
    createdBy: (ia, _, ctx) => ctx.loaders.users.load(ia.createdBy),
    linkedRisks: (ia: ImpactAssessment, _, ctx) =>
      withTenant(ctx, ia.tenantId, async (a, deps) => {
        const ids = await risksRaisedFrom(a.scope, ia.id, deps);
        return (await a.loaders.risks.loadMany(ids)).flatMap((r) => (r && !(r instanceof Error) ? [r] : []));
      }),
    suggestedControls: (ia) => suggestedControls(ia),
    history: (ia, args, ctx) =>
      withTenant(ctx, ia.tenantId, (a, deps) =>
        entityHistory(a.scope, 'ImpactAssessment', ia.id, args, { history: deps.store, ...deps }, ia.version),
      ),
  },
  DimensionAssessment: {
    isFinding: (d) => d.finding,
  },
  ControlSuggestion: {
    control: (s) => getControl(s.controlId),
  },
  ImpactFinding: {
    assessment: (link, _, ctx) => loadAssessment(ctx, link.tenantId, link.assessmentId),
    dimension: (link) => link.dimension as never,
  },
  AiSystem: {
    stopRequestedByAssessment: (system, _, ctx) =>
      system.stopRequested?.assessmentId
        ? loadAssessment(ctx, system.tenantId, system.stopRequested.assessmentId)
        : null,
    stopRequestReason: (system) => system.stopRequested?.reason ?? null,
    impactAssessments: (system, args, ctx) =>
      withTenant(ctx, system.tenantId, (a, deps) => listImpactAssessments(a.scope, system.id, args, deps)),
  },
};
