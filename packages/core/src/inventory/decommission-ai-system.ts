// Retires an AI system: it stays in the inventory (the audit trail needs it)
// with its decommission date and reason, and cannot change afterwards.
import { changeRecord } from '../audit/change-record';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type AiSystem, decommissionAiSystemInput, snapshot } from './ai-system';
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
    changeRecord(
      {
        tenantId: scope.tenantId,
        entityType: 'AiSystem',
        entityId: current.id,
        action: 'DECOMMISSIONED',
        actorId: scope.actorId,
        at: now,
        version: next.version,
        before: snapshot(current),
        after: snapshot(next),
      },
      deps.ids,
    ),
  );
  return next;
}
