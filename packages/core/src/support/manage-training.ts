// Training use cases (7.2 b, 7.3): the AIMS manager or consultant sets up
// courses and assigns them by hand; the assignee (or the AIMS office) records
// a completion, whose expiry follows from the course's validity.
import type { MemberRoleLookup } from '../governance/appointment';
import {
  ConflictError,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../shared/errors';
import { parseInput } from '../shared/validation';
import {
  createVersioned,
  loadVersioned,
  type StoreDeps,
  saveVersioned,
  updateVersioned,
} from '../shared/versioned';
import { assertCan, can } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { TrainingAssignments, TrainingCourses } from './model';
import {
  assignTrainingInput,
  completeTrainingAssignmentInput,
  createTrainingCourseInput,
  expiryOf,
  rulesOf,
  type TrainingAssignment,
  type TrainingCourse,
  updateTrainingCourseInput,
} from './training';

export interface TrainingDeps extends StoreDeps {
  memberRole: MemberRoleLookup;
}

export async function createTrainingCourse(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(createTrainingCourseInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  const course: TrainingCourse = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    title: input.title,
    topics: input.topics ?? [],
    validityMonths: input.validityMonths ?? null,
    awarenessItems: [...new Set(input.awarenessItems ?? [])],
    rules: rulesOf(input.rules),
    retired: false,
    createdBy: scope.actorId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return createVersioned(deps, scope, TrainingCourses, course);
}

/** Fields left out keep their value; `rules` replaces the rules whole. Retiring stops automatic assignment. */
export async function updateTrainingCourse(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(updateTrainingCourseInput, rawInput, ['input']);
  return updateVersioned(
    deps,
    scope,
    TrainingCourses,
    { id: input.id },
    input.expectedVersion,
    (current) => ({
      ...current,
      title: input.title ?? current.title,
      topics: input.topics ?? current.topics,
      validityMonths: input.validityMonths === undefined ? current.validityMonths : input.validityMonths,
      awarenessItems: input.awarenessItems ? [...new Set(input.awarenessItems)] : current.awarenessItems,
      rules: input.rules ? rulesOf(input.rules) : current.rules,
      retired: input.retired ?? current.retired,
    }),
  );
}

/** A manual assignment (a need the rules do not see); it gets a fresh id. */
export async function assignTraining(scope: TenantScope, rawInput: unknown, deps: TrainingDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(assignTrainingInput, rawInput, ['input']);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const [role, course] = await Promise.all([
    deps.memberRole(input.userId),
    deps.store.get(TrainingCourses, { id: input.courseId }),
  ]);
  const errors: FieldError[] = [];
  if (!role) errors.push({ path: ['input', 'userId'], message: 'is not a member of this tenant' });
  if (!course)
    errors.push({ path: ['input', 'courseId'], message: 'is not a training course of this tenant' });
  else if (course.retired) errors.push({ path: ['input', 'courseId'], message: 'names a retired course' });
  if (input.dueOn < today) errors.push({ path: ['input', 'dueOn'], message: 'must not be in the past' });
  if (errors.length) throw new ValidationError(errors);
  const now = deps.clock.now().toISOString();
  const assignment: TrainingAssignment = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    userId: input.userId,
    courseId: input.courseId,
    reason: input.reason,
    trigger: null,
    assignedOn: today,
    dueOn: input.dueOn,
    completedOn: null,
    score: null,
    expiresOn: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return createVersioned(deps, scope, TrainingAssignments, assignment);
}

/** Records a completion once; the expiry is the completion date plus the course's validity. */
export async function completeTrainingAssignment(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  const input = parseInput(completeTrainingAssignmentInput, rawInput, ['input']);
  const current = await loadVersioned(
    deps.store,
    TrainingAssignments,
    { id: input.id },
    input.expectedVersion,
  );
  if (current.userId !== scope.actorId && !can(scope.role, 'support.manage')) {
    throw new ForbiddenError('only the assignee, the AIMS manager or a consultant may record a completion');
  }
  if (current.completedOn) {
    throw new ConflictError(
      `assignment ${current.id} was completed on ${current.completedOn}`,
      'INVALID_STATE',
    );
  }
  const today = deps.clock.now().toISOString().slice(0, 10);
  const errors: FieldError[] = [];
  if (input.completedOn > today)
    errors.push({ path: ['input', 'completedOn'], message: 'must not be in the future' });
  if (input.completedOn < current.assignedOn) {
    errors.push({ path: ['input', 'completedOn'], message: 'must not be before the assignment date' });
  }
  if (errors.length) throw new ValidationError(errors);
  const course = await deps.store.get(TrainingCourses, { id: current.courseId });
  if (!course) throw new NotFoundError('TrainingCourse', current.courseId);
  return saveVersioned(deps, scope, TrainingAssignments, current, {
    ...current,
    completedOn: input.completedOn,
    score: input.score ?? null,
    expiresOn: expiryOf(course, input.completedOn),
  });
}
