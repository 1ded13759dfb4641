// Risk register use cases: identify and score a risk, change it, decide its
// treatment, assess the residual risk, and re-score it under a newer
// methodology. Every write is versioned and leaves a change record.

import { resolveControlRefs } from '../controls/control-ref';
import { holdsAppointment } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { ImpactRiskLinks } from '../impact/model';
import type { MemberCheck } from '../inventory/ai-system';
import { AiSystems } from '../inventory/model';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import type { Write } from '../shared/store';
import { put } from '../shared/store';
import { parseInput } from '../shared/validation';
import { createVersioned, loadVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan, type Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { currentMethodology, methodologyAt } from './manage-methodology';
import { type RiskMethodology, ratingsOf, scoreRisk } from './methodology';
import { Risks } from './model';
import { registerWrites } from './register-index';
import {
  acceptResidualRiskInput,
  assessResidualInput,
  closeRiskInput,
  createRiskInput,
  currentScore,
  decideTreatments,
  isAboveThreshold,
  isUntreatedAboveThreshold,
  type OwnerStanding,
  type Risk,
  rescoreRiskInput,
  statusAfterTreatment,
  statusFromState,
  treatRiskInput,
  updateRiskInput,
  withDerivedFacts,
} from './risk';

export interface RiskDeps extends StoreDeps {
  isMember: MemberCheck;
  /**
   * The user's membership role in the tenant, null when not a member. R6/X-6:
   * with it, a consultant is refused as a risk owner; callers without it
   * (fixtures, jobs) only get the membership check.
   */
  memberRole?: (userId: string) => Promise<Role | null>;
}

export async function createRisk(
  scope: TenantScope,
  rawInput: unknown,
  deps: RiskDeps,
  sourceFinding: Risk['sourceFinding'] = null,
): Promise<Risk> {
  assertCan(scope.role, 'risk.manage');
  const input = parseInput(createRiskInput, rawInput, ['input']);
  const methodology = await currentMethodology(scope, deps);
  assertCategory(input.category, methodology);
  const inherent = scoreRisk(methodology, input.likelihood, input.impacts);
  const aiSystemIds = [...new Set(input.aiSystemIds ?? [])];
  await assertReferences(input.ownerId, aiSystemIds, deps);
  const now = deps.clock.now().toISOString();
  const risk: Risk = withDerivedFacts(
    {
      id: deps.ids.next(),
      tenantId: scope.tenantId,
      title: input.title,
      description: input.description ?? null,
      category: input.category,
      aiSystemIds,
      ownerId: input.ownerId,
      methodologyVersion: methodology.version,
      inherent,
      treatments: [],
      residual: null,
      residualAssessedAt: null,
      treatmentOutcome: null,
      treatmentImplemented: false,
      reviewDate: input.reviewDate,
      status: 'OPEN',
      sourceFinding,
      currentBand: inherent.band,
      aboveThreshold: false,
      gap: null,
      residualAcceptance: null,
      closure: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
    methodology,
    today(deps),
  );
  const findingLink: Write[] = sourceFinding
    ? [
        put(
          ImpactRiskLinks,
          { assessmentId: sourceFinding.assessmentId, riskId: risk.id, dimension: sourceFinding.dimension },
          'absent',
        ),
      ]
    : [];
  return createVersioned(deps, scope, Risks, risk, [...registerWrites(null, risk), ...findingLink]);
}

export async function updateRisk(scope: TenantScope, rawInput: unknown, deps: RiskDeps): Promise<Risk> {
  assertCan(scope.role, 'risk.manage');
  const input = parseInput(updateRiskInput, rawInput, ['input']);
  const current = await loadRisk(input.id, input.expectedVersion, deps);
  const methodology = await methodologyOf(current, deps);
  const next: Risk = { ...current };
  if (input.title !== undefined) next.title = input.title;
  if (input.description !== undefined) next.description = input.description ?? null;
  if (input.category !== undefined) {
    assertCategory(input.category, methodology);
    next.category = input.category;
  }
  if (input.aiSystemIds !== undefined) next.aiSystemIds = [...new Set(input.aiSystemIds ?? [])];
  if (input.ownerId !== undefined) next.ownerId = input.ownerId;
  if (input.reviewDate !== undefined) next.reviewDate = input.reviewDate;
  if (input.status === 'CLOSED') {
    throw new ValidationError([
      {
        path: ['input', 'status'],
        message: 'a risk is closed with closeRisk, which records the closure reason',
      },
    ]);
  }
  if (input.status === 'OPEN') {
    next.status = statusFromState(current);
    next.closure = null;
  }
  if (input.likelihood !== undefined || input.impacts !== undefined) {
    next.inherent = scoreRisk(
      methodology,
      input.likelihood ?? current.inherent.likelihood,
      input.impacts ?? ratingsOf(current.inherent),
    );
  }
  await assertReferences(
    next.ownerId !== current.ownerId ? next.ownerId : null,
    next.aiSystemIds.filter((id) => !current.aiSystemIds.includes(id)),
    deps,
  );
  return save(scope, current, next, deps);
}

/**
 * decides the risk's treatment, one or more options, replacing the previous
 * decision. From any status but CLOSED; RETREAT and a residual above the
 * threshold are left this way (back to TREATMENT_DECIDED, or ACCEPTED for ACCEPT only).
 */
export async function treatRisk(scope: TenantScope, rawInput: unknown, deps: RiskDeps): Promise<Risk> {
  assertCan(scope.role, 'risk.treat');
  const input = parseInput(treatRiskInput, rawInput, ['input']);
  const current = await loadRisk(input.id, input.expectedVersion, deps);
  if (current.status === 'CLOSED') throw new ConflictError(`risk ${current.id} is closed`, 'INVALID_STATE');
  const methodology = await methodologyOf(current, deps);
  const now = deps.clock.now().toISOString();
  if (input.treatments.some((t) => t.option === 'ACCEPT')) {
    // The same appointment check as acceptResidualRisk: FORBIDDEN before any input problem.
    const score = currentScore(current).score;
    await assertMayAccept(
      scope,
      isAboveThreshold(current, methodology),
      score,
      methodology.acceptanceThreshold,
      deps,
    );
  }
  const [resolved, owner] = await Promise.all([
    resolveControlRefs(
      deps.store,
      input.treatments.flatMap((t) => t.controlRefs ?? []),
    ),
    standingOf(current.ownerId, deps),
  ]);
  const treatments = decideTreatments(
    current,
    input,
    methodology,
    { id: scope.actorId, role: scope.role, mayAcceptAboveThreshold: true },
    { owner, unknownControlRefs: resolved.unknown },
    now,
  );
  return save(scope, current, { ...current, treatments, status: statusAfterTreatment(treatments) }, deps);
}

/**
 * scores the risk left after treatment. TREATMENT_DECIDED (or a re-assessment)
 * moves to RESIDUAL_ASSESSED; an ACCEPT-only risk stays ACCEPTED and RETREAT stays
 * until a new treatment is decided.
 */
export async function assessResidualRisk(
  scope: TenantScope,
  rawInput: unknown,
  deps: RiskDeps,
): Promise<Risk> {
  assertCan(scope.role, 'risk.treat');
  const input = parseInput(assessResidualInput, rawInput, ['input']);
  const current = await loadRisk(input.id, input.expectedVersion, deps);
  if (current.status === 'CLOSED') throw new ConflictError(`risk ${current.id} is closed`, 'INVALID_STATE');
  if (!current.treatments.length) {
    throw new ValidationError([
      { path: ['input', 'id'], message: 'decide a treatment before assessing residual risk' },
    ]);
  }
  const residual = scoreRisk(await methodologyOf(current, deps), input.likelihood, input.impacts);
  const status =
    current.status === 'RETREAT' || (current.status === 'ACCEPTED' && statusFromState(current) === 'ACCEPTED')
      ? current.status
      : 'RESIDUAL_ASSESSED';
  return save(
    scope,
    current,
    { ...current, residual, residualAssessedAt: deps.clock.now().toISOString(), status },
    deps,
  );
}

/** The roles of designated management for accepting a residual risk above the threshold. */
const ABOVE_THRESHOLD_ACCEPTORS = ['AI_RISK_OWNER', 'COMMITTEE_CHAIR', 'COMMITTEE_MEMBER'] as const;

/**
 * X-5 / R5 / R13: who may accept a risk. Never the external consultant; above
 * the threshold only a holder of an active AI_RISK_OWNER or committee appointment.
 */
export async function assertMayAccept(
  scope: TenantScope,
  above: boolean,
  score: number,
  threshold: number,
  deps: RiskDeps,
): Promise<void> {
  if (scope.role === 'CONSULTANT') {
    throw new ForbiddenError(
      'accepting a risk is a decision of the organisation: a consultant cannot accept it',
    );
  }
  if (!above) return;
  const held = await readAll(deps.store, Appointments, 'byUser', { userId: scope.actorId });
  if (!holdsAppointment(held, scope.actorId, ABOVE_THRESHOLD_ACCEPTORS, deps.clock.now())) {
    throw new ForbiddenError(
      `score ${score} is above the acceptance threshold ${threshold}: only the appointed AI risk owner or the committee can accept it`,
    );
  }
}

/**
 * records the acceptance of the residual risk, valid until `expiresOn`
 * (at most 12 months ahead). Needs a decided treatment and an assessed residual.
 */
export async function acceptResidualRisk(
  scope: TenantScope,
  rawInput: unknown,
  deps: RiskDeps,
): Promise<Risk> {
  assertCan(scope.role, 'risk.treat');
  const input = parseInput(acceptResidualRiskInput, rawInput, ['input']);
  const current = await loadRisk(input.id, input.expectedVersion, deps);
  if (current.status === 'CLOSED') throw new ConflictError(`risk ${current.id} is closed`, 'INVALID_STATE');
  if (!current.treatments.length || !current.residual) {
    throw new ConflictError(
      `risk ${current.id}: decide a treatment and assess the residual risk before accepting it`,
      'INVALID_STATE',
    );
  }
  // RETREAT needs a new decision; after a new decision, its own residual assessment.
  if (current.status === 'RETREAT' || current.status === 'TREATMENT_DECIDED') {
    throw new ConflictError(
      current.status === 'RETREAT'
        ? `risk ${current.id}: its treatment was judged not effective; decide a new treatment first`
        : `risk ${current.id}: assess the residual risk of the decided treatment before accepting it`,
      'INVALID_STATE',
    );
  }
  const methodology = await methodologyOf(current, deps);
  const now = deps.clock.now();
  const day = now.toISOString().slice(0, 10);
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  const latest = limit.toISOString().slice(0, 10);
  if (input.expiresOn < day || input.expiresOn > latest) {
    throw new ValidationError([
      {
        path: ['input', 'expiresOn'],
        message: `must be between ${day} and ${latest} (at most 12 months ahead)`,
      },
    ]);
  }
  const score = current.residual.score;
  await assertMayAccept(
    scope,
    score > methodology.acceptanceThreshold,
    score,
    methodology.acceptanceThreshold,
    deps,
  );
  const residualAcceptance = {
    residualScore: score,
    justification: input.justification,
    acceptedBy: scope.actorId,
    acceptedAt: now.toISOString(),
    expiresOn: input.expiresOn,
    conditions: input.conditions ?? null,
  };
  return save(scope, current, { ...current, residualAcceptance, status: 'ACCEPTED' }, deps);
}

/**
 * closes a risk with a reason. A risk above the threshold with no
 * treatment decided cannot be closed (CONFLICT INVALID_STATE).
 */
export async function closeRisk(scope: TenantScope, rawInput: unknown, deps: RiskDeps): Promise<Risk> {
  assertCan(scope.role, 'risk.manage');
  const input = parseInput(closeRiskInput, rawInput, ['input']);
  const current = await loadRisk(input.id, input.expectedVersion, deps);
  if (current.status === 'CLOSED')
    throw new ConflictError(`risk ${current.id} is already closed`, 'INVALID_STATE');
  const methodology = await methodologyOf(current, deps);
  if (isUntreatedAboveThreshold(current, methodology)) {
    throw new ConflictError(
      `risk ${current.id} is above the acceptance threshold with no treatment decided: decide a treatment before closing it`,
      'INVALID_STATE',
    );
  }
  const closure = {
    reason: input.closureReason,
    explanation: input.explanation,
    closedBy: scope.actorId,
    closedAt: deps.clock.now().toISOString(),
  };
  return save(scope, current, { ...current, status: 'CLOSED', closure }, deps);
}

/**
 * Moves a risk onto the current methodology. Its ratings are kept when they fit
 * the new scales; otherwise new ratings must be given. Residual scores and
 * their acceptance are cleared because they were judged under the old rules.
 */
export async function rescoreRisk(scope: TenantScope, rawInput: unknown, deps: RiskDeps): Promise<Risk> {
  assertCan(scope.role, 'risk.manage');
  const input = parseInput(rescoreRiskInput, rawInput, ['input']);
  const current = await loadRisk(input.id, input.expectedVersion, deps);
  const methodology = await currentMethodology(scope, deps);
  const inherent = scoreRisk(
    methodology,
    input.likelihood ?? current.inherent.likelihood,
    input.impacts ?? ratingsOf(current.inherent),
  );
  return save(
    scope,
    current,
    // The residual acceptance accepted a score judged under the old rules too.
    {
      ...current,
      inherent,
      residual: null,
      residualAssessedAt: null,
      residualAcceptance: null,
      methodologyVersion: methodology.version,
      status: ['CLOSED', 'RETREAT'].includes(current.status)
        ? current.status
        : statusFromState({ ...current, residual: null, residualAcceptance: null }),
    },
    deps,
  );
}

/** Saves the next state with its derived facts, links and counters in the same commit. */
async function save(scope: TenantScope, current: Risk, next: Risk, deps: RiskDeps): Promise<Risk> {
  const derived = withDerivedFacts(next, await methodologyOf(next, deps), today(deps));
  return saveVersioned(deps, scope, Risks, current, derived, {
    extra: (saved) => registerWrites(current, saved),
  });
}

function today(deps: Pick<RiskDeps, 'clock'>): string {
  return deps.clock.now().toISOString().slice(0, 10);
}

export function loadRisk(id: string, expectedVersion: number, deps: Pick<RiskDeps, 'store'>): Promise<Risk> {
  return loadVersioned(deps.store, Risks, { id }, expectedVersion);
}

async function methodologyOf(risk: Risk, deps: RiskDeps): Promise<RiskMethodology> {
  const m = await methodologyAt(deps.store, risk.methodologyVersion);
  if (!m) throw new NotFoundError('RiskMethodology', String(risk.methodologyVersion));
  return m;
}

function assertCategory(category: string, m: RiskMethodology) {
  if (!m.categories.includes(category)) {
    throw new ValidationError([
      {
        path: ['input', 'category'],
        message: `unknown category; the methodology has ${m.categories.join(', ')}`,
      },
    ]);
  }
}

/** Whether a user is an internal member; without a role lookup, any member counts as internal. */
async function standingOf(userId: string, deps: RiskDeps): Promise<OwnerStanding> {
  if (deps.memberRole) {
    const role = await deps.memberRole(userId);
    return role === null ? 'NOT_MEMBER' : role === 'CONSULTANT' ? 'CONSULTANT' : 'INTERNAL';
  }
  return (await deps.isMember(userId)) ? 'INTERNAL' : 'NOT_MEMBER';
}

async function assertReferences(ownerId: string | null, aiSystemIds: string[], deps: RiskDeps) {
  const errors = [];
  if (ownerId) {
    const standing = await standingOf(ownerId, deps);
    if (standing === 'NOT_MEMBER')
      errors.push({ path: ['input', 'ownerId'], message: 'is not a member of this tenant' });
    // R6/X-6: accountability for a risk stays inside the organisation.
    else if (standing === 'CONSULTANT')
      errors.push({
        path: ['input', 'ownerId'],
        message: 'a risk owner must be an internal member: a consultant cannot own a risk',
      });
  }
  if (aiSystemIds.length) {
    const found = await deps.store.getMany(
      AiSystems,
      aiSystemIds.map((id) => ({ id })),
    );
    const missing = aiSystemIds.filter((_, i) => !found[i]);
    if (missing.length)
      errors.push({ path: ['input', 'aiSystemIds'], message: `unknown AI systems: ${missing.join(', ')}` });
  }
  if (errors.length) throw new ValidationError(errors);
}
