// Risk register resolvers: thin adapters over the core use cases. The only
// logic here is shape: GraphQL lists of {area, level} ⇄ core rating records.
import {
  ANNEX_A_CONTROLS,
  acceptResidualRisk,
  approveRiskMethodology,
  assessResidualRisk,
  CATALOGUE_VERSION,
  CLAUSE_REQUIREMENTS,
  CONTROL_OBJECTIVES,
  closeRisk,
  createRisk,
  currentMethodology,
  entityHistory,
  getControl,
  getRisk,
  IMPACT_AREAS,
  type ImpactRatings,
  isControlId,
  listRisks,
  methodologyVersion,
  NotFoundError,
  pendingMethodologyDraft,
  rescoreRisk,
  riskHeatMap,
  riskHistory,
  risksOfSystem,
  stopRequestsFor,
  treatRisk,
  untreatedRisksAboveThreshold,
  updateRisk,
  updateRiskMethodology,
  ValidationError,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { required } from './required';
import { withTenant } from './tenant-deps';

type RatingInput = { area: string; level?: number | null; notApplicableReason?: string | null }[];

/**
 * [{area, level | notApplicableReason}] → { AREA: level | { notApplicable } };
 * an area given twice is bad input, not last-one-wins.
 */
export function toRatings(list: RatingInput | null | undefined): ImpactRatings | undefined {
  if (!list) return undefined;
  const areas = list.map((r) => r.area);
  const repeated = areas.filter((area, i) => areas.indexOf(area) !== i);
  if (repeated.length) {
    throw new ValidationError([
      {
        path: ['input', 'impacts'],
        message: `rate each area once; repeated: ${[...new Set(repeated)].join(', ')}`,
      },
    ]);
  }
  const unclear = list.filter((r) => (r.level == null) === (r.notApplicableReason == null));
  if (unclear.length) {
    throw new ValidationError(
      unclear.map((r) => ({
        path: ['input', 'impacts', r.area],
        message: 'give either a level or a notApplicableReason',
      })),
    );
  }
  return Object.fromEntries(
    list.map((r) => [r.area, r.level ?? { notApplicable: r.notApplicableReason ?? '' }]),
  );
}

function withRatings<T extends { impacts?: RatingInput | null }>(
  input: T,
): Omit<T, 'impacts'> & { impacts?: ImpactRatings } {
  return { ...input, impacts: toRatings(input.impacts) };
}

export const riskResolvers: Resolvers = {
  Query: {
    annexACatalogue: (_, __, ctx) => {
      ctx.actor();
      return {
        version: CATALOGUE_VERSION,
        objectives: [...CONTROL_OBJECTIVES],
        controls: [...ANNEX_A_CONTROLS],
        clauseRequirements: [...CLAUSE_REQUIREMENTS],
      };
    },
    riskMethodology: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, async (a, deps) => {
        if (args.version == null) return currentMethodology(a.scope, deps);
        const m = await methodologyVersion(a.scope, args.version, deps);
        if (!m) throw new NotFoundError('RiskMethodology', String(args.version));
        return m;
      }),
    risk: (_, args, ctx) => withTenant(ctx, args.tenantId, (a, deps) => getRisk(a.scope, args.id, deps)),
    risks: (_, args, ctx) => withTenant(ctx, args.tenantId, (a, deps) => listRisks(a.scope, args, deps)),
    riskHeatMap: (_, args, ctx) => withTenant(ctx, args.tenantId, (a, deps) => riskHeatMap(a.scope, deps)),
    untreatedRisksAboveThreshold: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => untreatedRisksAboveThreshold(a.scope, args, deps)),
  },
  Mutation: {
    updateRiskMethodology: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateRiskMethodology(a.scope, args.input, deps)),
    approveRiskMethodology: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => approveRiskMethodology(a.scope, args.input, deps)),
    createRisk: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createRisk(a.scope, withRatings(args.input), deps)),
    updateRisk: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateRisk(a.scope, withRatings(args.input), deps)),
    closeRisk: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => closeRisk(a.scope, args.input, deps)),
    acceptResidualRisk: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => acceptResidualRisk(a.scope, args.input, deps)),
    treatRisk: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => treatRisk(a.scope, args.input, deps)),
    assessResidualRisk: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => assessResidualRisk(a.scope, withRatings(args.input), deps)),
    rescoreRisk: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => rescoreRisk(a.scope, withRatings(args.input), deps)),
  },
  ControlObjective: {
    controls: (o) => ANNEX_A_CONTROLS.filter((c) => c.objective === o.id),
  },
  AnnexAControl: {
    objective: (c) =>
      required(
        CONTROL_OBJECTIVES.find((o) => o.id === c.objective),
        'ControlObjective',
        c.objective,
      ),
  },
  RiskMethodology: {
    createdBy: (m, _, ctx) => ctx.loaders.users.load(m.createdBy),
    approvedBy: (m, _, ctx) => (m.approvedBy ? ctx.loaders.users.load(m.approvedBy) : null),
    // Status changes are recorded under the version's own id, `v<version>` (see approveRiskMethodology).
    statusHistory: (m, args, ctx) =>
      withTenant(ctx, m.tenantId, (a, deps) =>
        entityHistory(a.scope, 'RiskMethodology', `v${m.version}`, args, { history: deps.store, ...deps }),
      ),
    pendingDraft: (m, _, ctx) =>
      withTenant(ctx, m.tenantId, (a, deps) => pendingMethodologyDraft(a.scope, deps)),
    // One change record per version, under the methodology's single entity id.
    history: (m, args, ctx) =>
      withTenant(ctx, m.tenantId, (a, deps) =>
        entityHistory(
          a.scope,
          'RiskMethodology',
          'current',
          args,
          { history: deps.store, ...deps },
          m.version,
        ),
      ),
  },
  RiskScore: {
    impacts: (s) =>
      [
        ...Object.entries(s.impacts).map(([area, level]) => ({
          area: area as never,
          level: Number(level),
          notApplicableReason: null,
        })),
        ...Object.entries(s.notApplicable ?? {}).map(([area, reason]) => ({
          area: area as never,
          level: null,
          notApplicableReason: reason ?? null,
        })),
      ].sort((a, b) => IMPACT_AREAS.indexOf(a.area) - IMPACT_AREAS.indexOf(b.area)),
  },
  RiskTreatment: {
    controls: (t) => t.controlRefs.filter(isControlId).map((id) => getControl(id)),
    decidedBy: (t, _, ctx) => ctx.loaders.users.load(t.decidedBy),
  },
  TreatmentOutcome: {
    judgedBy: (o, _, ctx) => (o.judgedBy ? ctx.loaders.users.load(o.judgedBy) : null),
  },
  RiskAcceptance: {
    signedOffBy: (a, _, ctx) => ctx.loaders.users.load(a.signedOffBy),
  },
  ResidualRiskAcceptance: {
    acceptedBy: (a, _, ctx) => ctx.loaders.users.load(a.acceptedBy),
  },
  RiskClosure: {
    closedBy: (c, _, ctx) => ctx.loaders.users.load(c.closedBy),
  },
  Risk: {
    owner: (r, _, ctx) => ctx.loaders.users.load(r.ownerId),
    aiSystems: (r, _, ctx) =>
      withTenant(ctx, r.tenantId, async (a) =>
        (await a.loaders.aiSystems.loadMany(r.aiSystemIds)).flatMap((s) =>
          s && !(s instanceof Error) ? [s] : [],
        ),
      ),
    history: (r, args, ctx) => withTenant(ctx, r.tenantId, (a, deps) => riskHistory(a.scope, r, args, deps)),
    sourceFinding: (r) => (r.sourceFinding ? { ...r.sourceFinding, tenantId: r.tenantId } : null),
  },
  AiSystem: {
    // Open AVOID risks come from a sparse index, read once per request for a whole page of systems.
    stopRequestedBy: (system, _, ctx) =>
      withTenant(ctx, system.tenantId, async (a) =>
        stopRequestsFor(system.id, await a.loaders.stopRequests()),
      ),
    risks: (system, args, ctx) =>
      withTenant(ctx, system.tenantId, (a, deps) => risksOfSystem(a.scope, system.id, args, deps)),
  },
};
