// Support resolvers (Clause 7: competence, awareness and training,
// communication): thin adapters over the core use cases.
import {
  adoptCommunicationPlanTemplate,
  adoptDefaultCompetenceRequirements,
  assignTraining,
  awarenessCoverage,
  type CommunicationGap,
  type CommunicationLog,
  CommunicationPlanEntries,
  type CommunicationPlanEntry,
  type CompetenceGapAction,
  communicationGaps,
  competenceGaps,
  competenceMatrix,
  completeTrainingAssignment,
  createCommunicationPlanEntry,
  createTrainingCourse,
  entityHistory,
  evaluateCompetenceAction,
  getCommunicationPlanEntry,
  getCompetenceRecord,
  getTrainingAssignment,
  getTrainingCourse,
  listCommunicationLogs,
  listCommunicationPlan,
  listCompetenceRecords,
  listCompetenceRequirements,
  listTrainingAssignments,
  listTrainingCourses,
  type Member,
  nextCommunicationDue,
  type PageKey,
  type PublishedDocumentVersion,
  pageOfDerived,
  planCompetenceAction,
  publishedPolicyVersions,
  reconcileTrainingAssignments,
  recordCommunication,
  recordCompetence,
  setCompetenceRequirement,
  type TenantStore,
  type TrainingCourse,
  TrainingCourses,
  trainingCompletion,
  updateCommunicationPlanEntry,
  updateCompetenceRecord,
  updateTrainingCourse,
} from '@aims/core';
import DataLoader from 'dataloader';
import type { RequestContext, TenantAccess } from '../../context';
import type { Resolvers } from '../generated/resolvers';
import { required } from './required';
import { type TenantDeps, withTenant } from './tenant-deps';

/** The tenant's members with their joining date, page by page from the control plane (a job-sized read). */
async function membersOf(ctx: RequestContext, tenantId: string): Promise<Member[]> {
  const out: Member[] = [];
  let startKey: PageKey | undefined;
  do {
    const page = await ctx.deps.controlPlane.listMembersOfTenant(tenantId, {
      limit: 100,
      ...(startKey ? { startKey } : {}),
    });
    out.push(
      ...page.entries.map(({ item }) => ({
        userId: item.userId,
        role: item.role,
        joinedOn: item.createdAt.slice(0, 10),
      })),
    );
    startKey = page.hasMore ? page.entries.at(-1)?.key : undefined;
  } while (startKey);
  return out;
}

/** Published AI and topic policy versions (§3.2.1), for the CHANGE_DRIVEN rule (§3.6.2). */
const publishedVersions = (store: TenantDeps['store']) => async (): Promise<PublishedDocumentVersion[]> =>
  (await publishedPolicyVersions(store)).flatMap((d) =>
    d.publishedInternallyAt
      ? [{ documentId: d.id, version: d.versionNumber, publishedOn: d.publishedInternallyAt.slice(0, 10) }]
      : [],
  );

const supportDeps = (ctx: RequestContext, access: TenantAccess, deps: TenantDeps) => ({
  ...deps,
  members: () => membersOf(ctx, access.tenant.id),
  publishedVersions: publishedVersions(deps.store),
});

/** Courses and plan entries by id, once per request: a page of assignments or logs names a few. */
const loaders = new WeakMap<
  RequestContext,
  {
    courses: DataLoader<string, TrainingCourse | null>;
    entries: DataLoader<string, CommunicationPlanEntry | null>;
  }
>();
function supportLoaders(ctx: RequestContext, store: TenantStore) {
  let l = loaders.get(ctx);
  if (!l) {
    l = {
      courses: new DataLoader((ids) =>
        store.getMany(
          TrainingCourses,
          ids.map((id) => ({ id })),
        ),
      ),
      entries: new DataLoader((ids) =>
        store.getMany(
          CommunicationPlanEntries,
          ids.map((id) => ({ id })),
        ),
      ),
    };
    loaders.set(ctx, l);
  }
  return l;
}

const user = async (ctx: RequestContext, id: string) =>
  required(await ctx.loaders.users.load(id), 'User', id);

const history =
  (entityType: string) =>
  (
    e: { tenantId: string; id: string; version: number },
    args: { first?: number | null; after?: string | null },
    ctx: RequestContext,
  ) =>
    withTenant(ctx, e.tenantId, (access, deps) =>
      entityHistory(access.scope, entityType, e.id, args, { history: deps.store, ...deps }, e.version),
    );

