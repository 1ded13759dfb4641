// T1, X-12 (6.1.3): designated management approves the risk treatment plan.
// The head counts action edits; an approval freezes the action versions it saw
// and an edit after it starts the next draft, leaving the approved one readable.
import * as z from 'zod';
import { type AppointmentKind, holdsAppointment } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { increment, put, recordChange } from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { multiLine, parseInput } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { assertCan, CONSULTANCY_ROLES } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { ApprovedTreatmentPlans, TreatmentActions, TreatmentPlanHeads } from './model';
import type { ApprovedTreatmentPlan, PlanApproval, PlanStatus, TreatmentPlanHead } from './treatment-action';

/** Who may approve, in the order their authority is recorded. */
export const PLAN_APPROVER_KINDS = ['COMMITTEE_CHAIR', 'TOP_MANAGEMENT', 'COMMITTEE_MEMBER'] as const;

export const approvePlanInput = z.object({
  expectedVersion: z.number().int().min(0),
  comment: multiLine(4000).nullish(),
});

/** Where the working plan stands: the draft after the latest approval, or that approval itself. */
export interface TreatmentPlanState {
  /** The plan version number: approved ones keep theirs; a draft takes the next. */
  number: number;
  status: Exclude<PlanStatus, 'SUPERSEDED'>;
  /** The head version: approvals pass it as `expectedVersion`. */
  version: number;
  /** The latest approved version, if any. */
  approvedNumber: number | null;
}

export function planState(head: TreatmentPlanHead | null): TreatmentPlanState {
  const version = head?.version ?? 0;
  const approvedNumber = head?.approvedNumber ?? null;
  const approved = approvedNumber !== null && head?.approvedAtVersion === version;
  return {
    number: approved ? approvedNumber : (approvedNumber ?? 0) + 1,
    status: approved ? 'APPROVED' : 'DRAFT',
    version,
    approvedNumber,
  };
}

export async function getTreatmentPlanState(scope: TenantScope, deps: Pick<StoreDeps, 'store'>) {
  assertCan(scope.role, 'risk.read');
  return planState(await deps.store.get(TreatmentPlanHeads, {}));
}

export type ApprovedTreatmentPlanView = ApprovedTreatmentPlan & { status: PlanStatus };

function withStatus(plan: ApprovedTreatmentPlan, state: TreatmentPlanState): ApprovedTreatmentPlanView {
  const current = state.status === 'APPROVED' && state.number === plan.number;
  return { ...plan, status: current ? 'APPROVED' : 'SUPERSEDED' };
}

export async function approveTreatmentPlan(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ApprovedTreatmentPlanView> {
  assertCan(scope.role, 'risk.read');
  if ((CONSULTANCY_ROLES as readonly string[]).includes(scope.role)) {
    throw new ForbiddenError(
      "approving the treatment plan is the organisation's management's: not a consultant's",
    );
  }
  const input = parseInput(approvePlanInput, rawInput, ['input']);
  const appointments = await readAll(deps.store, Appointments, 'byUser', { userId: scope.actorId });
  const at = deps.clock.now();
  const kind = PLAN_APPROVER_KINDS.find((k) =>
    holdsAppointment(appointments, scope.actorId, [k as AppointmentKind], at),
  );
  if (!kind) {
    throw new ForbiddenError(
      'only the AI governance committee or top management (an accepted COMMITTEE_CHAIR, COMMITTEE_MEMBER or TOP_MANAGEMENT appointment) may approve the treatment plan',
    );
  }
  const head = await deps.store.get(TreatmentPlanHeads, {});
  const state = planState(head);
  if (state.version !== input.expectedVersion) {
    throw versionMismatch('TreatmentPlan', 'plan', input.expectedVersion, state.version);
  }
  if (state.status === 'APPROVED') {
    throw new ConflictError(
      `treatment plan version ${state.number} is already approved and unchanged since`,
      'INVALID_STATE',
    );
  }
  const actions = await readAll(deps.store, TreatmentActions, 'plan', {});
  if (!actions.some((a) => !a.cancellation)) {
    throw new ConflictError('the treatment plan has no active action to approve', 'INVALID_STATE');
  }
  const now = at.toISOString();
  const approval: PlanApproval = {
    by: scope.actorId,
    appointmentKind: kind,
    at: now,
    comment: input.comment ?? null,
  };
  const plan: ApprovedTreatmentPlan = {
    tenantId: scope.tenantId,
    number: state.number,
    // The increment below makes the head this version.
    planVersion: state.version + 1,
    approval,
    actions: actions.map((a) => ({ id: a.id, version: a.version })),
  };
  try {
    await deps.store.commit([
      put(ApprovedTreatmentPlans, plan, 'absent', `Approved treatment plan version ${plan.number}`),
      recordChange(
        changeOf(ApprovedTreatmentPlans, scope, null, { ...plan, version: plan.number }, now, deps.ids),
      ),
      // Only if no action was written since the state read above.
      increment(
        TreatmentPlanHeads,
        {},
        { version: 1 },
        { approvedNumber: plan.number, approvedAtVersion: plan.planVersion, updatedAt: now },
        state.version,
      ),
    ]);
  } catch (error) {
    if (error instanceof ConflictError && error.extensions.reason === 'ALREADY_EXISTS') {
      throw versionMismatch('TreatmentPlan', 'plan', input.expectedVersion, null);
    }
    throw error;
  }
  return withStatus(
    plan,
    planState({
      tenantId: scope.tenantId,
      version: plan.planVersion,
      approvedNumber: plan.number,
      approvedAtVersion: plan.planVersion,
      updatedAt: now,
    }),
  );
}

/** An approved plan version (the latest when no number is given), approved or superseded. */
export async function getApprovedTreatmentPlan(
  scope: TenantScope,
  number: number | null | undefined,
  deps: Pick<StoreDeps, 'store'>,
): Promise<ApprovedTreatmentPlanView> {
  assertCan(scope.role, 'risk.read');
  const state = planState(await deps.store.get(TreatmentPlanHeads, {}));
  const n = number ?? state.approvedNumber;
  const plan = n ? await deps.store.get(ApprovedTreatmentPlans, { number: n }) : null;
  if (!plan) throw new NotFoundError('ApprovedTreatmentPlan', n ? String(n) : 'latest');
  return withStatus(plan, state);
}
