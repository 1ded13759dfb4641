// Document register use cases (7.5, §3.6.4): register a controlled document,
// change it, move it through review, approve it, withdraw it. Every write is
// versioned and commits the document, its change record, its code guard and
// its checklist links in one transaction.
import type { MemberRoleLookup } from '../governance/appointment';
import { holdsAppointment } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { ConflictError, type FieldError, ForbiddenError, ValidationError } from '../shared/errors';
import { readAll } from '../shared/read-all';
import { put, remove, type Write } from '../shared/store';
import { parseInput } from '../shared/validation';
import { createVersioned, loadVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { checklistSummaryWrites } from './checklist-summaries';
import {
  APPROVER_KINDS,
  approveDocumentInput,
  assertDocumentUpdatable,
  type ControlledDocument,
  createDocumentInput,
  DEFAULT_REVIEW_MONTHS,
  plusMonths,
  shapeProblems,
  storageOf,
  transitionDocument,
  transitionDocumentInput,
  updateDocumentInput,
} from './controlled-document';
import { ControlledDocuments, DocumentCodes, DocumentRefLinks, refLinksOf } from './model';

export interface DocumentDeps extends StoreDeps {
  /** Answers both: is the owner a member, and is it a consultant. */
  memberRole: MemberRoleLookup;
}

/** The owner must be a member who is not a consultant: documents are the organisation's. */
async function ownerProblems(ownerId: string, deps: DocumentDeps): Promise<FieldError[]> {
  const role = await deps.memberRole(ownerId);
  const path = ['input', 'ownerUserId'];
  if (!role) return [{ path, message: 'is not a member of this tenant' }];
  if (role === 'CONSULTANT') {
    return [
      { path, message: "is a CONSULTANT member: a document is owned by the organisation's own people" },
    ];
  }
  return [];
}

/** Link deletes and puts taking the checklist links of `before` to those of `after`. */
function linkWrites(before: ControlledDocument | null, after: ControlledDocument): Write[] {
  const next = refLinksOf(after);
  const kept = new Set(next.map((l) => l.ref));
  return [
    ...(before ? refLinksOf(before) : [])
      .filter((l) => !kept.has(l.ref))
      .map((l) => remove(DocumentRefLinks, { ref: l.ref, docCode: l.docCode })),
    ...next.map((l) => put(DocumentRefLinks, l, 'any')),
  ];
}

export async function createControlledDocument(
  scope: TenantScope,
  rawInput: unknown,
  deps: DocumentDeps,
): Promise<ControlledDocument> {
  assertCan(scope.role, 'document.manage');
  const input = parseInput(createDocumentInput, rawInput, ['input']);
  const [owner, taken] = await Promise.all([
    ownerProblems(input.ownerUserId, deps),
    deps.store.get(DocumentCodes, { docCode: input.docCode }),
  ]);
  const now = deps.clock.now().toISOString();
  const document: ControlledDocument = {
    id: deps.ids.next(),
    tenantId: scope.tenantId,
    docCode: input.docCode,
    title: input.title,
    type: input.type,
    mandatoryRef: input.mandatoryRef ?? null,
    procedureKind: input.procedureKind ?? null,
    annexAControls: [...new Set(input.annexAControls ?? [])],
    ownerUserId: input.ownerUserId,
    authorId: scope.actorId,
    revision: 1,
    status: 'DRAFT',
    approval: null,
    effectiveOn: null,
    nextReviewOn: input.nextReviewOn ?? null,
    retentionPeriod: input.retentionPeriod,
    classification: input.classification,
    storage: storageOf(input.storage),
    origin: input.origin ?? (input.type === 'EXTERNAL' ? 'EXTERNAL' : 'INTERNAL'),
    distribution: [...new Set(input.distribution ?? [])],
    wordCount: input.wordCount ?? null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const problems = [
    ...(taken
      ? [{ path: ['input', 'docCode'], message: `is already used by document ${taken.docCode}` }]
      : []),
    ...owner,
    ...shapeProblems(document),
  ];
  if (problems.length) throw new ValidationError(problems);
  const summaries = await checklistSummaryWrites(deps.store, null, document, now);
  return createVersioned(deps, scope, ControlledDocuments, document, [
    // A concurrent create with the same code fails here: CONFLICT, nothing written.
    put(DocumentCodes, { docCode: document.docCode, documentId: document.id }, 'absent', 'document code'),
    ...linkWrites(null, document),
    ...summaries,
  ]);
}

/** Content changes while DRAFT; owner, retention and classification until OBSOLETE; distribution always. */
export async function updateControlledDocument(
  scope: TenantScope,
  rawInput: unknown,
  deps: DocumentDeps,
): Promise<ControlledDocument> {
  assertCan(scope.role, 'document.manage');
  const input = parseInput(updateDocumentInput, rawInput, ['input']);
  const current = await loadVersioned(
    deps.store,
    ControlledDocuments,
    { id: input.id },
    input.expectedVersion,
  );
  assertDocumentUpdatable(current, input);
  const next: ControlledDocument = { ...current };
  if (input.title !== undefined) next.title = input.title;
  if (input.type !== undefined) next.type = input.type;
  if (input.mandatoryRef !== undefined) next.mandatoryRef = input.mandatoryRef ?? null;
  if (input.procedureKind !== undefined) next.procedureKind = input.procedureKind ?? null;
  if (input.annexAControls !== undefined) next.annexAControls = [...new Set(input.annexAControls)];
  if (input.nextReviewOn !== undefined) next.nextReviewOn = input.nextReviewOn ?? null;
  if (input.storage !== undefined) next.storage = storageOf(input.storage);
  if (input.origin !== undefined) next.origin = input.origin;
  if (input.wordCount !== undefined) next.wordCount = input.wordCount ?? null;
  if (input.ownerUserId !== undefined) next.ownerUserId = input.ownerUserId;
  if (input.retentionPeriod !== undefined) next.retentionPeriod = input.retentionPeriod;
  if (input.classification !== undefined) next.classification = input.classification;
  if (input.distribution !== undefined) next.distribution = [...new Set(input.distribution)];
  const problems = [
    ...(next.ownerUserId !== current.ownerUserId ? await ownerProblems(next.ownerUserId, deps) : []),
    ...shapeProblems(next),
  ];
  if (problems.length) throw new ValidationError(problems);
  const summaries = await checklistSummaryWrites(deps.store, current, next, deps.clock.now().toISOString());
  return saveVersioned(deps, scope, ControlledDocuments, current, next, {
    extra: (saved) => [...linkWrites(current, saved), ...summaries],
  });
}

/**
 * Submit for review, return to draft, start the next revision (APPROVED →
 * DRAFT: revision + 1, the approval cleared, the actor its author) or withdraw
 * (OBSOLETE). Approval has its own use case.
 */
export async function transitionControlledDocument(
  scope: TenantScope,
  rawInput: unknown,
  deps: DocumentDeps,
): Promise<ControlledDocument> {
  assertCan(scope.role, 'document.manage');
  const input = parseInput(transitionDocumentInput, rawInput, ['input']);
  const current = await loadVersioned(
    deps.store,
    ControlledDocuments,
    { id: input.id },
    input.expectedVersion,
  );
  const moved = transitionDocument(current, input);
  const next: ControlledDocument =
    current.status === 'APPROVED' && moved.status === 'DRAFT'
      ? {
          ...moved,
          revision: current.revision + 1,
          approval: null,
          effectiveOn: null,
          authorId: scope.actorId,
        }
      : moved;
  const summaries = await checklistSummaryWrites(deps.store, current, next, deps.clock.now().toISOString());
  return saveVersioned(deps, scope, ControlledDocuments, current, next, {
    extra: (saved) => [...linkWrites(current, saved), ...summaries],
  });
}

/**
 * Approves a document in review (7.5.3): by an active appointee of the kinds
 * APPROVER_KINDS gives its type, never under a CONSULTANT membership and never
 * by the author of the revision (FORBIDDEN in each case); anything but
 * IN_REVIEW is CONFLICT INVALID_STATE.
 */
export async function approveControlledDocument(
  scope: TenantScope,
  rawInput: unknown,
  deps: DocumentDeps,
): Promise<ControlledDocument> {
  assertCan(scope.role, 'document.read');
  const input = parseInput(approveDocumentInput, rawInput, ['input']);
  const current = await loadVersioned(
    deps.store,
    ControlledDocuments,
    { id: input.id },
    input.expectedVersion,
  );
  if (scope.role === 'CONSULTANT') {
    throw new ForbiddenError("a consultant may not approve the organisation's documents");
  }
  const now = deps.clock.now();
  const kinds = APPROVER_KINDS[current.type];
  const appointments = await readAll(deps.store, Appointments, 'byUser', { userId: scope.actorId });
  const role = kinds.find((k) => holdsAppointment(appointments, scope.actorId, [k], now));
  if (!role) {
    throw new ForbiddenError(
      `approving a ${current.type} document needs an active ${kinds.join(' or ')} appointment`,
    );
  }
  if (current.authorId === scope.actorId) {
    throw new ForbiddenError(`the author of revision ${current.revision} may not approve it`);
  }
  if (current.status !== 'IN_REVIEW') {
    throw new ConflictError(
      `document ${current.docCode} is ${current.status}: only a document IN_REVIEW is approved`,
      'INVALID_STATE',
    );
  }
  const at = deps.clock.now().toISOString();
  const today = at.slice(0, 10);
  const effectiveOn = input.effectiveOn ?? today;
  const ownReview = current.nextReviewOn && current.nextReviewOn > effectiveOn ? current.nextReviewOn : null;
  const nextReviewOn = input.nextReviewOn ?? ownReview ?? plusMonths(effectiveOn, DEFAULT_REVIEW_MONTHS);
  if (nextReviewOn <= effectiveOn) {
    throw new ValidationError([{ path: ['input', 'nextReviewOn'], message: 'must be after effectiveOn' }]);
  }
  const next: ControlledDocument = {
    ...current,
    status: 'APPROVED',
    approval: { by: scope.actorId, role, at, comment: input.comment || null },
    effectiveOn,
    nextReviewOn,
  };
  const summaries = await checklistSummaryWrites(deps.store, current, next, deps.clock.now().toISOString());
  return saveVersioned(deps, scope, ControlledDocuments, current, next, {
    extra: (saved) => [...linkWrites(current, saved), ...summaries],
  });
}
