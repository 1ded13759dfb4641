// Reading and versioning a tenant's risk methodology. A change never edits a
// version in place: it writes the next one, so every risk can still say which
// rules it was scored under.
import { type ChangeRecord, changeRecord } from '../audit/change-record';
import { ConflictError } from '../shared/errors';
import type { Clock, IdGenerator } from '../shared/ports';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  assertMethodologyConsistent,
  BUILT_IN_RISK_CATEGORIES,
  defaultMethodology,
  methodologyInput,
  type RiskMethodology,
} from './methodology';

export interface MethodologyRepository {
  /** The latest version, or null before the tenant has one. */
  current(): Promise<RiskMethodology | null>;
  getVersion(version: number): Promise<RiskMethodology | null>;
  /** Writes a new version; fails with CONFLICT if that version exists. */
  put(methodology: RiskMethodology, change: ChangeRecord): Promise<void>;
}

export interface MethodologyDeps {
  methodologies: MethodologyRepository;
  clock: Clock;
  ids: IdGenerator;
}

/** Writes the default methodology for a new tenant. */
export async function seedDefaultMethodology(
  tenantId: string,
  actorId: string,
  deps: MethodologyDeps,
): Promise<RiskMethodology> {
  const now = deps.clock.now().toISOString();
  const methodology = defaultMethodology(tenantId, now, actorId);
  await deps.methodologies.put(methodology, methodologyChange(methodology, null, actorId, now, deps.ids));
  return methodology;
}

/** The current methodology; a tenant created before methodologies existed gets the default on first use. */
export async function currentMethodology(
  scope: TenantScope,
  deps: MethodologyDeps,
): Promise<RiskMethodology> {
  assertCan(scope.role, 'risk.read');
  const stored = await deps.methodologies.current();
  if (stored) return stored;
  try {
    return await seedDefaultMethodology(scope.tenantId, scope.actorId, deps);
  } catch (error) {
    // Two first requests raced to seed it: the other one won, read what it wrote.
    const raced = error instanceof ConflictError ? await deps.methodologies.current() : null;
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
  return deps.methodologies.getVersion(version);
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
  await deps.methodologies.put(next, methodologyChange(next, current, scope.actorId, now, deps.ids));
  return next;
}

function methodologyChange(
  next: RiskMethodology,
  previous: RiskMethodology | null,
  actorId: string,
  at: string,
  ids: IdGenerator,
) {
  return changeRecord(
    {
      tenantId: next.tenantId,
      entityType: 'RiskMethodology',
      entityId: 'current',
      action: previous ? 'UPDATED' : 'CREATED',
      actorId,
      at,
      version: next.version,
      before: previous,
      after: next,
    },
    ids,
  );
}
