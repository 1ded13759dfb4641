// Applies the four automatic assignment rules (7.3): derives the assignments
// that members, completions, appointments and published document versions
// call for, and writes those not stored yet. Each expected assignment has a
// deterministic id and is written only if absent, so re-runs, the nightly job
// and duplicate deliveries of the same event write nothing twice. Called from a
// mutation (reconcileTrainingAssignments) and from the training-reconciliation
// job (reconcileTrainingAssignmentsNightly, with a system actor).
import * as z from 'zod';
import { Appointments } from '../governance/model';
import { publishedPolicyVersions } from '../policy/query-policies';
import { ConflictError, ValidationError } from '../shared/errors';
import type { Clock, IdGenerator } from '../shared/ports';
import { readAll } from '../shared/read-all';
import { put, recordChange, type TenantStore, type Write } from '../shared/store';
import { parseInput } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { Member } from './competence';
import { TrainingAssignments, TrainingCourses } from './model';
import { expectedAssignments, type PublishedDocumentVersion, type TrainingAssignment } from './training';

export interface ReconcileDeps extends StoreDeps {
  members: () => Promise<Member[]>;
  /** Published versions of controlled documents (AI policy, procedures): the policy module's port. */
  publishedVersions: () => Promise<PublishedDocumentVersion[]>;
}

export interface ReconcileResult {
  tenantId: string;
  /** How many assignments the rules call for today, stored or not. */
  expected: number;
  created: TrainingAssignment[];
}

/** 50 assignments and their 50 change records: one transaction. */
const CHUNK = 50;

export const reconcileTrainingAssignmentsInput = z
  .object({ today: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).nullish() })
  .nullish();

export async function reconcileTrainingAssignments(
  scope: TenantScope,
  rawInput: unknown,
  deps: ReconcileDeps,
): Promise<ReconcileResult> {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(reconcileTrainingAssignmentsInput, rawInput, ['input']);
  return reconcile(scope, input?.today ?? null, ['input', 'today'], deps);
}

/** Who the change records name when the nightly job reconciles: the system, not a person. */
export const TRAINING_RECONCILIATION_ACTOR = 'system:training-reconciliation';

/**
 * The training-reconciliation job's entry point: the same rules for the run's
 * day, without a member's role (the job acts for the organisation). Published
 * policy versions are read from the tenant's own store; members come from the
 * control plane through `members`.
 */
export async function reconcileTrainingAssignmentsNightly(
  store: TenantStore,
  today: string,
  deps: { members: () => Promise<Member[]>; clock: Clock; ids: IdGenerator },
): Promise<ReconcileResult> {
  const scope = { tenantId: store.tenantId, actorId: TRAINING_RECONCILIATION_ACTOR };
  return reconcile(scope, today, ['period'], {
    ...deps,
    store,
    publishedVersions: () => publishedDocumentVersions(store),
  });
}

/** Published AI and topic policy versions (§3.2.1), for the CHANGE_DRIVEN rule (§3.6.2). */
export async function publishedDocumentVersions(store: TenantStore): Promise<PublishedDocumentVersion[]> {
  return (await publishedPolicyVersions(store)).flatMap((d) =>
    d.publishedInternallyAt
      ? [{ documentId: d.id, version: d.versionNumber, publishedOn: d.publishedInternallyAt.slice(0, 10) }]
      : [],
  );
}

async function reconcile(
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  day: string | null,
  dayPath: string[],
  deps: ReconcileDeps,
): Promise<ReconcileResult> {
  const now = deps.clock.now();
  const clockToday = now.toISOString().slice(0, 10);
  const today = day ?? clockToday;
  if (today > clockToday) {
    throw new ValidationError([{ path: dayPath, message: 'must not be in the future' }]);
  }
  const [courses, appointments, assignments, members, published] = await Promise.all([
    readAll(deps.store, TrainingCourses, 'all', {}),
    readAll(deps.store, Appointments, 'inForce', {}),
    readAll(deps.store, TrainingAssignments, 'all', {}),
    deps.members(),
    deps.publishedVersions(),
  ]);
  const expected = expectedAssignments({ courses, members, appointments, assignments, published, today });
  const stored = new Set(assignments.map((a) => a.id));
  const stamp = now.toISOString();
  const missing: TrainingAssignment[] = expected
    .filter((e) => !stored.has(e.id))
    .map((e) => ({
      ...e,
      tenantId: scope.tenantId,
      completedOn: null,
      score: null,
      expiresOn: null,
      version: 1,
      createdAt: stamp,
      updatedAt: stamp,
    }));

  const created: TrainingAssignment[] = [];
  for (let i = 0; i < missing.length; i += CHUNK) {
    created.push(...(await writeAbsent(missing.slice(i, i + CHUNK), scope, deps, stamp)));
  }
  return { tenantId: scope.tenantId, expected: expected.length, created };
}

const writesOf = (
  list: readonly TrainingAssignment[],
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  deps: StoreDeps,
  at: string,
) =>
  list.flatMap((a): Write[] => [
    put(TrainingAssignments, a, 'absent'),
    recordChange(changeOf(TrainingAssignments, scope, null, a, at, deps.ids)),
  ]);

/** A concurrent run may have written some of the chunk: on CONFLICT, write only those still absent. */
async function writeAbsent(
  chunk: TrainingAssignment[],
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  deps: StoreDeps,
  at: string,
): Promise<TrainingAssignment[]> {
  try {
    await deps.store.commit(writesOf(chunk, scope, deps, at));
    return chunk;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const now = await deps.store.getMany(
      TrainingAssignments,
      chunk.map((a) => ({ id: a.id })),
    );
    const still = chunk.filter((_, i) => !now[i]);
    if (still.length) await deps.store.commit(writesOf(still, scope, deps, at));
    return still;
  }
}
