// The risk treatment plan (6.1.3, 8.3): concrete actions per control and risk,
// each with an owner, a due date, progress, resources, a cancellation and an
// effectiveness check, and the plan's completion rate.
import * as z from 'zod';
import { isControlId } from '../annex-a/catalogue';
import { resolveControlRefs } from '../controls/control-ref';
import type { MemberCheck } from '../inventory/ai-system';
import { RiskActionLists, Risks } from '../risk/model';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { increment, put, recordChange, type TenantStore, type Write } from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { multiLine, parseInput, singleLine } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { assertCan, CONSULTANCY_ROLES, can } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { TreatmentActions, TreatmentPlanHeads } from './model';
import {
  type ActionStatus,
  EFFECTIVENESS_RESULTS,
  type EffectivenessCheck,
  type TreatmentAction,
} from './treatment-action';
import { riskOutcomeWrites } from './treatment-outcome-of';

export type { ActionStatus, TreatmentAction } from './treatment-action';

export interface TreatmentPlanDeps extends StoreDeps {
  isMember: MemberCheck;
}

const isoDate = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });

const effectivenessPlan = z.object({
  method: multiLine(2000).min(3),
  dueOn: isoDate,
});

export const createActionInput = z.object({
  title: singleLine(300).min(3),
  riskId: z.string().min(1).nullish(),
  /** An Annex A control id or a custom control ref. */
  /** Bounded like a risk's controlRefs: an unbounded ref reached DynamoDB as an over-long key. */
  controlRef: singleLine(80).min(1).nullish(),
  /** The name before custom controls: still accepted. */
  controlId: singleLine(80).min(1).nullish(),
  ownerId: z.string().min(1),
  dueDate: isoDate,
  resources: multiLine(2000).nullish(),
  effectivenessCheck: effectivenessPlan.nullish(),
});

export const updateActionInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  title: singleLine(300).min(3).optional(),
  ownerId: z.string().min(1).optional(),
  dueDate: isoDate.optional(),
  progress: z.number().int().min(0, '0–100').max(100, '0–100').optional(),
  resources: multiLine(2000).nullish(),
  effectivenessCheck: effectivenessPlan.nullish(),
});

export const cancelActionInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  reason: multiLine(2000).min(10, 'say why the action is cancelled, in at least 10 characters'),
});

export const recordEffectivenessInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  result: z.enum(EFFECTIVENESS_RESULTS),
  /** Needed when no method was planned with the action. */
  method: multiLine(2000).min(3).nullish(),
  notes: multiLine(4000).nullish(),
});

export function actionStatus(
  action: Pick<TreatmentAction, 'progress' | 'dueDate'> & Partial<Pick<TreatmentAction, 'cancellation'>>,
  today: string,
): ActionStatus {
  if (action.cancellation) return 'CANCELLED';
  if (action.progress >= 100) return 'DONE';
  if (action.dueDate < today) return 'OVERDUE';
  return action.progress > 0 ? 'IN_PROGRESS' : 'NOT_STARTED';
}

export interface TreatmentPlanSummary {
  /** Actions not cancelled. */
  total: number;
  done: number;
  overdue: number;
  cancelled: number;
  /** done / total, 0 when the plan is empty; cancelled actions leave it (T3). */
  completionRate: number;
  /** Mean progress over the actions not cancelled, 0–100. */
  averageProgress: number;
}

export function summarisePlan(actions: readonly TreatmentAction[], today: string): TreatmentPlanSummary {
  const active = actions.filter((a) => !a.cancellation);
  const statuses = active.map((a) => actionStatus(a, today));
  const done = statuses.filter((s) => s === 'DONE').length;
  return {
    total: active.length,
    done,
    overdue: statuses.filter((s) => s === 'OVERDUE').length,
    cancelled: actions.length - active.length,
    completionRate: active.length ? done / active.length : 0,
    averageProgress: active.length ? active.reduce((sum, a) => sum + a.progress, 0) / active.length : 0,
  };
}

