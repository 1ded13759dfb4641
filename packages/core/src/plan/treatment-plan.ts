// The risk treatment plan (6.1.3, 8.3): concrete actions per control and risk,
// each with an owner, a due date and progress, and the plan's completion rate.
import * as z from 'zod';
import { isControlId } from '../annex-a/catalogue';
import type { MemberCheck } from '../inventory/ai-system';
import { RiskActionLists, Risks } from '../risk/model';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { put, type TenantStore } from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { parseInput, singleLine } from '../shared/validation';
import { createVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan, can } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { TreatmentActions } from './model';
import type { ActionStatus, TreatmentAction } from './treatment-action';

export type { ActionStatus, TreatmentAction } from './treatment-action';

export interface TreatmentPlanDeps extends StoreDeps {
  isMember: MemberCheck;
}

const isoDate = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });

export const createActionInput = z.object({
  title: singleLine(300).min(3),
  riskId: z.string().min(1).nullish(),
  controlId: z.string().min(1).nullish(),
  ownerId: z.string().min(1),
  dueDate: isoDate,
});

export const updateActionInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  title: singleLine(300).min(3).optional(),
  ownerId: z.string().min(1).optional(),
  dueDate: isoDate.optional(),
  progress: z.number().int().min(0, '0–100').max(100, '0–100').optional(),
});

export function actionStatus(
  action: Pick<TreatmentAction, 'progress' | 'dueDate'>,
  today: string,
): ActionStatus {
  if (action.progress >= 100) return 'DONE';
  if (action.dueDate < today) return 'OVERDUE';
  return action.progress > 0 ? 'IN_PROGRESS' : 'NOT_STARTED';
}

export interface TreatmentPlanSummary {
  total: number;
  done: number;
  overdue: number;
  /** done / total, 0 when the plan is empty. */
  completionRate: number;
  /** Mean progress over all actions, 0–100. */
  averageProgress: number;
}

export function summarisePlan(actions: readonly TreatmentAction[], today: string): TreatmentPlanSummary {
  const statuses = actions.map((a) => actionStatus(a, today));
  const done = statuses.filter((s) => s === 'DONE').length;
  return {
    total: actions.length,
    done,
    overdue: statuses.filter((s) => s === 'OVERDUE').length,
    completionRate: actions.length ? done / actions.length : 0,
    averageProgress: actions.length ? actions.reduce((sum, a) => sum + a.progress, 0) / actions.length : 0,
  };
}

export async function createTreatmentAction(scope: TenantScope, rawInput: unknown, deps: TreatmentPlanDeps) {
  assertCan(scope.role, 'treatment.manage');
  const input = parseInput(createActionInput, rawInput, ['input']);
  const errors = [];
  if (!input.riskId && !input.controlId) {
    errors.push({ path: ['input', 'riskId'], message: 'link the action to a risk, a control, or both' });
  }
  if (input.controlId && !isControlId(input.controlId)) {
    errors.push({ path: ['input', 'controlId'], message: 'not an Annex A control' });
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
    controlId: input.controlId ?? null,
    ownerId: input.ownerId,
    dueDate: input.dueDate,
    progress: 0,
    completedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  // The risk's action list is kept in the same commit, so a page of risks finds its actions by key.
  // Creating has no expected version: when another action of the same risk lands first, re-read and retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await createVersioned(
        deps,
        scope,
        TreatmentActions,
        action,
        await listWrites(deps.store, action),
      );
    } catch (error) {
      if (!(error instanceof ConflictError) || !action.riskId || attempt >= 3) throw error;
    }
  }
}

async function listWrites(store: TenantStore, action: TreatmentAction) {
  if (!action.riskId) return [];
  const list = await store.get(RiskActionLists, { riskId: action.riskId });
  return [
    put(
      RiskActionLists,
      {
        riskId: action.riskId,
        actionIds: [...(list?.actionIds ?? []), action.id],
        version: (list?.version ?? 0) + 1,
      },
      list ? { version: list.version } : 'absent',
      `The action list of risk ${action.riskId}`,
    ),
  ];
}

/** Managers edit anything; an action's owner may report progress on it. */
export async function updateTreatmentAction(scope: TenantScope, rawInput: unknown, deps: TreatmentPlanDeps) {
  const input = parseInput(updateActionInput, rawInput, ['input']);
  const current = await deps.store.get(TreatmentActions, { id: input.id });
  if (!current) throw new NotFoundError('TreatmentAction', input.id);
  const manager = can(scope.role, 'treatment.manage');
  const onlyProgress =
    input.title === undefined && input.ownerId === undefined && input.dueDate === undefined;
  if (!manager && !(current.ownerId === scope.actorId && onlyProgress))
    assertCan(scope.role, 'treatment.manage');
  if (current.version !== input.expectedVersion) {
    throw versionMismatch('TreatmentAction', current.id, input.expectedVersion, current.version);
  }
  if (input.ownerId && !(await deps.isMember(input.ownerId))) {
    throw new ValidationError([{ path: ['input', 'ownerId'], message: 'is not a member of this tenant' }]);
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
  };
  return saveVersioned(deps, scope, TreatmentActions, current, next);
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
