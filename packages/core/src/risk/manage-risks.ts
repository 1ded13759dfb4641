// Risk register use cases: identify and score a risk, change it, decide its
// treatment, assess the residual risk, and re-score it under a newer
// methodology. Every write is versioned and leaves a change record.

import { ImpactRiskLinks } from '../impact/model';
import type { MemberCheck } from '../inventory/ai-system';
import { AiSystems } from '../inventory/model';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { Write } from '../shared/store';
import { put } from '../shared/store';
import { parseInput } from '../shared/validation';
import { createVersioned, loadVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { currentMethodology, methodologyAt } from './manage-methodology';
import { type RiskMethodology, ratingsOf, scoreRisk } from './methodology';
import { Risks } from './model';
import { registerWrites } from './register-index';
import {
  assessResidualInput,
  createRiskInput,
  decideTreatment,
  type Risk,
  rescoreRiskInput,
  statusAfterTreatment,
  treatRiskInput,
  updateRiskInput,
  withDerivedFacts,
} from './risk';

export interface RiskDeps extends StoreDeps {
  isMember: MemberCheck;
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
      treatment: null,
      residual: null,
      reviewDate: input.reviewDate,
      status: 'OPEN',
      sourceFinding,
      currentBand: inherent.band,
      aboveThreshold: false,
      gap: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
    methodology,
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
  if (input.status !== undefined)
    next.status =
      input.status === 'OPEN' && current.treatment
        ? statusAfterTreatment(current.treatment.option)
        : input.status;
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

export async function treatRisk(scope: TenantScope, rawInput: unknown, deps: RiskDeps): Promise<Risk> {
  assertCan(scope.role, 'risk.treat');
  const input = parseInput(treatRiskInput, rawInput, ['input']);
  const current = await loadRisk(input.id, input.expectedVersion, deps);
  if (current.status === 'CLOSED') throw new ConflictError(`risk ${current.id} is closed`, 'INVALID_STATE');
  const methodology = await methodologyOf(current, deps);
  const now = deps.clock.now().toISOString();
  const treatment = decideTreatment(
    current,
    input,
    methodology,
    { id: scope.actorId, role: scope.role },
    now,
  );
  return save(
    scope,
    current,
    { ...current, treatment, status: statusAfterTreatment(treatment.option) },
    deps,
  );
}

export async function assessResidualRisk(
  scope: TenantScope,
  rawInput: unknown,
  deps: RiskDeps,
): Promise<Risk> {
  assertCan(scope.role, 'risk.treat');
  const input = parseInput(assessResidualInput, rawInput, ['input']);
  const current = await loadRisk(input.id, input.expectedVersion, deps);
  if (!current.treatment) {
    throw new ValidationError([
      { path: ['input', 'id'], message: 'decide a treatment before assessing residual risk' },
    ]);
  }
  const residual = scoreRisk(await methodologyOf(current, deps), input.likelihood, input.impacts);
  return save(scope, current, { ...current, residual }, deps);
}

/**
 * Moves a risk onto the current methodology. Its ratings are kept when they fit
 * the new scales; otherwise new ratings must be given. Residual scores are
 * cleared because they were judged under the old rules.
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
    { ...current, inherent, residual: null, methodologyVersion: methodology.version },
    deps,
  );
}

/** Saves the next state with its derived facts, links and counters in the same commit. */
async function save(scope: TenantScope, current: Risk, next: Risk, deps: RiskDeps): Promise<Risk> {
  const derived = withDerivedFacts(next, await methodologyOf(next, deps));
  return saveVersioned(deps, scope, Risks, current, derived, {
    extra: (saved) => registerWrites(current, saved),
  });
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

async function assertReferences(ownerId: string | null, aiSystemIds: string[], deps: RiskDeps) {
  const errors = [];
  if (ownerId && !(await deps.isMember(ownerId))) {
    errors.push({ path: ['input', 'ownerId'], message: 'is not a member of this tenant' });
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
