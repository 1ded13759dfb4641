// Applies a partial update to an AI system under optimistic concurrency: the
// caller's expected version must be the stored one, checked again atomically by
// the repository so a concurrent writer cannot slip in between. A significant
// change (R14, I5) opens or extends the system's re-assessment requests in the
// same commit.

import { significantChanges } from '../reassessment/reassessment-request';
import { openRequestsOf, reassessmentWrites } from '../reassessment/request-reassessment';
import { ConflictError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { loadVersioned, saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type AiSystem,
  assertOwnerIsMember,
  assertProvenanceConsistent,
  missingForUse,
  normaliseVendor,
  snapshot,
  updateAiSystemInput,
} from './ai-system';
import { AiSystems } from './model';
import { type InventoryDeps, ownerCheck } from './register-ai-system';

export async function updateAiSystem(
  scope: TenantScope,
  rawInput: unknown,
  deps: InventoryDeps,
): Promise<AiSystem> {
  // Roles that may update nothing at all are refused before any read.
  assertCan(scope.role, 'aiSystem.update', { actorId: scope.actorId, ownerId: scope.actorId });
  const input = parseInput(updateAiSystemInput, rawInput, ['input']);
  const current = await loadForChange(scope, input.id, input.expectedVersion, deps);
  assertCan(scope.role, 'aiSystem.update', { actorId: scope.actorId, ownerId: current.ownerId });

  const { id: _id, expectedVersion: _v, vendor, ...patch } = input;
  const next: AiSystem = { ...current };
  for (const [field, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(next, { [field]: value });
  }
  if (vendor !== undefined) next.vendor = normaliseVendor(vendor);
  for (const listField of ['dataProcessed', 'decisionsInfluenced', 'affectedStakeholders'] as const) {
    next[listField] = next[listField] ?? [];
  }
  assertProvenanceConsistent(next);
  assertNoNewGapsForUse(current, next);
  if (next.ownerId !== current.ownerId) await assertOwnerIsMember(next.ownerId, ownerCheck(deps));

  if (JSON.stringify(snapshot(next)) === JSON.stringify(snapshot(current))) return current;
  const changes = significantChanges(current, next);
  const open = changes.length ? await openRequestsOf(deps.store, current.id) : new Map();
  return saveVersioned(deps, scope, AiSystems, current, next, {
    extra: (saved) =>
      changes.length
        ? reassessmentWrites(
            scope,
            saved.id,
            { changes, systemVersion: saved.version, changedBy: scope.actorId, changedAt: saved.updatedAt },
            open,
            deps,
          )
        : [],
  });
}

/** Loads a live system for a change, failing early on a stale version or a decommissioned system. */
export async function loadForChange(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  deps: Pick<InventoryDeps, 'store'>,
): Promise<AiSystem> {
  assertCan(scope.role, 'aiSystem.read');
  const current = await loadVersioned(deps.store, AiSystems, { id }, expectedVersion);
  if (current.lifecycleStage === 'DECOMMISSIONED') {
    throw new ConflictError(`AiSystem ${id} is decommissioned and can no longer change`, 'INVALID_STATE');
  }
  return current;
}

/**
 * V1/V2: moving into USE needs the owner, intended use and role; a system
 * already in USE may not lose them. A system registered into USE before they
 * were recorded may still be edited in other respects (its gaps show in
 * missingForUse) rather than be frozen until someone fills them.
 */
function assertNoNewGapsForUse(current: AiSystem, next: AiSystem): void {
  const enteringUse = current.lifecycleStage !== 'USE' && next.lifecycleStage === 'USE';
  const known = new Set(enteringUse ? [] : missingForUse(current).map((e) => e.path.join('.')));
  const fresh = missingForUse(next).filter((e) => !known.has(e.path.join('.')));
  if (fresh.length) throw new ValidationError(fresh);
}
