// Reading and versioning a tenant's risk methodology. A change never edits a
// version's rules in place: it writes the next version as a DRAFT, which
// governs risks only once approved (approve-risk-methodology.ts, R7). Until
// then risks keep scoring on the approved version.
import { changeRecord } from '../audit/change-record';
import { ConflictError } from '../shared/errors';
import type { IdGenerator } from '../shared/ports';
import { put, recordChange, type TenantStore, type Write } from '../shared/store';
import { parseInput } from '../shared/validation';
import { changeOf, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  assertMethodologyConsistent,
  BUILT_IN_RISK_CATEGORIES,
  defaultMethodology,
  type MethodologyStatus,
  methodologyInput,
  type RiskMethodology,
} from './methodology';
import { Methodologies } from './model';

export type MethodologyDeps = StoreDeps;

/** The newest version, draft or approved, or null before the tenant has one. */
export async function latestMethodology(store: TenantStore): Promise<RiskMethodology | null> {
  const [latest] = await store.collection(Methodologies, ['RISKMETH'], { descending: true, limit: 1 });
  return latest ?? null;
}

/**
 * The version in force: the newest APPROVED one. Usually the newest of all;
 * with a draft pending, the one before it (an edit supersedes the previous
 * draft, but superseded drafts stay), so the partition is read on.
 */
export async function approvedMethodology(store: TenantStore): Promise<RiskMethodology | null> {
  const newest = await store.collection(Methodologies, ['RISKMETH'], { descending: true, limit: 2 });
  const found = newest.find((m) => m.status === 'APPROVED');
  if (found || newest.length < 2) return found ?? null;
  const all = await store.collection(Methodologies, ['RISKMETH'], { descending: true });
  return all.find((m) => m.status === 'APPROVED') ?? null;
}

export function methodologyAt(store: TenantStore, version: number): Promise<RiskMethodology | null> {
  return store.get(Methodologies, { version });
}

/** Writes the default methodology for a new tenant, approved by the actor that creates the tenant. */
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

/** The approved methodology risks are scored on; a tenant created before methodologies existed gets the default on first use. */
export async function currentMethodology(
  scope: TenantScope,
  deps: MethodologyDeps,
): Promise<RiskMethodology> {
  assertCan(scope.role, 'risk.read');
  const stored = await approvedMethodology(deps.store);
  if (stored) return stored;
  try {
    return await seedDefaultMethodology(scope.tenantId, scope.actorId, deps);
  } catch (error) {
    // Two first requests raced to seed it: the other one won, read what it wrote.
    const raced = error instanceof ConflictError ? await approvedMethodology(deps.store) : null;
    if (raced) return raced;
    throw error;
  }
}

/** A version as it stands; one written before approval existed reads SUPERSEDED once a newer one is in force. */
export async function methodologyVersion(
  scope: TenantScope,
  version: number,
  deps: MethodologyDeps,
): Promise<RiskMethodology | null> {
  assertCan(scope.role, 'risk.read');
  const m = await methodologyAt(deps.store, version);
  if (m?.status !== 'APPROVED') return m;
  const current = await approvedMethodology(deps.store);
  return current && current.version > m.version ? { ...m, status: 'SUPERSEDED' } : m;
}

/** The draft awaiting approval, if there is one (it is always the newest version). */
export async function pendingMethodologyDraft(
  scope: TenantScope,
  deps: Pick<MethodologyDeps, 'store'>,
): Promise<RiskMethodology | null> {
  assertCan(scope.role, 'risk.read');
  const latest = await latestMethodology(deps.store);
  return latest?.status === 'DRAFT' ? latest : null;
}

/**
 * A version's status change, under its own entity id (`v<version>`) and its
 * statusRevision: the version's creation record keeps the methodology's
 * one-record-per-version history, and two racing status changes collide on
 * the record's key, so only one commits.
 */
export function statusChange(
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  before: RiskMethodology,
  status: MethodologyStatus,
  at: string,
  ids: IdGenerator,
  approval?: { approvedBy: string; approvedAt: string },
): { next: RiskMethodology; writes: Write[] } {
  const next: RiskMethodology = { ...before, ...approval, status, statusRevision: before.statusRevision + 1 };
  const fields = (m: RiskMethodology) => ({
    version: m.version,
    status: m.status,
    approvedBy: m.approvedBy,
    approvedAt: m.approvedAt,
  });
  const record = changeRecord(
    {
      tenantId: scope.tenantId,
      entityType: Methodologies.name,
      entityId: `v${before.version}`,
      action: 'UPDATED',
      actorId: scope.actorId,
      at,
      version: next.statusRevision,
      before: fields(before),
      after: fields(next),
    },
    ids,
  );
  return {
    next,
    writes: [
      put(Methodologies, next, { version: before.version }, `Methodology version ${before.version}`),
      recordChange(record),
    ],
  };
}

/**
 * Writes the next version as a DRAFT. `expectedVersion` is the newest version
 * (a pending draft included); a pending draft is SUPERSEDED by the new one.
 */
export async function updateRiskMethodology(
  scope: TenantScope,
  rawInput: unknown,
  deps: MethodologyDeps,
): Promise<RiskMethodology> {
  assertCan(scope.role, 'methodology.manage');
  const input = parseInput(methodologyInput, rawInput, ['input']);
  const approved = await currentMethodology(scope, deps);
  const latest = (await latestMethodology(deps.store)) ?? approved;
  if (latest.version !== input.expectedVersion) {
    throw new ConflictError(
      `the methodology is at version ${latest.version}, not ${input.expectedVersion}`,
      'VERSION_MISMATCH',
    );
  }
  const { expectedVersion: _v, customCategories, ...rules } = input;
  assertMethodologyConsistent(rules);
  const now = deps.clock.now().toISOString();
  const next: RiskMethodology = {
    ...rules,
    tenantId: scope.tenantId,
    version: latest.version + 1,
    categories: [...new Set([...BUILT_IN_RISK_CATEGORIES, ...customCategories])],
    createdAt: now,
    createdBy: scope.actorId,
    status: 'DRAFT',
    approvedBy: null,
    approvedAt: null,
    statusRevision: 1,
  };
  const supersededDraft =
    latest.status === 'DRAFT' ? statusChange(scope, latest, 'SUPERSEDED', now, deps.ids).writes : [];
  await deps.store.commit([
    put(Methodologies, next, 'absent', `Methodology version ${next.version}`),
    recordChange(changeOf(Methodologies, scope, latest, next, now, deps.ids)),
    ...supersededDraft,
  ]);
  return next;
}
