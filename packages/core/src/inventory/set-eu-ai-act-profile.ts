// Records the organisation's EU AI Act position for an AI system (I7, I9). An
// Art. 5 prohibited practice forces a stop request on the system in the same
// commit (I8); the MAJOR nonconformity §3.4 also asks for waits for the
// nonconformity module (§3.11).
import { ValidationError } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { AiSystem } from './ai-system';
import { setEuAiActProfileInput, toProfile } from './eu-ai-act';
import { AiSystems } from './model';
import { loadForChange } from './update-ai-system';

export async function setEuAiActProfile(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<AiSystem> {
  assertCan(scope.role, 'impact.edit');
  const input = parseInput(setEuAiActProfileInput, rawInput, ['input']);
  if (input.profile.assessedOn > deps.clock.now().toISOString().slice(0, 10)) {
    throw new ValidationError([
      { path: ['input', 'profile', 'assessedOn'], message: 'cannot be in the future' },
    ]);
  }
  const current = await loadForChange(scope, input.aiSystemId, input.expectedVersion, deps);
  const profile = toProfile(input.profile, scope.actorId);
  const now = deps.clock.now().toISOString();
  const next: AiSystem = { ...current, euAiActProfile: profile };
  if (profile.prohibitedPractice && !current.stopRequested) {
    next.stopRequested = {
      reason: `The system's EU AI Act profile records a prohibited practice (Art. 5(1)(${profile.prohibitedPractice.slice(-1).toLowerCase()}))`,
      assessmentId: null,
      requestedBy: scope.actorId,
      requestedAt: now,
    };
  }
  return saveVersioned(deps, scope, AiSystems, current, next);
}