/** Whether the write changes what the risk's actions say about its treatment. */
function changesRiskPicture(before: TreatmentAction | null, after: TreatmentAction): boolean {
  if (!after.riskId) return false;
  if (!before) return true;
  return (
    before.progress >= 100 !== after.progress >= 100 ||
    !!before.cancellation !== !!after.cancellation ||
    before.effectivenessCheck?.result !== after.effectivenessCheck?.result
  );
}

/**
 * One commit for an action write: the action and its change record, the plan
 * head's edit count (an edit after approval starts a new draft, T1), the risk's
 * action list when the action is new, and the risk told its outcome.
 */
async function commitAction(
  deps: TreatmentPlanDeps,
  scope: TenantScope,
  before: TreatmentAction | null,
  after: TreatmentAction,
): Promise<TreatmentAction> {
  const now = deps.clock.now().toISOString();
  const saved: TreatmentAction = before ? { ...after, version: before.version + 1, updatedAt: now } : after;
  const list =
    !before && saved.riskId ? await deps.store.get(RiskActionLists, { riskId: saved.riskId }) : null;
  const writes: Write[] = [
    put(TreatmentActions, saved, before ? { version: before.version } : 'absent'),
    recordChange(changeOf(TreatmentActions, scope, before, saved, now, deps.ids)),
    increment(TreatmentPlanHeads, {}, { version: 1 }, { updatedAt: now }),
  ];
  if (!before && saved.riskId) {
    writes.push(
      put(
        RiskActionLists,
        {
          riskId: saved.riskId,
          actionIds: [...(list?.actionIds ?? []), saved.id],
          version: (list?.version ?? 0) + 1,
        },
        list ? { version: list.version } : 'absent',
        `The action list of risk ${saved.riskId}`,
      ),
    );
  }
  if (saved.riskId && changesRiskPicture(before, saved)) {
    const siblings = ((await actionsOfRisks(deps.store, [saved.riskId]))[0] ?? []).filter(
      (a) => a.id !== saved.id,
    );
    writes.push(...(await riskOutcomeWrites(deps, scope, saved.riskId, [...siblings, saved])));
  }
  await deps.store.commit(writes);
  return saved;
}

async function validControlRef(store: TenantStore, ref: string) {
  if (isControlId(ref)) return true;
  return (await resolveControlRefs(store, [ref])).unknown.length === 0;
}

export async function createTreatmentAction(scope: TenantScope, rawInput: unknown, deps: TreatmentPlanDeps) {
  assertCan(scope.role, 'treatment.manage');
  const input = parseInput(createActionInput, rawInput, ['input']);
  const controlRef = input.controlRef ?? input.controlId ?? null;
  const controlField = input.controlRef ? 'controlRef' : 'controlId';
  const errors = [];
  if (!input.riskId && !controlRef) {
    errors.push({ path: ['input', 'riskId'], message: 'link the action to a risk, a control, or both' });
  }
  if (controlRef && !(await validControlRef(deps.store, controlRef))) {
    errors.push({
      path: ['input', controlField],
      message: 'neither an Annex A control nor a custom control',
    });
  }
  if (input.riskId && !(await deps.store.get(Risks, { id: input.riskId }))) {
    errors.push({ path: ['input', 'riskId'], message: 'no such risk in this tenant' });
  }
  if (!(await deps.isMember(input.ownerId))) {
    errors.push({ path: ['input', 'ownerId'], message: 'is not a member of this tenant' });
  }
  if (errors.length) throw new ValidationError(errors);
  const now = deps.clock.now().toISOString();
  const action: TreatmentAction = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    title: input.title,
    riskId: input.riskId ?? null,
    controlId: controlRef,
    ownerId: input.ownerId,
    dueDate: input.dueDate,
    progress: 0,
    completedAt: null,
    resources: input.resources ?? null,
    cancellation: null,
    effectivenessCheck: input.effectivenessCheck ? plannedCheck(input.effectivenessCheck) : null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  // Creating has no expected version: when another action of the same risk lands first, re-read and retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitAction(deps, scope, null, action);
    } catch (error) {
      if (!(error instanceof ConflictError) || !action.riskId || attempt >= 3) throw error;
    }
  }
}

