// Reading and versioning a tenant's risk methodology. A change never edits a
// version in place: it writes the next one, so every risk can still say which
// rules it was scored under.
import { ConflictError } from '../shared/errors';
import { put, recordChange, type TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  assertMethodologyConsistent,
  BUILT_IN_RISK_CATEGORIES,
  defaultMethodology,
  methodologyInput,
  type RiskMethodology,
} from './methodology';
import { Methodologies } from './model';

export type MethodologyDeps = StoreDeps;

/** The newest version, or null before the tenant has one. */
export async function latestMethodology(store: TenantStore): Promise<RiskMethodology | null> {
  const [latest] = await store.collection(Methodologies, ['RISKMETH'], { descending: true, limit: 1 });
  return latest ?? null;
}

export function methodologyAt(store: TenantStore, version: number): Promise<RiskMethodology | null> {
  return store.get(Methodologies, { version });
}

/** Writes the default methodology for a new tenant. */
export async function seedDefaultMethodology(
  tenantId: string,
  actorId: string,
  deps: MethodologyDeps,
): Promise<RiskMethodology> {
  const now = deps.clock.now().toISOString();
  const methodology = defaultMethodology(tenantId, now, actorId);
  await deps.store.commit([
    put(Methodologies, methodology, 'absent', 'The risk methodology version'),
    recordChange(changeOf(Methodologies, { tenantId, actorId }, null, methodology, now, deps.ids)),
  ]);
  return methodology;
}

/** The current methodology; a tenant created before methodologies existed gets the default on first use. */
export async function currentMethodology(
  scope: TenantScope,
  deps: MethodologyDeps,
): Promise<RiskMethodology> {
  assertCan(scope.role, 'risk.read');
  const stored = await latestMethodology(deps.store);
  if (stored) return stored;
  try {
    return await seedDefaultMethodology(scope.tenantId, scope.actorId, deps);
  } catch (error) {
    // Two first requests raced to seed it: the other one won, read what it wrote.
    const raced = error instanceof ConflictError ? await latestMethodology(deps.store) : null;
    if (raced) return raced;
    throw error;
  }
}

export async function methodologyVersion(
  scope: TenantScope,
  version: number,
  deps: MethodologyDeps,
): Promise<RiskMethodology | null> {
  assertCan(scope.role, 'risk.read');
  return methodologyAt(deps.store, version);
}

export async function updateRiskMethodology(
  scope: TenantScope,
  rawInput: unknown,
  deps: MethodologyDeps,
): Promise<RiskMethodology> {
  assertCan(scope.role, 'methodology.manage');
  const input = parseInput(methodologyInput, rawInput, ['input']);
  const current = await currentMethodology(scope, deps);
  if (current.version !== input.expectedVersion) {
    throw new ConflictError(
      `the methodology is at version ${current.version}, not ${input.expectedVersion}`,
      'VERSION_MISMATCH',
    );
  }
  const { expectedVersion: _v, customCategories, ...rules } = input;
  assertMethodologyConsistent(rules);
  const now = deps.clock.now().toISOString();
  const next: RiskMethodology = {
    ...rules,
    tenantId: scope.tenantId,
    version: current.version + 1,
    categories: [...new Set([...BUILT_IN_RISK_CATEGORIES, ...customCategories])],
    createdAt: now,
    createdBy: scope.actorId,
  };
  await deps.store.commit([
    put(Methodologies, next, 'absent', `Methodology version ${next.version}`),
    recordChange(changeOf(Methodologies, scope, current, next, now, deps.ids)),
  ]);
  return next;
}
