// The risk treatment plan (6.1.3, 8.3): concrete actions per control and risk,
// each with an owner, a due date and progress, and the plan's completion rate.
import * as z from 'zod';
import { isControlId } from '../annex-a/catalogue';
import { type ChangeRecord, entityChange } from '../audit/change-record';
import type { MemberCheck } from '../inventory/ai-system';
import type { RiskRepository } from '../risk/risk';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { Clock, IdGenerator } from '../shared/ports';
import { parseInput } from '../shared/validation';
import { assertCan, can } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';

export type ActionStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'DONE' | 'OVERDUE';

export interface TreatmentAction {
  id: string;
  tenantId: string;
  title: string;
  riskId: string | null;
  controlId: string | null;
  ownerId: string;
  dueDate: string;
  progress: number;
  completedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TreatmentActionRepository {
  get(id: string): Promise<TreatmentAction | null>;
  all(): Promise<TreatmentAction[]>;
  create(action: TreatmentAction, change: ChangeRecord): Promise<void>;
  update(action: TreatmentAction, expectedVersion: number, change: ChangeRecord): Promise<void>;
}

export interface TreatmentPlanDeps {
  actions: TreatmentActionRepository;
  risks: Pick<RiskRepository, 'get'>;
  isMember: MemberCheck;
  clock: Clock;
  ids: IdGenerator;
}

const isoDate = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });

export const createActionInput = z.object({
  title: z.string().trim().min(3).max(300),
  riskId: z.string().min(1).nullish(),
  controlId: z.string().min(1).nullish(),
  ownerId: z.string().min(1),
  dueDate: isoDate,
});

export const updateActionInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  title: z.string().trim().min(3).max(300).optional(),
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
  if (input.riskId && !(await deps.risks.get(input.riskId))) {
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
  await deps.actions.create(action, entityChange('TreatmentAction', scope, null, action, now, deps.ids));
  return action;
}

/** Managers edit anything; an action's owner may report progress on it. */
export async function updateTreatmentAction(scope: TenantScope, rawInput: unknown, deps: TreatmentPlanDeps) {
  const input = parseInput(updateActionInput, rawInput, ['input']);
  const current = await deps.actions.get(input.id);
  if (!current) throw new NotFoundError('TreatmentAction', input.id);
  const manager = can(scope.role, 'treatment.manage');
  const onlyProgress =
    input.title === undefined && input.ownerId === undefined && input.dueDate === undefined;
  if (!manager && !(current.ownerId === scope.actorId && onlyProgress))
    assertCan(scope.role, 'treatment.manage');
  if (current.version !== input.expectedVersion) {
    throw new ConflictError(
      `TreatmentAction ${current.id} is at version ${current.version}`,
      'VERSION_MISMATCH',
    );
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
    version: current.version + 1,
    updatedAt: now,
  };
  await deps.actions.update(
    next,
    current.version,
    entityChange('TreatmentAction', scope, current, next, now, deps.ids),
  );
  return next;
}

export async function treatmentPlan(
  scope: TenantScope,
  filter: { riskId?: string | null; controlId?: string | null },
  deps: { actions: Pick<TreatmentActionRepository, 'all'>; clock: Clock },
) {
  assertCan(scope.role, 'risk.read');
  const today = deps.clock.now().toISOString().slice(0, 10);
  const actions = (await deps.actions.all())
    .filter(
      (a) =>
        (!filter.riskId || a.riskId === filter.riskId) &&
        (!filter.controlId || a.controlId === filter.controlId),
    )
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title));
  return { actions, summary: summarisePlan(actions, today), today };
}
