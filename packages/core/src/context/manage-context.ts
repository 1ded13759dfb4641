// Context register use cases (4.1, 4.2, §3.1): record and change issues and
// interested parties, and the tenant's context profile. Each write is
// versioned and commits the record with its change record in one transaction;
// references (AI systems, risks, opportunities, controls) must exist in the tenant.
import { resolveControlRefs } from '../controls/control-ref';
import { AiSystems } from '../inventory/model';
import { AiOpportunities } from '../opportunity/model';
import { Risks } from '../risk/model';
import { type FieldError, ValidationError } from '../shared/errors';
import { put, recordChange } from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { parseInput } from '../shared/validation';
import { changeOf, createVersioned, loadVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type ContextIssue, createContextIssueInput, updateContextIssueInput } from './context-issue';
import { type ContextProfile, emptyProfile, updateContextProfileInput } from './context-profile';
import {
  createInterestedPartyInput,
  type InterestedParty,
  type PartyRequirement,
  requirementsOf,
  updateInterestedPartyInput,
} from './interested-party';
import { ContextIssues, ContextProfiles, InterestedParties } from './model';

const fresh = (next: readonly string[], before: readonly string[] = []) =>
  [...new Set(next)].filter((id) => !before.includes(id));

/** Ids among `ids` with no item of `decl` in the tenant, as one field error (one BatchGet). */
async function missing(
  deps: StoreDeps,
  decl: typeof AiSystems | typeof Risks | typeof AiOpportunities,
  ids: string[],
  path: string[],
  what: string,
): Promise<FieldError[]> {
  if (!ids.length) return [];
  const found = await deps.store.getMany(
    decl,
    ids.map((id) => ({ id })),
  );
  const unknown = ids.filter((_, i) => !found[i]);
  return unknown.length ? [{ path, message: `unknown ${what}: ${unknown.join(', ')}` }] : [];
}

async function issueReferenceProblems(deps: StoreDeps, next: ContextIssue, before: ContextIssue | null) {
  const checks = await Promise.all([
    missing(
      deps,
      AiSystems,
      fresh(next.aiSystemIds, before?.aiSystemIds),
      ['input', 'aiSystemIds'],
      'AI systems',
    ),
    missing(
      deps,
      Risks,
      fresh(next.linkedRiskIds, before?.linkedRiskIds),
      ['input', 'linkedRiskIds'],
      'risks',
    ),
    missing(
      deps,
      AiOpportunities,
      fresh(next.linkedOpportunityIds, before?.linkedOpportunityIds),
      ['input', 'linkedOpportunityIds'],
      'opportunities',
    ),
  ]);
  const errors = checks.flat();
  if (errors.length) throw new ValidationError(errors);
}