const plannedCheck = (p: { method: string; dueOn: string }): EffectivenessCheck => ({
  method: p.method,
  dueOn: p.dueOn,
  result: null,
  by: null,
  at: null,
  notes: null,
});

async function loadAction(id: string, expectedVersion: number, deps: Pick<StoreDeps, 'store'>) {
  const current = await deps.store.get(TreatmentActions, { id });
  if (!current) throw new NotFoundError('TreatmentAction', id);
  if (current.version !== expectedVersion) {
    throw versionMismatch('TreatmentAction', current.id, expectedVersion, current.version);
  }
  return current;
}

const cancelled = (a: TreatmentAction) =>
  new ConflictError(`treatment action ${a.id} is cancelled: it takes no more changes`, 'INVALID_STATE');

/** Managers edit anything; an action's owner may report progress on it. */
export async function updateTreatmentAction(scope: TenantScope, rawInput: unknown, deps: TreatmentPlanDeps) {
  const input = parseInput(updateActionInput, rawInput, ['input']);
  const current = await deps.store.get(TreatmentActions, { id: input.id });
  if (!current) throw new NotFoundError('TreatmentAction', input.id);
  const manager = can(scope.role, 'treatment.manage');
  const onlyProgress =
    input.title === undefined &&
    input.ownerId === undefined &&
    input.dueDate === undefined &&
    input.resources === undefined &&
    input.effectivenessCheck === undefined;
  if (!manager && !(current.ownerId === scope.actorId && onlyProgress))
    assertCan(scope.role, 'treatment.manage');
  if (current.version !== input.expectedVersion) {
    throw versionMismatch('TreatmentAction', current.id, input.expectedVersion, current.version);
  }
  if (current.cancellation) throw cancelled(current);
  if (input.ownerId && !(await deps.isMember(input.ownerId))) {
    throw new ValidationError([{ path: ['input', 'ownerId'], message: 'is not a member of this tenant' }]);
  }
  const judged = !!current.effectivenessCheck?.result;
  if (judged && (input.effectivenessCheck !== undefined || (input.progress ?? 100) < 100)) {
    throw new ConflictError(
      `the effectiveness of treatment action ${current.id} is judged: its check and completion stand`,
      'INVALID_STATE',
    );
  }
  const now = deps.clock.now().toISOString();
  const progress = input.progress ?? current.progress;
  const next: TreatmentAction = {
    ...current,
    title: input.title ?? current.title,
    ownerId: input.ownerId ?? current.ownerId,
    dueDate: input.dueDate ?? current.dueDate,
    progress,
    completedAt: progress >= 100 ? (current.completedAt ?? now) : null,
    resources: input.resources === undefined ? current.resources : input.resources,
    effectivenessCheck:
      input.effectivenessCheck === undefined
        ? current.effectivenessCheck
        : input.effectivenessCheck && plannedCheck(input.effectivenessCheck),
  };
  return commitAction(deps, scope, current, next);
}

/** X-12, T3: an obsolete action leaves the plan's completion rate, with the reason on record. */
export async function cancelTreatmentAction(scope: TenantScope, rawInput: unknown, deps: TreatmentPlanDeps) {
  assertCan(scope.role, 'treatment.manage');
  const input = parseInput(cancelActionInput, rawInput, ['input']);
  const current = await loadAction(input.id, input.expectedVersion, deps);
  if (current.cancellation) throw cancelled(current);
  if (current.progress >= 100) {
    throw new ConflictError(
      `treatment action ${current.id} is done: it cannot be cancelled`,
      'INVALID_STATE',
    );
  }
  const cancellation = { reason: input.reason, by: scope.actorId, at: deps.clock.now().toISOString() };
  return commitAction(deps, scope, current, { ...current, cancellation });
}

