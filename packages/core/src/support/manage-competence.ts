// Competence use cases (7.2): the AIMS manager or consultant sets what each
// role requires, records assessed competence with its evidence, and plans and
// evaluates the action on a gap. Every write is versioned with its change record.
import type { MemberRoleLookup } from '../governance/appointment';
import { ConflictError, ValidationError } from '../shared/errors';
import { put, recordChange } from '../shared/store';
import { parseInput } from '../shared/validation';
import { changeOf, createVersioned, type StoreDeps, updateVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  adoptDefaultCompetenceRequirementsInput,
  type CompetenceGapAction,
  type CompetenceRecord,
  type CompetenceRequirement,
  defaultRequirements,
  evaluateCompetenceActionInput,
  planCompetenceActionInput,
  recordCompetenceInput,
  requirementId,
  setCompetenceRequirementInput,
  updateCompetenceRecordInput,
} from './competence';
import { prepareCompetenceCellWrites } from './competence-cells';
import { CompetenceGapActions, CompetenceRecords, CompetenceRequirements } from './model';

export interface CompetenceDeps extends StoreDeps {
  memberRole: MemberRoleLookup;
}

/** Creates a requirement (no expectedVersion) or changes or retires it (the version read). */
export async function setCompetenceRequirement(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(setCompetenceRequirementInput, rawInput, ['input']);
  const holder = input.appointmentKind
    ? { appointmentKind: input.appointmentKind }
    : { jobRole: input.jobRole as NonNullable<typeof input.jobRole> };
  const id = requirementId(holder, input.area);
  if (input.expectedVersion) {
    return updateVersioned(deps, scope, CompetenceRequirements, { id }, input.expectedVersion, (current) => ({
      ...current,
      requiredLevel: input.requiredLevel,
      retired: input.retired ?? current.retired,
    }));
  }
  const now = deps.clock.now().toISOString();
  const requirement: CompetenceRequirement = {
    id,
    tenantId: scope.tenantId,
    appointmentKind: input.appointmentKind ?? null,
    jobRole: input.jobRole ?? null,
    area: input.area,
    requiredLevel: input.requiredLevel,
    retired: input.retired ?? false,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return createVersioned(deps, scope, CompetenceRequirements, requirement);
}

/**
 * Stores the default requirements the tenant does not have yet (one
 * transaction); ones already stored, changed or retired, are left as they are,
 * so adopting twice writes nothing.
 */
export async function adoptDefaultCompetenceRequirements(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(adoptDefaultCompetenceRequirementsInput, rawInput ?? {}, ['input']);
  const now = deps.clock.now().toISOString();
  const kinds = input.appointmentKinds;
  const defaults = defaultRequirements(scope.tenantId, now).filter(
    (d) => !kinds || kinds.includes(d.appointmentKind as NonNullable<typeof d.appointmentKind>),
  );
  const stored = await deps.store.getMany(
    CompetenceRequirements,
    defaults.map((d) => ({ id: d.id })),
  );
  const missing = defaults.filter((_, i) => !stored[i]);
  if (missing.length) {
    await deps.store.commit(
      missing.flatMap((r) => [
        put(CompetenceRequirements, r, 'absent'),
        recordChange(changeOf(CompetenceRequirements, scope, null, r, now, deps.ids)),
      ]),
    );
  }
  return missing;
}

async function assertInternalMember(userId: string, deps: CompetenceDeps) {
  const role = await deps.memberRole(userId);
  if (!role)
    throw new ValidationError([{ path: ['input', 'userId'], message: 'is not a member of this tenant' }]);
}

/** Records assessed competence (D-10); the assessor is the actor. */
export async function recordCompetence(scope: TenantScope, rawInput: unknown, deps: CompetenceDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(recordCompetenceInput, rawInput, ['input']);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const errors = [];
  if (input.assessedOn > today)
    errors.push({ path: ['input', 'assessedOn'], message: 'must not be in the future' });
  if (input.validUntil && input.validUntil < input.assessedOn) {
    errors.push({ path: ['input', 'validUntil'], message: 'must not be before assessedOn' });
  }
  if (errors.length) throw new ValidationError(errors);
  await assertInternalMember(input.userId, deps);
  const now = deps.clock.now().toISOString();
  const record: CompetenceRecord = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    userId: input.userId,
    area: input.area,
    level: input.level,
    basis: input.basis,
    evidenceRef: input.evidenceRef,
    assessedBy: scope.actorId,
    assessedOn: input.assessedOn,
    validUntil: input.validUntil ?? null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const cellWrites = await prepareCompetenceCellWrites(deps.store, record, now);
  return createVersioned(deps, scope, CompetenceRecords, record, cellWrites(null, record));
}

export async function updateCompetenceRecord(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(updateCompetenceRecordInput, rawInput, ['input']);
  // The cell is read first (the record's person and area never change); its write is conditional.
  const existing = await deps.store.get(CompetenceRecords, { id: input.id });
  const cellWrites = existing
    ? await prepareCompetenceCellWrites(deps.store, existing, deps.clock.now().toISOString())
    : () => [];
  return updateVersioned(
    deps,
    scope,
    CompetenceRecords,
    { id: input.id },
    input.expectedVersion,
    (current) => {
      const validUntil = input.validUntil === undefined ? current.validUntil : input.validUntil;
      if (validUntil && validUntil < current.assessedOn) {
        throw new ValidationError([
          { path: ['input', 'validUntil'], message: 'must not be before assessedOn' },
        ]);
      }
      return {
        ...current,
        level: input.level ?? current.level,
        evidenceRef: input.evidenceRef ?? current.evidenceRef,
        validUntil,
      };
    },
    { extra: (saved, current) => cellWrites(current, saved) },
  );
}

/**
 * Plans the action on a person's gap in one area (training, mentoring,
 * recruitment, reassignment). Re-planning replaces the action and clears its
 * evaluation: the new action's effectiveness is still to be shown.
 */
export async function planCompetenceAction(scope: TenantScope, rawInput: unknown, deps: CompetenceDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(planCompetenceActionInput, rawInput, ['input']);
  if (input.dueOn < deps.clock.now().toISOString().slice(0, 10)) {
    throw new ValidationError([{ path: ['input', 'dueOn'], message: 'must not be in the past' }]);
  }
  await assertInternalMember(input.userId, deps);
  const key = { userId: input.userId, area: input.area };
  if (input.expectedVersion) {
    return updateVersioned(deps, scope, CompetenceGapActions, key, input.expectedVersion, (current) => ({
      ...current,
      kind: input.kind,
      description: input.description ?? null,
      dueOn: input.dueOn,
      effectivenessEvaluation: null,
    }));
  }
  const now = deps.clock.now().toISOString();
  const action: CompetenceGapAction = {
    tenantId: scope.tenantId,
    ...key,
    kind: input.kind,
    description: input.description ?? null,
    dueOn: input.dueOn,
    effectivenessEvaluation: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return createVersioned(deps, scope, CompetenceGapActions, action);
}

/** Records whether the action worked (7.2 c); an ineffective result leaves the gap unaddressed. */
export async function evaluateCompetenceAction(scope: TenantScope, rawInput: unknown, deps: StoreDeps) {
  assertCan(scope.role, 'support.manage');
  const input = parseInput(evaluateCompetenceActionInput, rawInput, ['input']);
  const today = deps.clock.now().toISOString().slice(0, 10);
  if (input.on > today) {
    throw new ValidationError([{ path: ['input', 'on'], message: 'must not be in the future' }]);
  }
  return updateVersioned(
    deps,
    scope,
    CompetenceGapActions,
    { userId: input.userId, area: input.area },
    input.expectedVersion,
    (current) => {
      if (current.effectivenessEvaluation) {
        throw new ConflictError(
          'the action is already evaluated: re-plan it to evaluate a new action',
          'INVALID_STATE',
        );
      }
      return {
        ...current,
        effectivenessEvaluation: {
          on: input.on,
          result: input.result,
          effective: input.effective,
          evaluatedBy: scope.actorId,
        },
      };
    },
  );
}
