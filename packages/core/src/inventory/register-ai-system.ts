// Adds an AI system to the tenant's inventory, with its creation change record
// in the same write.
import { parseInput } from '../shared/validation';
import { createVersioned, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type AiSystem,
  assertOwnerIsMember,
  assertProvenanceConsistent,
  type MemberCheck,
  normaliseVendor,
  registerAiSystemInput,
} from './ai-system';
import { AiSystems } from './model';

export interface InventoryDeps extends StoreDeps {
  isMember: MemberCheck;
}

export async function registerAiSystem(
  scope: TenantScope,
  rawInput: unknown,
  deps: InventoryDeps,
): Promise<AiSystem> {
  assertCan(scope.role, 'aiSystem.create');
  const input = parseInput(registerAiSystemInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  const system: AiSystem = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    name: input.name,
    purpose: input.purpose,
    description: input.description ?? null,
    dataProcessed: input.dataProcessed ?? [],
    decisionsInfluenced: input.decisionsInfluenced ?? [],
    affectedStakeholders: input.affectedStakeholders ?? [],
    businessProcess: input.businessProcess ?? null,
    lifecycleStage: input.lifecycleStage,
    // A system owner registering a system owns it unless they name someone else.
    ownerId: input.ownerId ?? (scope.role === 'AI_SYSTEM_OWNER' ? scope.actorId : null),
    provenance: input.provenance,
    vendor: normaliseVendor(input.vendor),
    decommissionedAt: null,
    decommissionReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  assertProvenanceConsistent(system);
  await assertOwnerIsMember(system.ownerId, deps.isMember);
  return createVersioned(deps, scope, AiSystems, system);
}