/**
 * X-12, T2 (8.3): the verdict on a done action's effect, by someone of the
 * organisation other than its owner — nobody marks their own work effective.
 */
export async function recordEffectivenessCheck(
  scope: TenantScope,
  rawInput: unknown,
  deps: TreatmentPlanDeps,
) {
  assertCan(scope.role, 'treatment.manage');
  if ((CONSULTANCY_ROLES as readonly string[]).includes(scope.role)) {
    throw new ForbiddenError("judging a treatment's effectiveness is the organisation's: not a consultant's");
  }
  const input = parseInput(recordEffectivenessInput, rawInput, ['input']);
  const current = await loadAction(input.id, input.expectedVersion, deps);
  if (current.ownerId === scope.actorId) {
    throw new ForbiddenError("an action's owner may not judge its effectiveness: someone else must");
  }
  if (current.cancellation) throw cancelled(current);
  if (current.progress < 100) {
    throw new ConflictError(
      `treatment action ${current.id} is not done: its effectiveness is checked once it is`,
      'INVALID_STATE',
    );
  }
  if (current.effectivenessCheck?.result) {
    throw new ConflictError(
      `the effectiveness of treatment action ${current.id} is already recorded`,
      'INVALID_STATE',
    );
  }
  const method = input.method ?? current.effectivenessCheck?.method;
  if (!method) {
    throw new ValidationError([
      { path: ['input', 'method'], message: 'no method was planned with the action: say how it was checked' },
    ]);
  }
  const now = deps.clock.now().toISOString();
  const effectivenessCheck: EffectivenessCheck = {
    method,
    dueOn: current.effectivenessCheck?.dueOn ?? now.slice(0, 10),
    result: input.result,
    by: scope.actorId,
    at: now,
    notes: input.notes ?? null,
  };
  return commitAction(deps, scope, current, { ...current, effectivenessCheck });
}

/** One treatment action; NOT_FOUND when the tenant has none by that id. */
export async function getTreatmentAction(scope: TenantScope, id: string, deps: Pick<StoreDeps, 'store'>) {
  assertCan(scope.role, 'risk.read');
  const action = await deps.store.get(TreatmentActions, { id });
  if (!action) throw new NotFoundError('TreatmentAction', id);
  return action;
}

export async function treatmentPlan(
  scope: TenantScope,
  filter: { riskId?: string | null; controlId?: string | null },
  deps: Pick<StoreDeps, 'store' | 'clock'>,
) {
  assertCan(scope.role, 'risk.read');
  const today = deps.clock.now().toISOString().slice(0, 10);
  const source = filter.riskId
    ? ((await actionsOfRisks(deps.store, [filter.riskId]))[0] ?? [])
    : filter.controlId
      ? await readAll(deps.store, TreatmentActions, 'byControl', { controlId: filter.controlId })
      : await readAll(deps.store, TreatmentActions, 'plan', {});
  const actions = source
    .filter((a) => !filter.controlId || a.controlId === filter.controlId)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title));
  return { actions, summary: summarisePlan(actions, today), today };
}

/** Each risk's actions, by due date: one BatchGet of the lists, one of the actions. */
export async function actionsOfRisks(
  store: TenantStore,
  riskIds: readonly string[],
): Promise<TreatmentAction[][]> {
  const lists = await store.getMany(
    RiskActionLists,
    riskIds.map((riskId) => ({ riskId })),
  );
  const ids = [...new Set(lists.flatMap((l) => l?.actionIds ?? []))];
  const actions = ids.length
    ? await store.getMany(
        TreatmentActions,
        ids.map((id) => ({ id })),
      )
    : [];
  const byId = new Map(actions.flatMap((a) => (a ? [[a.id, a] as const] : [])));
  return lists.map((l) =>
    (l?.actionIds ?? [])
      .flatMap((id) => (byId.has(id) ? [byId.get(id) as TreatmentAction] : []))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id)),
  );
}
