// Adds an AI system to the tenant's inventory, with its creation change record
// in the same write.
import { ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { createVersioned, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type AiSystem,
  assertOwnerIsMember,
  assertProvenanceConsistent,
  type MemberCheck,
  missingForUse,
  normaliseVendor,
  type OwnerRoleLookup,
  registerAiSystemInput,
} from './ai-system';
import { AiSystems } from './model';

export interface InventoryDeps extends StoreDeps {
  isMember: MemberCheck;
  /** The member's role; without it only membership is checked (internal callers). */
  memberRole?: OwnerRoleLookup;
}

const isConsultancy = (role: string) => role === 'CONSULTANT' || role === 'PARTNER_ADMIN';

/** The role lookup, or membership alone when the caller has no role lookup. */
export function ownerCheck(deps: InventoryDeps): OwnerRoleLookup {
  return deps.memberRole ?? (async (id) => ((await deps.isMember(id)) ? 'MEMBER' : null));
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
    // A system owner registering a system owns it unless they name someone else; so does
    // whoever puts a system straight into USE (V2), unless that is the consultant.
    ownerId:
      input.ownerId ??
      (scope.role === 'AI_SYSTEM_OWNER' || (input.lifecycleStage === 'USE' && !isConsultancy(scope.role))
        ? scope.actorId
        : null),
    provenance: input.provenance,
    vendor: normaliseVendor(input.vendor),
    aiRoles: input.aiRoles ?? [],
    intendedUse: input.intendedUse ?? null,
    humanOversight: input.humanOversight ?? null,
    nextReviewOn: input.nextReviewOn ?? null,
    decommissionedAt: null,
    decommissionReason: null,
    dataDisposal: null,
    knowledgeTransfer: null,
    euAiActProfile: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  assertProvenanceConsistent(system);
  // V2 holds from registration; the intended use and roles of a system registered
  // straight into USE show in `missingForUse` and are required by its next update.
  const noOwner = missingForUse(system).filter((e) => e.path[1] === 'ownerId');
  if (noOwner.length) throw new ValidationError(noOwner);
  await assertOwnerIsMember(system.ownerId, ownerCheck(deps));
  return createVersioned(deps, scope, AiSystems, system);
}