export async function createContextIssue(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ContextIssue> {
  assertCan(scope.role, 'context.manage');
  const input = parseInput(createContextIssueInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  const issue: ContextIssue = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    title: input.title,
    description: input.description || null,
    origin: input.origin,
    category: input.category,
    relevance: input.relevance,
    implicationsForScope: input.implicationsForScope || null,
    implicationsForRisk: input.implicationsForRisk || null,
    linkedRiskIds: [...new Set(input.linkedRiskIds ?? [])],
    linkedOpportunityIds: [...new Set(input.linkedOpportunityIds ?? [])],
    aiSystemIds: [...new Set(input.aiSystemIds ?? [])],
    status: input.status ?? 'ACTIVE',
    reviewOn: input.reviewOn,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await issueReferenceProblems(deps, issue, null);
  return createVersioned(deps, scope, ContextIssues, issue);
}

export async function updateContextIssue(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ContextIssue> {
  assertCan(scope.role, 'context.manage');
  const input = parseInput(updateContextIssueInput, rawInput, ['input']);
  const current = await loadVersioned(deps.store, ContextIssues, { id: input.id }, input.expectedVersion);
  const next: ContextIssue = { ...current };
  if (input.title !== undefined) next.title = input.title;
  if (input.description !== undefined) next.description = input.description || null;
  if (input.origin !== undefined) next.origin = input.origin;
  if (input.category !== undefined) next.category = input.category;
  if (input.relevance !== undefined) next.relevance = input.relevance;
  if (input.implicationsForScope !== undefined)
    next.implicationsForScope = input.implicationsForScope || null;
  if (input.implicationsForRisk !== undefined) next.implicationsForRisk = input.implicationsForRisk || null;
  if (input.linkedRiskIds !== undefined) next.linkedRiskIds = [...new Set(input.linkedRiskIds)];
  if (input.linkedOpportunityIds !== undefined)
    next.linkedOpportunityIds = [...new Set(input.linkedOpportunityIds)];
  if (input.aiSystemIds !== undefined) next.aiSystemIds = [...new Set(input.aiSystemIds)];
  if (input.status !== undefined) next.status = input.status;
  if (input.reviewOn !== undefined) next.reviewOn = input.reviewOn;
  await issueReferenceProblems(deps, next, current);
  return saveVersioned(deps, scope, ContextIssues, current, next);
}

/** Requirements checked as a whole: the decision rules, new AI systems and control refs that exist. */
async function partyProblems(
  deps: StoreDeps,
  next: InterestedParty,
  before: InterestedParty | null,
  ruleErrors: FieldError[],
) {
  const refs = next.requirements.flatMap((r) => r.howAddressed?.controlRefs ?? []);
  const typeChanged = next.type !== before?.type;
  const [systems, controls, profile] = await Promise.all([
    missing(
      deps,
      AiSystems,
      fresh(next.aiSystemIds, before?.aiSystemIds),
      ['input', 'aiSystemIds'],
      'AI systems',
    ),
    resolveControlRefs(deps.store, refs),
    typeChanged ? deps.store.get(ContextProfiles, {}) : Promise.resolve(null),
  ]);
  const errors = [...ruleErrors, ...systems];
  // The register must not say both: a party of this type, and no party of this type is relevant.
  if (profile?.partyTypesNotRelevant.some((t) => t.type === next.type)) {
    errors.push({
      path: ['input', 'type'],
      message: `${next.type} is declared not relevant in the context profile: withdraw that decision first`,
    });
  }
  next.requirements.forEach((r: PartyRequirement, i) => {
    const unknown = (r.howAddressed?.controlRefs ?? []).filter((ref) => controls.unknown.includes(ref));
    if (unknown.length) {
      errors.push({
        path: ['input', 'requirements', i, 'howAddressed', 'controlRefs'],
        message: `neither Annex A controls nor live custom controls of this tenant: ${unknown.join(', ')}`,
      });
    }
  });
  if (errors.length) throw new ValidationError(errors);
}

export async function createInterestedParty(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<InterestedParty> {
  assertCan(scope.role, 'context.manage');
  const input = parseInput(createInterestedPartyInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  const { requirements, errors } = requirementsOf(input.requirements ?? [], [], () => deps.ids.next());
  const party: InterestedParty = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    name: input.name,
    type: input.type,
    description: input.description || null,
    requirements,
    aiSystemIds: [...new Set(input.aiSystemIds ?? [])],
    lastReviewedOn: input.lastReviewedOn ?? null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await partyProblems(deps, party, null, errors);
  return createVersioned(deps, scope, InterestedParties, party);
}

export async function updateInterestedParty(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<InterestedParty> {
  assertCan(scope.role, 'context.manage');
  const input = parseInput(updateInterestedPartyInput, rawInput, ['input']);
  const current = await loadVersioned(deps.store, InterestedParties, { id: input.id }, input.expectedVersion);
  const next: InterestedParty = { ...current };
  let errors: FieldError[] = [];
  if (input.name !== undefined) next.name = input.name;
  if (input.type !== undefined) next.type = input.type;
  if (input.description !== undefined) next.description = input.description || null;
  if (input.aiSystemIds !== undefined) next.aiSystemIds = [...new Set(input.aiSystemIds)];
  if (input.lastReviewedOn !== undefined) next.lastReviewedOn = input.lastReviewedOn ?? null;
  if (input.requirements !== undefined) {
    const made = requirementsOf(input.requirements, current.requirements, () => deps.ids.next());
    next.requirements = made.requirements;
    errors = made.errors;
  }
  await partyProblems(deps, next, current, errors);
  return saveVersioned(deps, scope, InterestedParties, current, next);
}

/** The profile, or an unsaved empty one at version 0. */
export async function readContextProfile(scope: TenantScope, deps: Pick<StoreDeps, 'store' | 'clock'>) {
  assertCan(scope.role, 'context.read');
  return (
    (await deps.store.get(ContextProfiles, {})) ?? emptyProfile(scope.tenantId, new Date(0).toISOString())
  );
}

/**
 * Sets the organisation's AI roles and the guide party types it finds not
 * relevant. A type cannot be declared not relevant while a party of that type
 * is recorded: the register would contradict itself.
 */
export async function updateContextProfile(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<ContextProfile> {
  assertCan(scope.role, 'context.manage');
  const input = parseInput(updateContextProfileInput, rawInput, ['input']);
  const errors: FieldError[] = [];
  const roles = input.organisationAiRoles;
  roles?.forEach((r, i) => {
    if (roles.findIndex((o) => o.role === r.role) !== i) {
      errors.push({ path: ['input', 'organisationAiRoles', i, 'role'], message: `${r.role} is given twice` });
    }
  });
  const notRelevant = input.partyTypesNotRelevant;
  if (notRelevant) {
    const present = await Promise.all(
      notRelevant.map((t) => deps.store.query(InterestedParties, 'byType', { type: t.type }, { limit: 1 })),
    );
    notRelevant.forEach((t, i) => {
      if (notRelevant.findIndex((o) => o.type === t.type) !== i) {
        errors.push({
          path: ['input', 'partyTypesNotRelevant', i, 'type'],
          message: `${t.type} is given twice`,
        });
      } else if (present[i]?.entries.length) {
        errors.push({
          path: ['input', 'partyTypesNotRelevant', i, 'type'],
          message: `interested parties of type ${t.type} are recorded: it cannot also be not relevant`,
        });
      }
    });
  }
  if (errors.length) throw new ValidationError(errors);
  const now = deps.clock.now().toISOString();
  const stored = await deps.store.get(ContextProfiles, {});
  const current = stored ?? emptyProfile(scope.tenantId, now);
  if (current.version !== input.expectedVersion) {
    throw versionMismatch('ContextProfile', 'profile', input.expectedVersion, current.version);
  }
  const kept = new Map(current.partyTypesNotRelevant.map((t) => [t.type, t]));
  const next: ContextProfile = {
    ...current,
    organisationAiRoles: roles
      ? roles.map((r) => ({ role: r.role, description: r.description || null }))
      : current.organisationAiRoles,
    partyTypesNotRelevant: notRelevant
      ? notRelevant.map((t) => {
          const same = kept.get(t.type);
          // An unchanged decision keeps who made it and when.
          return same && same.reason === t.reason
            ? same
            : { type: t.type, reason: t.reason, recordedBy: scope.actorId, recordedAt: now };
        })
      : current.partyTypesNotRelevant,
    version: current.version + 1,
    updatedAt: now,
  };
  await deps.store.commit([
    put(ContextProfiles, next, stored ? { version: current.version } : 'absent'),
    recordChange(changeOf(ContextProfiles, scope, stored, next, now, deps.ids)),
  ]);
  return next;
}
