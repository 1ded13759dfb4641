// Readiness resolvers (§3.12): thin adapters over the core use cases; the gap
// list, showstoppers and block scores are read from the stored snapshot.
import {
  adoptReadinessRoadmap,
  commonMistakes,
  compareReadinessSnapshots,
  connectionFromArray,
  gapListOf,
  getReadinessItem,
  getReadinessSnapshot,
  isOverdue,
  latestReadiness,
  listReadinessActions,
  listReadinessSnapshots,
  type ReadinessItem,
  readinessDraft,
  readinessQuestionBank,
  readinessRoadmap,
  readinessSectionOf,
  type ScoreDelta,
  saveReadinessAnswers,
  showstoppersOf,
  submitReadinessAssessment,
  updateReadinessAction,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { audienceOf } from './policy-audience';
import { withTenant } from './tenant-deps';

const blocks = (scores: Readonly<Record<string, number | null>>) =>
  Object.entries(scores).map(([block, score]) => ({ block, score }));
const blockDeltas = (deltas: Record<string, ScoreDelta>) =>
  Object.entries(deltas).map(([block, d]) => ({ block, ...d }));
const itemOf = (id: string): ReadinessItem => {
  const item = getReadinessItem(id);
  if (!item) throw new Error(`readiness item ${id} is not in the bank`);
  return item;
};

export const readinessResolvers: Resolvers = {
  Query: {
    readinessQuestionBank: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => readinessQuestionBank(a.scope, deps)),
    readinessDraft: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => readinessDraft(a.scope, deps)),
    readinessSnapshots: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listReadinessSnapshots(a.scope, args, deps)),
    readinessSnapshot: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getReadinessSnapshot(a.scope, args.id, deps)),
    latestReadiness: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => latestReadiness(a.scope, deps)),
    readinessRoadmap: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => readinessRoadmap(a.scope, args.snapshotId, deps)),
    compareReadinessSnapshots: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => compareReadinessSnapshots(a.scope, args, deps)),
    commonMistakes: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => commonMistakes(a.scope, deps)),
    readinessActions: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listReadinessActions(a.scope, args, deps)),
  },
  Mutation: {
    saveReadinessAnswers: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => saveReadinessAnswers(a.scope, args.input, deps)),
    submitReadinessAssessment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) =>
        submitReadinessAssessment(a.scope, args.input, {
          ...deps,
          tenant: a.tenant,
          portfolio: ctx.deps.portfolio,
          evidence: { policyAudience: audienceOf(ctx, a) },
        }),
      ),
    adoptReadinessRoadmap: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => adoptReadinessRoadmap(a.scope, args.input, deps)),
    updateReadinessAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateReadinessAction(a.scope, args.input, deps)),
  },
  ReadinessQuestion: {
    steps: (i) => [...i.steps],
    refs: (i) => [...i.refs],
    dependsOn: (i) => [...i.dependsOn],
    themes: (i) => [...i.themes],
    notApplicableAllowed: (i) => i.notApplicableAllowed ?? null,
    section: (i) => readinessSectionOf(i),
  },
  ReadinessQuestionBank: {
    scale: (b) => [...b.scale],
    profileQuestions: (b) => [...b.profileQuestions],
  },
  ReadinessDraft: {
    profile: (v) => v.draft.profile,
    answers: (v) => v.draft.answers,
    progress: (v) => v.progress,
    lastSubmissionId: (v) => v.draft.lastSubmissionId,
    version: (v) => v.draft.version,
    updatedAt: (v) => v.draft.updatedAt,
  },
  ReadinessAnswer: {
    value: (a) => ('value' in a ? a.value : null),
    notApplicable: (a) => 'notApplicable' in a,
    justification: (a) => ('justification' in a ? a.justification : null),
  },
  ReadinessSnapshot: {
    perClause: (s) => blocks(s.perClause),
    perStep: (s) => blocks(s.perStep),
    perAnnexTopic: (s) => blocks(s.perAnnexTopic),
    perTheme: (s) => blocks(s.perTheme),
    showstoppers: (s) => showstoppersOf(s),
    gapList: (s, args, ctx) =>
      withTenant(ctx, s.tenantId, async (a, deps) =>
        connectionFromArray(gapListOf(s), args, deps.cursors, a.tenant.id, `readinessGaps|${s.id}`),
      ),
    roadmap: (s, _, ctx) => withTenant(ctx, s.tenantId, (a, deps) => readinessRoadmap(a.scope, s.id, deps)),
  },
  ReadinessItemScore: {
    item: (i) => itemOf(i.itemId),
  },
  ReadinessComparison: {
    overall: (p) => p.comparison.overall,
    stage1: (p) => p.comparison.stage1,
    overclaim: (p) => p.comparison.overclaim,
    verifiedShare: (p) => p.comparison.verifiedShare,
    perClause: (p) => blockDeltas(p.comparison.perClause),
    perStep: (p) => blockDeltas(p.comparison.perStep),
    perAnnexTopic: (p) => blockDeltas(p.comparison.perAnnexTopic),
    perTheme: (p) => blockDeltas(p.comparison.perTheme),
    gaps: (p) => p.comparison.gaps,
    showstoppersAdded: (p) => p.comparison.showstoppersAdded,
    showstoppersResolved: (p) => p.comparison.showstoppersResolved,
  },
  CommonMistake: {
    item: (m) => itemOf(m.itemId),
  },
  ReadinessAction: {
    item: (a) => itemOf(a.itemId),
    owner: (a, _, ctx) => (a.ownerId ? ctx.loaders.users.load(a.ownerId) : null),
    overdue: (a, _, ctx) => isOverdue(a, ctx.deps.clock.now().toISOString().slice(0, 10)),
  },
};
