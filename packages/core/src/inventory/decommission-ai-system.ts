// Retires an AI system: it stays in the inventory (the audit trail needs it)
// with its decommission date and reason, how its data was disposed of and what
// knowledge was handed over (V3), and cannot change afterwards. An open stop
// request never blocks it (stopping is what the request asks for); a disposal
// dated in the future does: decommissioning records disposal done, not planned.
import { ValidationError } from '../shared/errors';
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
  const now = deps.clock.now().toISOString();
  if (input.dataDisposal.doneOn > now.slice(0, 10)) {
    throw new ValidationError([
      {
        path: ['input', 'dataDisposal', 'doneOn'],
        message: 'record the disposal once done: the date cannot be in the future',
      },
    ]);
  }
  const current = await loadForChange(scope, input.id, input.expectedVersion, deps);
  const next: AiSystem = {
    ...current,
    lifecycleStage: 'DECOMMISSIONED',
    decommissionedAt: now,
    decommissionReason: input.reason,
    dataDisposal: input.dataDisposal,
    knowledgeTransfer: input.knowledgeTransfer,
  };
  return saveVersioned(deps, scope, AiSystems, current, next, { action: 'DECOMMISSIONED' });
}
