// Retires an AI system: it stays in the inventory (the audit trail needs it)
// with its decommission date and reason, and cannot change afterwards.
import { parseInput } from '../shared/validation';
import { saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type AiSystem, decommissionAiSystemInput } from './ai-system';
import { AiSystems } from './model';
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
  const next: AiSystem = {
    ...current,
    lifecycleStage: 'DECOMMISSIONED',
    decommissionedAt: deps.clock.now().toISOString(),
    decommissionReason: input.reason,
  };
  return saveVersioned(deps, scope, AiSystems, current, next, { action: 'DECOMMISSIONED' });
}