export const supportResolvers: Resolvers = {
  Query: {
    competenceRequirements: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listCompetenceRequirements(a.scope, args, deps)),
    competenceRecord: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getCompetenceRecord(a.scope, args.id, deps)),
    competenceRecords: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listCompetenceRecords(a.scope, args, deps)),
    competenceGaps: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => competenceGaps(a.scope, args, supportDeps(ctx, a, deps))),
    competenceMatrix: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => competenceMatrix(a.scope, args, supportDeps(ctx, a, deps))),
    trainingCourse: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getTrainingCourse(a.scope, args.id, deps)),
    trainingCourses: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listTrainingCourses(a.scope, args, deps)),
    trainingAssignment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getTrainingAssignment(a.scope, args.id, deps)),
    trainingAssignments: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listTrainingAssignments(a.scope, args, deps)),
    trainingCompletion: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => trainingCompletion(a.scope, args, deps)),
    awarenessCoverage: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) =>
        awarenessCoverage(a.scope, args, supportDeps(ctx, a, deps)),
      ),
    communicationPlanEntry: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getCommunicationPlanEntry(a.scope, args.id, deps)),
    communicationPlan: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listCommunicationPlan(a.scope, args, deps)),
    communicationGaps: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => communicationGaps(a.scope, args, deps)),
  },
  Mutation: {
    setCompetenceRequirement: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => setCompetenceRequirement(a.scope, args.input, deps)),
    adoptDefaultCompetenceRequirements: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, async (a, deps) => ({
        adopted: await adoptDefaultCompetenceRequirements(a.scope, args.input, deps),
      })),
    recordCompetence: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => recordCompetence(a.scope, args.input, deps)),
    updateCompetenceRecord: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateCompetenceRecord(a.scope, args.input, deps)),
    planCompetenceAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => planCompetenceAction(a.scope, args.input, deps)),
    evaluateCompetenceAction: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => evaluateCompetenceAction(a.scope, args.input, deps)),
    createTrainingCourse: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createTrainingCourse(a.scope, args.input, deps)),
    updateTrainingCourse: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateTrainingCourse(a.scope, args.input, deps)),
    assignTraining: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => assignTraining(a.scope, args.input, deps)),
    completeTrainingAssignment: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => completeTrainingAssignment(a.scope, args.input, deps)),
    reconcileTrainingAssignments: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) =>
        reconcileTrainingAssignments(a.scope, args.input, supportDeps(ctx, a, deps)),
      ),
    createCommunicationPlanEntry: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => createCommunicationPlanEntry(a.scope, args.input, deps)),
    updateCommunicationPlanEntry: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => updateCommunicationPlanEntry(a.scope, args.input, deps)),
    adoptCommunicationPlanTemplate: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, async (a, deps) => ({
        adopted: await adoptCommunicationPlanTemplate(a.scope, args.input, deps),
      })),
    recordCommunication: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => recordCommunication(a.scope, args.input, deps)),
  },
  CompetenceRequirement: {
    history: history('CompetenceRequirement'),
  },
  CompetenceRecord: {
    user: (r, _, ctx) => user(ctx, r.userId),
    assessedBy: (r, _, ctx) => user(ctx, r.assessedBy),
    history: history('CompetenceRecord'),
  },
  CompetenceGapAction: {
    id: (a: CompetenceGapAction) => `${a.userId}:${a.area}`,
    user: (a, _, ctx) => user(ctx, a.userId),
  },
  EffectivenessEvaluation: {
    evaluatedBy: (e, _, ctx) => user(ctx, e.evaluatedBy),
  },
  CompetenceGap: {
    user: (g, _, ctx) => user(ctx, g.userId),
  },
  CompetenceMatrixRow: {
    user: (r, _, ctx) => user(ctx, r.userId),
  },
  TrainingCourse: {
    createdBy: (c, _, ctx) => user(ctx, c.createdBy),
    assignments: (c, args, ctx) =>
      withTenant(ctx, c.tenantId, (a, deps) =>
        listTrainingAssignments(a.scope, { ...args, filter: { courseId: c.id } }, deps),
      ),
    history: history('TrainingCourse'),
  },
  TrainingAssignment: {
    user: (t, _, ctx) => user(ctx, t.userId),
    course: (t, _, ctx) =>
      withTenant(ctx, t.tenantId, async (a) =>
        required(await supportLoaders(ctx, a.store).courses.load(t.courseId), 'TrainingCourse', t.courseId),
      ),
    overdue: (t, _, ctx) => !t.completedOn && t.dueOn < ctx.deps.clock.now().toISOString().slice(0, 10),
  },
  AwarenessCoverage: {
    people: (c, args, ctx) =>
      withTenant(ctx, c.tenantId, async (a) =>
        pageOfDerived(c.people, args, ctx.deps, a.tenant.id, 'awarenessCoverage|people'),
      ),
  },
  AwarenessItemCoverage: {
    courses: (i, _, ctx) =>
      withTenant(ctx, i.tenantId, async (a) =>
        (await supportLoaders(ctx, a.store).courses.loadMany(i.courseIds)).flatMap((c) =>
          c && !(c instanceof Error) ? [c] : [],
        ),
      ),
  },
  PersonAwareness: {
    user: (p, _, ctx) => user(ctx, p.userId),
  },
  ReconcileTrainingAssignmentsPayload: {
    createdCount: (r) => r.created.length,
    created: (r, args, ctx) =>
      withTenant(ctx, r.tenantId, async (a) =>
        pageOfDerived(r.created, args, ctx.deps, a.tenant.id, 'reconcileTrainingAssignments|created'),
      ),
  },
  CommunicationPlanEntry: {
    nextDueOn: (e) => nextCommunicationDue(e),
    logs: (e, args, ctx) =>
      withTenant(ctx, e.tenantId, (a, deps) => listCommunicationLogs(a.scope, e, args, deps)),
    history: history('CommunicationPlanEntry'),
  },
  CommunicationLog: {
    entry: (l: CommunicationLog, _, ctx) =>
      withTenant(ctx, l.tenantId, async (a) =>
        required(
          await supportLoaders(ctx, a.store).entries.load(l.entryId),
          'CommunicationPlanEntry',
          l.entryId,
        ),
      ),
    recordedBy: (l, _, ctx) => user(ctx, l.recordedBy),
  },
  CommunicationGap: {
    entry: (g: CommunicationGap, _, ctx) => {
      const id = g.entryId;
      return id ? withTenant(ctx, g.tenantId, (a) => supportLoaders(ctx, a.store).entries.load(id)) : null;
    },
  },
};
