// Records a governance appointment (5.3): the AIMS manager or the consultant
// writes down a management decision naming an internal person to a role. The
// appointment starts awaiting the appointee's acceptance.
import { ANNEX_A_CONTROLS, CLAUSE_REQUIREMENTS } from '../annex-a/catalogue';
import { AiSystems } from '../inventory/model';
import { ConflictError, type FieldError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { parseInput } from '../shared/validation';
import { createVersioned, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type AppointInput,
  type Appointment,
  appointInput,
  COMMITTEE_KINDS,
  MANAGEMENT_KINDS,
  type MemberRoleLookup,
  SUBJECT_KINDS,
} from './appointment';
import { Appointments, Committees } from './model';

export interface GovernanceDeps extends StoreDeps {
  /** One lookup answers both questions: is the appointee a member, and in which role. */
  memberRole: MemberRoleLookup;
}

const at = (field: string) => ['input', field];

/** Which optional fields a kind needs or forbids; all problems at once. */
function shapeProblems(input: AppointInput): FieldError[] {
  const errors: FieldError[] = [];
  const needsSubject = (SUBJECT_KINDS as readonly string[]).includes(input.kind);
  const onCommittee = (COMMITTEE_KINDS as readonly string[]).includes(input.kind);
  if (needsSubject && !input.subjectRef) {
    errors.push({
      path: at('subjectRef'),
      message:
        input.kind === 'AI_SYSTEM_OWNER'
          ? 'is required for AI_SYSTEM_OWNER: the id of the AI system owned'
          : 'is required for PROCESS_OWNER: the clause process id (e.g. 9.2)',
    });
  }
  // A committee seat may name its committee (optional: seats appointed before committees had ids stand).
  if (!needsSubject && !onCommittee && input.subjectRef) {
    errors.push({ path: at('subjectRef'), message: `must be empty for ${input.kind}` });
  }
  if (onCommittee && !input.committeeFunction) {
    errors.push({
      path: at('committeeFunction'),
      message: `is required for ${input.kind}: the function the member brings to the committee`,
    });
  }
  if (!onCommittee && input.committeeFunction) {
    errors.push({ path: at('committeeFunction'), message: `must be empty for ${input.kind}` });
  }
  if (input.kind === 'PROCESS_OWNER' && input.subjectRef) {
    const ref = input.subjectRef;
    // A clause requirement (9.2.1), the process grouping them (9.2), or an Annex A control or objective (A.6.2.6, A.7).
    const clause = CLAUSE_REQUIREMENTS.some((c) => c.id === ref || c.id.startsWith(`${ref}.`));
    const control = ANNEX_A_CONTROLS.some((c) => c.id === ref || c.objective === ref);
    if (!clause && !control) {
      errors.push({
        path: at('subjectRef'),
        message: 'is not a clause process id or Annex A control id of the catalogue',
      });
    }
  }
  return errors;
}

/**
 * The appointee must belong to the tenant and, for the organisation's own
 * management roles, must not be there as a CONSULTANT: an external adviser's
 * membership never satisfies an appointment. Reported on the field, as with any
 * other ineligible value the caller chose (the caller may appoint; this person may not be appointed).
 */
async function appointeeProblems(input: AppointInput, memberRole: MemberRoleLookup): Promise<FieldError[]> {
  const role = await memberRole(input.userId);
  if (!role) return [{ path: at('userId'), message: 'is not a member of this tenant' }];
  if (role === 'CONSULTANT' && MANAGEMENT_KINDS.includes(input.kind)) {
    return [
      {
        path: at('userId'),
        message: `is a CONSULTANT member: ${input.kind} must be held by the organisation's own people`,
      },
    ];
  }
  return [];
}

async function subjectProblems(input: AppointInput, deps: GovernanceDeps): Promise<FieldError[]> {
  if ((COMMITTEE_KINDS as readonly string[]).includes(input.kind) && input.subjectRef) {
    const committee = await deps.store.get(Committees, { id: input.subjectRef });
    return committee ? [] : [{ path: at('subjectRef'), message: 'is not a committee of this tenant' }];
  }
  if (input.kind !== 'AI_SYSTEM_OWNER' || !input.subjectRef) return [];
  const system = await deps.store.get(AiSystems, { id: input.subjectRef });
  if (!system) return [{ path: at('subjectRef'), message: 'is not an AI system of this tenant' }];
  if (system.lifecycleStage === 'DECOMMISSIONED') {
    return [{ path: at('subjectRef'), message: 'names a decommissioned AI system' }];
  }
  return [];
}

export async function appoint(scope: TenantScope, rawInput: unknown, deps: GovernanceDeps) {
  assertCan(scope.role, 'governance.appoint');
  const input = parseInput(appointInput, rawInput, ['input']);
  const shape = shapeProblems(input);
  if (shape.length) throw new ValidationError(shape);
  const [appointee, subject] = await Promise.all([
    appointeeProblems(input, deps.memberRole),
    subjectProblems(input, deps),
  ]);
  if (appointee.length || subject.length) throw new ValidationError([...appointee, ...subject]);

  // A person's appointments are a handful: read them all to refuse a duplicate in force.
  const held = await readAll(deps.store, Appointments, 'byUser', { userId: input.userId });
  const duplicate = held.find(
    (a) => !a.endedAt && a.kind === input.kind && a.subjectRef === (input.subjectRef ?? null),
  );
  if (duplicate) {
    throw new ConflictError(
      `user already holds ${input.kind}${input.subjectRef ? ` for ${input.subjectRef}` : ''} (appointment ${duplicate.id})`,
      'ALREADY_EXISTS',
    );
  }

  const now = deps.clock.now().toISOString();
  const appointment: Appointment = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    kind: input.kind,
    userId: input.userId,
    subjectRef: input.subjectRef ?? null,
    committeeFunction: input.committeeFunction ?? null,
    responsibilities: input.responsibilities ?? [],
    authorities: input.authorities ?? [],
    appointedBy: scope.actorId,
    appointedAt: now,
    acceptedAt: null,
    endedAt: null,
    endReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return createVersioned(deps, scope, Appointments, appointment);
}
