// AI objective use cases (6.2, §3.2.3): set an objective, change it, move it
// through its states and record progress. The owner is an appointment in force
// held by one of the organisation's own people; an ACTIVE objective is fully
// planned. Each write is one commit with the objective's change record.
import type { MemberRoleLookup } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { PolicyDocuments } from '../policy/model';
import { ConflictError, type FieldError, ValidationError } from '../shared/errors';
import { put } from '../shared/store';
import { parseInput } from '../shared/validation';
import { createVersioned, loadVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { AiObjectives, ObjectiveProgressRecords } from './model';
import {
  type AiObjective,
  assertObjectiveTransition,
  createObjectiveInput,
  measureProblems,
  missingPlanFields,
  objectiveProgress,
  recordProgressInput,
  targetProblems,
  transitionObjectiveInput,
  updateObjectiveInput,
} from './objective';

export interface ObjectiveDeps extends StoreDeps {
  memberRole: MemberRoleLookup;
}

const EMPTY_PLAN = { what: null, resources: null, responsible: null, when: null, evaluationMethod: null };

/** The owner appointment exists, is in force, and its holder is an internal member. */
async function ownerProblems(appointmentId: string, deps: ObjectiveDeps): Promise<FieldError[]> {
  const path = ['input', 'ownerAppointmentId'];
  const appointment = await deps.store.get(Appointments, { id: appointmentId });
  if (!appointment) return [{ path, message: 'no such appointment in this tenant' }];
  if (appointment.endedAt) return [{ path, message: 'the appointment has ended' }];
  const role = await deps.memberRole(appointment.userId);
  if (!role) return [{ path, message: 'the appointee is no longer a member of this tenant' }];
  if (role === 'CONSULTANT') {
    return [
      {
        path,
        message: "the appointee is a CONSULTANT member: objectives are owned by the organisation's people",
      },
    ];
  }
  return [];
}

/** The policy an objective implements must exist in the tenant. */
async function policyRefProblems(
  ref: AiObjective['policyElementRef'],
  deps: ObjectiveDeps,
): Promise<FieldError[]> {
  if (!ref) return [];
  const [doc] = await deps.store.collection(PolicyDocuments, ['POLICY', ref.documentId], {
    sortPrefix: 'V#',
    limit: 1,
  });
  return doc
    ? []
    : [
        {
          path: ['input', 'policyElementRef', 'documentId'],
          message: 'is not a policy document of this tenant',
        },
      ];
}

/** Problems of the whole objective after a change; an ACTIVE one needs every plan field. */
function shapeProblems(o: AiObjective): FieldError[] {
  const errors = [...measureProblems(o.measure, ['input', 'measure']), ...targetProblems(o)];
  if (o.status === 'ACTIVE') {
    for (const f of missingPlanFields(o.plan)) {
      errors.push({ path: ['input', 'plan', f], message: 'is required while the objective is ACTIVE (6.2)' });
    }
  }
  return errors;
}

export async function createAiObjective(
  scope: TenantScope,
  rawInput: unknown,
  deps: ObjectiveDeps,
): Promise<AiObjective> {
  assertCan(scope.role, 'objective.manage');
  const input = parseInput(createObjectiveInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  const objective: AiObjective = {
    id: '',
    tenantId: scope.tenantId,
    title: input.title,
    kind: input.kind,
    policyElementRef: input.policyElementRef ?? null,
    measure: input.measure,
    baseline: input.baseline,
    target: input.target,
    direction: input.direction,
    dueOn: input.dueOn,
    ownerAppointmentId: input.ownerAppointmentId,
    plan: input.plan ?? EMPTY_PLAN,
    status: 'DRAFT',
    current: null,
    communicatedOn: input.communicatedOn ?? null,
    lastReviewedOn: null,
    createdBy: scope.actorId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const errors = [
    ...shapeProblems(objective),
    ...(await ownerProblems(input.ownerAppointmentId, deps)),
    ...(await policyRefProblems(objective.policyElementRef, deps)),
  ];
  if (errors.length) throw new ValidationError(errors);
  return createVersioned(deps, scope, AiObjectives, { ...objective, id: deps.ids.next() });
}

const assertOpen = (o: AiObjective) => {
  if (o.status !== 'DRAFT' && o.status !== 'ACTIVE') {
    throw new ConflictError(
      `objective ${o.id} is ${o.status}: a closed objective is not changed`,
      'INVALID_STATE',
    );
  }
};

export async function updateAiObjective(
  scope: TenantScope,
  rawInput: unknown,
  deps: ObjectiveDeps,
): Promise<AiObjective> {
  assertCan(scope.role, 'objective.manage');
  const input = parseInput(updateObjectiveInput, rawInput, ['input']);
  const current = await loadVersioned(deps.store, AiObjectives, { id: input.id }, input.expectedVersion);
  assertOpen(current);
  const next: AiObjective = { ...current };
  if (input.title !== undefined) next.title = input.title;
  if (input.kind !== undefined) next.kind = input.kind;
  if (input.policyElementRef !== undefined) next.policyElementRef = input.policyElementRef ?? null;
  if (input.measure !== undefined) next.measure = input.measure;
  if (input.baseline !== undefined) next.baseline = input.baseline;
  if (input.target !== undefined) next.target = input.target;
  if (input.direction !== undefined) next.direction = input.direction;
  if (input.dueOn !== undefined) next.dueOn = input.dueOn;
  if (input.ownerAppointmentId !== undefined) next.ownerAppointmentId = input.ownerAppointmentId;
  if (input.plan !== undefined) next.plan = input.plan;
  if (input.communicatedOn !== undefined) next.communicatedOn = input.communicatedOn ?? null;
  if (input.lastReviewedOn !== undefined) next.lastReviewedOn = input.lastReviewedOn ?? null;
  const errors = shapeProblems(next);
  if (next.ownerAppointmentId !== current.ownerAppointmentId) {
    errors.push(...(await ownerProblems(next.ownerAppointmentId, deps)));
  }
  if (next.policyElementRef && next.policyElementRef.documentId !== current.policyElementRef?.documentId) {
    errors.push(...(await policyRefProblems(next.policyElementRef, deps)));
  }
  if (errors.length) throw new ValidationError(errors);
  return saveVersioned(deps, scope, AiObjectives, current, next);
}

/**
 * DRAFT → ACTIVE (fully planned, owner still valid) or CANCELLED; ACTIVE →
 * ACHIEVED (the newest measurement reaches the target), NOT_ACHIEVED or CANCELLED.
 */
export async function transitionAiObjective(
  scope: TenantScope,
  rawInput: unknown,
  deps: ObjectiveDeps,
): Promise<AiObjective> {
  assertCan(scope.role, 'objective.manage');
  const input = parseInput(transitionObjectiveInput, rawInput, ['input']);
  const current = await loadVersioned(deps.store, AiObjectives, { id: input.id }, input.expectedVersion);
  assertObjectiveTransition(current, input.status);
  const next: AiObjective = { ...current, status: input.status };
  if (input.status === 'ACTIVE') {
    const missing = missingPlanFields(current.plan);
    const errors: FieldError[] = missing.map((f) => ({
      path: ['input', 'plan', f],
      message: 'is required to make the objective ACTIVE (6.2): update the plan first',
    }));
    errors.push(...(await ownerProblems(current.ownerAppointmentId, deps)));
    if (errors.length) throw new ValidationError(errors);
  }
  if (input.status === 'ACHIEVED') {
    const progress = objectiveProgress(current);
    if (progress === null || progress < 1) {
      throw new ConflictError(
        `objective ${current.id} has not reached its target (progress ${progress === null ? 'not measured' : `${Math.round(progress * 100)} %`}): record the measurement first`,
        'INVALID_STATE',
      );
    }
  }
  return saveVersioned(deps, scope, AiObjectives, current, next);
}

/** Records a measurement of an ACTIVE objective; the newest one becomes `current`. */
export async function recordObjectiveProgress(
  scope: TenantScope,
  rawInput: unknown,
  deps: ObjectiveDeps,
): Promise<AiObjective> {
  assertCan(scope.role, 'objective.manage');
  const input = parseInput(recordProgressInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  if (input.measuredOn > now.slice(0, 10)) {
    throw new ValidationError([{ path: ['input', 'measuredOn'], message: 'must not be in the future' }]);
  }
  const current = await loadVersioned(deps.store, AiObjectives, { id: input.id }, input.expectedVersion);
  if (current.status !== 'ACTIVE') {
    throw new ConflictError(
      `objective ${current.id} is ${current.status}: progress is recorded on ACTIVE objectives`,
      'INVALID_STATE',
    );
  }
  const record = {
    tenantId: scope.tenantId,
    objectiveId: current.id,
    id: deps.ids.next(),
    value: input.value,
    measuredOn: input.measuredOn,
    note: input.note || null,
    recordedBy: scope.actorId,
    recordedAt: now,
    version: 1,
  };
  const newest = !current.current || input.measuredOn >= current.current.measuredOn;
  const next: AiObjective = newest
    ? { ...current, current: { value: input.value, measuredOn: input.measuredOn } }
    : current;
  return saveVersioned(deps, scope, AiObjectives, current, next, {
    extra: () => [put(ObjectiveProgressRecords, record, 'absent')],
  });
}
