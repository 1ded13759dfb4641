// Opportunity register use cases (6.1.1, R9): identify an AI opportunity, change
// it, and move it through its states. Every write is versioned and commits the
// opportunity, its change record and its system links in one transaction.
import type { MemberRoleLookup } from '../governance/appointment';
import { AiSystems } from '../inventory/model';
import { type FieldError, ValidationError } from '../shared/errors';
import { put, remove, type Write } from '../shared/store';
import { parseInput } from '../shared/validation';
import { createVersioned, loadVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { AiOpportunities, OpportunitySystemLinks, systemLinkDiff } from './model';
import {
  type AiOpportunity,
  assertUpdatable,
  createOpportunityInput,
  priorityOf,
  transition,
  transitionOpportunityInput,
  updateOpportunityInput,
} from './opportunity';

export interface OpportunityDeps extends StoreDeps {
  /** Answers both: is the action owner a member, and is it a consultant. */
  memberRole: MemberRoleLookup;
}

/** The action owner must be an internal member; new AI systems must exist (one BatchGet). */
async function referenceProblems(
  ownerId: string | null,
  ownerPath: (string | number)[],
  newSystemIds: string[],
  deps: OpportunityDeps,
): Promise<FieldError[]> {
  const [role, systems] = await Promise.all([
    ownerId ? deps.memberRole(ownerId) : Promise.resolve(null),
    newSystemIds.length
      ? deps.store.getMany(
          AiSystems,
          newSystemIds.map((id) => ({ id })),
        )
      : Promise.resolve([]),
  ]);
  const errors: FieldError[] = [];
  if (ownerId && !role) errors.push({ path: ownerPath, message: 'is not a member of this tenant' });
  if (ownerId && role === 'CONSULTANT') {
    errors.push({
      path: ownerPath,
      message: "is a CONSULTANT member: the action must be owned by the organisation's own people",
    });
  }
  const missing = newSystemIds.filter((_, i) => !systems[i]);
  if (missing.length) {
    errors.push({ path: ['input', 'aiSystemIds'], message: `unknown AI systems: ${missing.join(', ')}` });
  }
  return errors;
}

function linkWrites(before: AiOpportunity | null, after: AiOpportunity): Write[] {
  const { removed, added } = systemLinkDiff(before, after);
  return [
    ...removed.map((l) => remove(OpportunitySystemLinks, l)),
    ...added.map((l) => put(OpportunitySystemLinks, l, 'any')),
  ];
}

export async function createAiOpportunity(
  scope: TenantScope,
  rawInput: unknown,
  deps: OpportunityDeps,
): Promise<AiOpportunity> {
  assertCan(scope.role, 'risk.manage');
  const input = parseInput(createOpportunityInput, rawInput, ['input']);
  const aiSystemIds = [...new Set(input.aiSystemIds ?? [])];
  const problems = await referenceProblems(
    input.action?.ownerId ?? null,
    ['input', 'action', 'ownerId'],
    aiSystemIds,
    deps,
  );
  if (problems.length) throw new ValidationError(problems);
  const now = deps.clock.now().toISOString();
  const opportunity: AiOpportunity = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    title: input.title,
    description: input.description || null,
    sourceIssueId: input.sourceIssueId ?? null,
    aiSystemIds,
    benefit: input.benefit,
    feasibility: input.feasibility,
    priority: priorityOf(input),
    action: input.action ?? null,
    status: 'IDENTIFIED',
    evaluation: null,
    rejection: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return createVersioned(deps, scope, AiOpportunities, opportunity, linkWrites(null, opportunity));
}

export async function updateAiOpportunity(
  scope: TenantScope,
  rawInput: unknown,
  deps: OpportunityDeps,
): Promise<AiOpportunity> {
  assertCan(scope.role, 'risk.manage');
  const input = parseInput(updateOpportunityInput, rawInput, ['input']);
  const current = await loadVersioned(deps.store, AiOpportunities, { id: input.id }, input.expectedVersion);
  assertUpdatable(current, input);
  const next: AiOpportunity = { ...current };
  if (input.title !== undefined) next.title = input.title;
  if (input.description !== undefined) next.description = input.description || null;
  if (input.sourceIssueId !== undefined) next.sourceIssueId = input.sourceIssueId ?? null;
  if (input.aiSystemIds !== undefined) next.aiSystemIds = [...new Set(input.aiSystemIds)];
  if (input.benefit !== undefined) next.benefit = input.benefit;
  if (input.feasibility !== undefined) next.feasibility = input.feasibility;
  if (input.action !== undefined) next.action = input.action;
  next.priority = priorityOf(next);
  const newOwner =
    next.action && next.action.ownerId !== current.action?.ownerId ? next.action.ownerId : null;
  const problems = await referenceProblems(
    newOwner,
    ['input', 'action', 'ownerId'],
    next.aiSystemIds.filter((id) => !current.aiSystemIds.includes(id)),
    deps,
  );
  if (problems.length) throw new ValidationError(problems);
  return saveVersioned(deps, scope, AiOpportunities, current, next, {
    extra: (saved) => linkWrites(current, saved),
  });
}

/** Moves an opportunity along its state machine (see OPPORTUNITY_TRANSITIONS). */
export async function transitionAiOpportunity(
  scope: TenantScope,
  rawInput: unknown,
  deps: OpportunityDeps,
): Promise<AiOpportunity> {
  assertCan(scope.role, 'risk.manage');
  const input = parseInput(transitionOpportunityInput, rawInput, ['input']);
  const current = await loadVersioned(deps.store, AiOpportunities, { id: input.id }, input.expectedVersion);
  const next = transition(current, input, scope.actorId, deps.clock.now().toISOString());
  if (input.action && input.action.ownerId !== current.action?.ownerId) {
    const problems = await referenceProblems(input.action.ownerId, ['input', 'action', 'ownerId'], [], deps);
    if (problems.length) throw new ValidationError(problems);
  }
  return saveVersioned(deps, scope, AiOpportunities, current, next, {
    extra: (saved) => linkWrites(current, saved),
  });
}
