// Reads of training: courses and assignments by key (per person, per course,
// open ones by due date), the completion rate and the 7.3 awareness coverage.
import { NotFoundError, ValidationError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  connectionFromArray,
  pagedConnection,
} from '../shared/pagination';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { TrainingAssignments, TrainingCourses } from './model';
import { type SupportReadDeps, todayOf } from './query-competence';
import {
  type AwarenessCoverage,
  awarenessCoverageOf,
  type TrainingAssignment,
  type TrainingCompletion,
  type TrainingCourse,
  trainingCompletionOf,
} from './training';

export async function getTrainingCourse(scope: TenantScope, id: string, deps: { store: TenantStore }) {
  assertCan(scope.role, 'support.read');
  const course = await deps.store.get(TrainingCourses, { id });
  if (!course) throw new NotFoundError('TrainingCourse', id);
  return course;
}

export async function getTrainingAssignment(scope: TenantScope, id: string, deps: { store: TenantStore }) {
  assertCan(scope.role, 'support.read');
  const assignment = await deps.store.get(TrainingAssignments, { id });
  if (!assignment) throw new NotFoundError('TrainingAssignment', id);
  return assignment;
}

export function listTrainingCourses(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: Pick<SupportReadDeps, 'store' | 'cursors'>,
): Promise<Connection<TrainingCourse>> {
  assertCan(scope.role, 'support.read');
  return pagedConnection(scope.tenantId, 'trainingCourses', args, deps.cursors, (page) =>
    deps.store.query(TrainingCourses, 'all', {}, page),
  );
}

export interface TrainingAssignmentFilter {
  userId?: string | null;
  courseId?: string | null;
  /** true: only open (not completed) ones, oldest due first. */
  open?: boolean | null;
}

/** One key pattern per filter; combining userId, courseId and open is refused rather than scanned. */
export function listTrainingAssignments(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: TrainingAssignmentFilter | null },
  deps: Pick<SupportReadDeps, 'store' | 'cursors'>,
): Promise<Connection<TrainingAssignment>> {
  assertCan(scope.role, 'support.read');
  const f = args.filter ?? {};
  const given = [f.userId ? 'userId' : null, f.courseId ? 'courseId' : null, f.open ? 'open' : null].filter(
    Boolean,
  );
  if (given.length > 1) {
    throw new ValidationError([{ path: ['filter'], message: 'filter by one of userId, courseId or open' }]);
  }
  const listing = f.userId
    ? `user|${f.userId}`
    : f.courseId
      ? `course|${f.courseId}`
      : f.open
        ? 'open'
        : 'all';
  return pagedConnection(scope.tenantId, `trainingAssignments|${listing}`, args, deps.cursors, (page) => {
    if (f.userId) return deps.store.query(TrainingAssignments, 'byUser', { userId: f.userId }, page);
    if (f.courseId) return deps.store.query(TrainingAssignments, 'byCourse', { courseId: f.courseId }, page);
    if (f.open) return deps.store.query(TrainingAssignments, 'open', {}, page);
    return deps.store.query(TrainingAssignments, 'all', {}, page);
  });
}

/** Assigned, completed, overdue and the completion rate, for one course or all. */
export async function trainingCompletion(
  scope: TenantScope,
  args: { courseId?: string | null; today?: string | null },
  deps: Pick<SupportReadDeps, 'store' | 'clock'>,
): Promise<TrainingCompletion> {
  assertCan(scope.role, 'support.read');
  const today = todayOf(args.today, deps.clock);
  const assignments = args.courseId
    ? await readAll(deps.store, TrainingAssignments, 'byCourse', { courseId: args.courseId })
    : await readAll(deps.store, TrainingAssignments, 'all', {});
  return trainingCompletionOf(assignments, today);
}

/** 7.3: the three awareness items, the courses covering each, and each person's coverage by valid completions. */
export async function awarenessCoverage(
  scope: TenantScope,
  args: { today?: string | null },
  deps: SupportReadDeps,
): Promise<AwarenessCoverage> {
  assertCan(scope.role, 'support.read');
  const today = todayOf(args.today, deps.clock);
  const [courses, assignments, members] = await Promise.all([
    readAll(deps.store, TrainingCourses, 'all', {}),
    readAll(deps.store, TrainingAssignments, 'all', {}),
    deps.members(),
  ]);
  return awarenessCoverageOf({ tenantId: scope.tenantId, courses, assignments, members, today });
}

/** A page of a derived list (the coverage's people), bound to tenant and listing like any cursor. */
export function pageOfDerived<T>(
  items: readonly T[],
  args: ConnectionArgs,
  deps: Pick<SupportReadDeps, 'cursors'>,
  tenantId: string,
  listing: string,
): Connection<T> {
  return connectionFromArray(items, args, deps.cursors, tenantId, listing);
}
