// Retires an AI system: it stays in the inventory (the audit trail needs it)
// with its decommission date and reason, and cannot change afterwards.
import { entityChange } from '../audit/change-record';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type AiSystem, decommissionAiSystemInput } from './ai-system';
import type { InventoryDeps } from './register-ai-system';
import { loadForChange } from './update-ai-system';

export async function decommissionAiSystem(
  scope: TenantScope,
  rawInput: unknown,
  deps: InventoryDeps,
): Promise<AiSystem> {
  assertCan(scope.role, 'aiSystem.decommission');
  const input = parseInput(decommissionAiSystemInput, rawInput, ['input']);
  const current = await loadForChange(scope, input.id, input.expectedVersion, deps);
  const now = deps.clock.now().toISOString();
  const next: AiSystem = {
    ...current,
    lifecycleStage: 'DECOMMISSIONED',
    decommissionedAt: now,
    decommissionReason: input.reason,
    version: current.version + 1,
    updatedAt: now,
  };
  await deps.aiSystems.update(
    next,
    current.version,
    entityChange('AiSystem', scope, current, next, now, deps.ids, 'DECOMMISSIONED'),
  );
  return next;
}
