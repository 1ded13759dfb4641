// Policy use cases (5.2, §3.2.1): draft a policy, edit the draft, start a new
// version from the previous one, move it through review and publication, and
// record acknowledgements. Every write is one commit with its change records.
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { put, recordChange, type Write } from '../shared/store';
import { versionMismatch } from '../shared/store-errors';
import { parseInput } from '../shared/validation';
import { changeOf, createVersioned, type StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { type PolicyAcknowledgement, PolicyAcknowledgements, PolicyDocuments, VERSION_PREFIX } from './model';
import {
  acknowledgePolicyInput,
  assertTransition,
  createPolicyInput,
  newPolicyVersionInput,
  type PolicyDocument,
  transitionPolicyInput,
  updatePolicyDraftInput,
  wordCountOf,
} from './policy';

export type PolicyDeps = StoreDeps;

/** The newest version of a document, or NOT_FOUND. */
export async function latestPolicyVersion(
  store: StoreDeps['store'],
  documentId: string,
): Promise<PolicyDocument> {
  const [latest] = await store.collection(PolicyDocuments, ['POLICY', documentId], {
    sortPrefix: VERSION_PREFIX,
    descending: true,
    limit: 1,
  });
  if (!latest) throw new NotFoundError('PolicyDocument', documentId);
  return latest;
}

/** The newest version at `expectedVersion` (the counter runs across versions), or CONFLICT. */
export async function loadLatestPolicy(
  store: StoreDeps['store'],
  documentId: string,
  expectedVersion: number,
): Promise<PolicyDocument> {
  const latest = await latestPolicyVersion(store, documentId);
  if (latest.version !== expectedVersion) {
    throw versionMismatch('PolicyDocument', documentId, expectedVersion, latest.version);
  }
  return latest;
}

/** The writes that save `next` over `current` (same policy version) with its change record. */
export function policySaveWrites(
  scope: TenantScope,
  current: PolicyDocument,
  next: PolicyDocument,
  now: string,
  deps: Pick<StoreDeps, 'ids'>,
): { saved: PolicyDocument; writes: Write[] } {
  const saved = { ...next, version: current.version + 1, updatedAt: now };
  return {
    saved,
    writes: [
      put(PolicyDocuments, saved, { version: current.version }),
      recordChange(changeOf(PolicyDocuments, scope, current, saved, now, deps.ids)),
    ],
  };
}

export async function createPolicyDocument(
  scope: TenantScope,
  rawInput: unknown,
  deps: PolicyDeps,
): Promise<PolicyDocument> {
  assertCan(scope.role, 'policy.manage');
  const input = parseInput(createPolicyInput, rawInput, ['input']);
  const now = deps.clock.now().toISOString();
  const doc: PolicyDocument = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    kind: input.kind,
    versionNumber: 1,
    status: 'DRAFT',
    title: input.title,
    sections: input.sections,
    references: input.references,
    wordCount: wordCountOf(input.sections),
    reviewIntervalMonths: input.reviewIntervalMonths,
    nextReviewOn: null,
    publishedInternallyAt: null,
    externalAvailability: input.externalAvailability,
    externalUrl: input.externalUrl ?? null,
    approval: null,
    authorIds: [scope.actorId],
    latest: true,
    endedAt: null,
    createdBy: scope.actorId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return createVersioned(deps, scope, PolicyDocuments, doc);
}

/** Edits the newest version while it is a DRAFT; an edit makes the editor one of its authors. */
export async function updatePolicyDraft(
  scope: TenantScope,
  rawInput: unknown,
  deps: PolicyDeps,
): Promise<PolicyDocument> {
  assertCan(scope.role, 'policy.manage');
  const input = parseInput(updatePolicyDraftInput, rawInput, ['input']);
  const current = await loadLatestPolicy(deps.store, input.documentId, input.expectedVersion);
  if (current.status !== 'DRAFT') {
    throw new ConflictError(
      `policy ${current.id} version ${current.versionNumber} is ${current.status}: only a DRAFT is edited (start a new version, or send it back to DRAFT)`,
      'INVALID_STATE',
    );
  }
  const next: PolicyDocument = { ...current };
  if (input.title !== undefined) next.title = input.title;
  if (input.sections !== undefined) next.sections = input.sections;
  if (input.references !== undefined) next.references = input.references;
  if (input.reviewIntervalMonths !== undefined) next.reviewIntervalMonths = input.reviewIntervalMonths;
  if (input.externalAvailability !== undefined) {
    next.externalAvailability = input.externalAvailability;
    next.externalUrl = input.externalUrl ?? null;
  } else if (input.externalUrl !== undefined) next.externalUrl = input.externalUrl ?? null;
  if ((next.externalAvailability === 'PUBLIC_URL') !== !!next.externalUrl) {
    throw new ValidationError([
      {
        path: ['input', 'externalUrl'],
        message: next.externalUrl ? 'is only for PUBLIC_URL' : 'is required when PUBLIC_URL',
      },
    ]);
  }
  next.wordCount = wordCountOf(next.sections);
  if (!next.authorIds.includes(scope.actorId)) next.authorIds = [...next.authorIds, scope.actorId];
  const now = deps.clock.now().toISOString();
  const { saved, writes } = policySaveWrites(scope, current, next, now, deps);
  await deps.store.commit(writes);
  return saved;
}

/**
 * Starts version n+1 as a DRAFT copy of the published version n. Version n
 * stays in force until n+1 is published; it only leaves the register index.
 */
export async function createPolicyVersion(
  scope: TenantScope,
  rawInput: unknown,
  deps: PolicyDeps,
): Promise<PolicyDocument> {
  assertCan(scope.role, 'policy.manage');
  const input = parseInput(newPolicyVersionInput, rawInput, ['input']);
  const current = await loadLatestPolicy(deps.store, input.documentId, input.expectedVersion);
  if (current.status !== 'PUBLISHED') {
    throw new ConflictError(
      `policy ${current.id} version ${current.versionNumber} is ${current.status}: a new version starts from the PUBLISHED one`,
      'INVALID_STATE',
    );
  }
  const now = deps.clock.now().toISOString();
  const next: PolicyDocument = {
    ...current,
    versionNumber: current.versionNumber + 1,
    status: 'DRAFT',
    nextReviewOn: null,
    publishedInternallyAt: null,
    approval: null,
    authorIds: [scope.actorId],
    latest: true,
    endedAt: null,
    createdBy: scope.actorId,
    version: current.version + 1,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.commit([
    put(PolicyDocuments, next, 'absent'),
    recordChange(changeOf(PolicyDocuments, scope, null, next, now, deps.ids)),
    // Index bookkeeping only (not a change of the version's content or state).
    put(PolicyDocuments, { ...current, latest: false }, { version: current.version }),
  ]);
  return next;
}

/**
 * DRAFT ⇄ IN_REVIEW, APPROVED → PUBLISHED (the previous published version is
 * SUPERSEDED in the same commit), APPROVED | PUBLISHED → RETIRED.
 */
export async function transitionPolicy(
  scope: TenantScope,
  rawInput: unknown,
  deps: PolicyDeps,
): Promise<PolicyDocument> {
  assertCan(scope.role, 'policy.manage');
  const input = parseInput(transitionPolicyInput, rawInput, ['input']);
  const current = await loadLatestPolicy(deps.store, input.documentId, input.expectedVersion);
  assertTransition(current, input.status);
  const now = deps.clock.now().toISOString();
  const next: PolicyDocument = { ...current, status: input.status };
  const extra: Write[] = [];
  if (input.status === 'PUBLISHED') {
    next.publishedInternallyAt = now;
    const previous =
      current.versionNumber > 1
        ? await deps.store.get(PolicyDocuments, { id: current.id, versionNumber: current.versionNumber - 1 })
        : null;
    if (previous?.status === 'PUBLISHED') {
      extra.push(
        ...policySaveWrites(scope, previous, { ...previous, status: 'SUPERSEDED', endedAt: now }, now, deps)
          .writes,
      );
    }
  }
  if (input.status === 'RETIRED') next.endedAt = now;
  const { saved, writes } = policySaveWrites(scope, current, next, now, deps);
  await deps.store.commit([...writes, ...extra]);
  return saved;
}

/**
 * A member acknowledges the published version they read. Idempotent: a second
 * acknowledgement of the same version returns the first and writes nothing.
 */
export async function acknowledgePolicy(
  scope: TenantScope,
  rawInput: unknown,
  deps: PolicyDeps,
): Promise<PolicyAcknowledgement> {
  assertCan(scope.role, 'governance.read');
  const input = parseInput(acknowledgePolicyInput, rawInput, ['input']);
  const key = { documentId: input.documentId, versionNumber: input.versionNumber, userId: scope.actorId };
  const [doc, existing] = await Promise.all([
    deps.store.get(PolicyDocuments, { id: input.documentId, versionNumber: input.versionNumber }),
    deps.store.get(PolicyAcknowledgements, key),
  ]);
  if (!doc) throw new NotFoundError('PolicyDocument', `${input.documentId}/v${input.versionNumber}`);
  if (existing) return existing;
  if (doc.status !== 'PUBLISHED') {
    throw new ConflictError(
      `policy ${doc.id} version ${doc.versionNumber} is ${doc.status}: only the published version is acknowledged`,
      'INVALID_STATE',
    );
  }
  const now = deps.clock.now().toISOString();
  const ack: PolicyAcknowledgement = { tenantId: scope.tenantId, ...key, at: now, version: 1 };
  try {
    await deps.store.commit([
      put(PolicyAcknowledgements, ack, 'absent'),
      recordChange(changeOf(PolicyAcknowledgements, scope, null, ack, now, deps.ids)),
    ]);
  } catch (error) {
    // A concurrent acknowledgement by the same user won: return it, as a repeat would.
    const raced = error instanceof ConflictError ? await deps.store.get(PolicyAcknowledgements, key) : null;
    if (raced) return raced;
    throw error;
  }
  return ack;
}
