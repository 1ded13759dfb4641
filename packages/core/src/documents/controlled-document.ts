// Control of documented information (ISO/IEC 42001 7.5, REQUIREMENTS §3.6.4):
// a register entry per document the organisation maintains or retains, with
// its identification (code, title, revision), owner, approval, review date,
// retention, classification, where it is kept and who holds copies.
// DRAFT → IN_REVIEW → APPROVED → OBSOLETE; an approved document is changed only
// through a new revision (APPROVED → DRAFT, revision + 1) that is approved again.
import * as z from 'zod';
import { isControlId } from '../annex-a/catalogue';
import type { AppointmentKind } from '../governance/appointment';
import { ConflictError, type FieldError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';
import { isMandatoryRef } from './mandatory-documents';

export const DOCUMENT_TYPES = [
  'POLICY',
  'SCOPE',
  'METHODOLOGY',
  'PROCEDURE',
  'REGISTER',
  'ASSESSMENT',
  'SOA',
  'PLAN',
  'RECORD',
  'TEMPLATE',
  'EXTERNAL',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * The AIMS procedures RQ-22 asks to be published (7.5.1, 8.1): a document of
 * type PROCEDURE may name the one it is, so the register shows which exist.
 */
export const PROCEDURE_KINDS = [
  'RISK_ASSESSMENT',
  'IMPACT_ASSESSMENT',
  'INCIDENT',
  'CHANGE_MANAGEMENT',
  'DOCUMENT_CONTROL',
  'INTERNAL_AUDIT',
  'CORRECTIVE_ACTION',
] as const;
export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];

export const DOCUMENT_STATUSES = ['DRAFT', 'IN_REVIEW', 'APPROVED', 'OBSOLETE'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const CLASSIFICATIONS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const DOCUMENT_ORIGINS = ['INTERNAL', 'EXTERNAL'] as const;
export type DocumentOrigin = (typeof DOCUMENT_ORIGINS)[number];

export const DOCUMENT_TRANSITIONS: Readonly<Record<DocumentStatus, readonly DocumentStatus[]>> = {
  DRAFT: ['IN_REVIEW', 'OBSOLETE'],
  IN_REVIEW: ['DRAFT', 'APPROVED'],
  // DRAFT here starts the next revision.
  APPROVED: ['DRAFT', 'OBSOLETE'],
  OBSOLETE: [],
};

/**
 * Who approves, per type: the organisation's management, never the author and
 * never under a CONSULTANT membership. What the standard gives to top
 * management (the policy 5.2, the scope 4.3 as part of the AIMS it directs,
 * risk criteria 6.1.2, the SoA and the plan 6.1.3) needs TOP_MANAGEMENT;
 * procedures, registers, records, templates and external documents are the
 * AIMS manager's to approve (7.5.3), or top management's.
 */
export const APPROVER_KINDS: Readonly<Record<DocumentType, readonly AppointmentKind[]>> = {
  POLICY: ['TOP_MANAGEMENT'],
  SCOPE: ['TOP_MANAGEMENT'],
  METHODOLOGY: ['TOP_MANAGEMENT'],
  SOA: ['TOP_MANAGEMENT'],
  PLAN: ['TOP_MANAGEMENT'],
  PROCEDURE: ['AIMS_MANAGER', 'TOP_MANAGEMENT'],
  REGISTER: ['AIMS_MANAGER', 'TOP_MANAGEMENT'],
  ASSESSMENT: ['AIMS_MANAGER', 'TOP_MANAGEMENT'],
  RECORD: ['AIMS_MANAGER', 'TOP_MANAGEMENT'],
  TEMPLATE: ['AIMS_MANAGER', 'TOP_MANAGEMENT'],
  EXTERNAL: ['AIMS_MANAGER', 'TOP_MANAGEMENT'],
};

/** Past this a procedure is flagged as over-documented (§3.6.4: > 10 pages or 4,000 words). */
export const LONG_PROCEDURE_WORDS = 4000;
export const DEFAULT_REVIEW_MONTHS = 12;

export interface DocumentApproval {
  by: string;
  /** The appointment that made the approver eligible. */
  role: AppointmentKind;
  at: string;
  comment: string | null;
}

/** An artefact the product holds (`entityType` as in change records) and its id. */
export interface EntityRef {
  entityType: string;
  entityId: string;
}

/** Where the document is kept: a record in this system, or a location and the hash of the copy controlled. */
export type DocumentStorage =
  | { kind: 'SYSTEM_RECORD'; systemRecord: EntityRef }
  | { kind: 'URL'; url: string; sha256: string | null };

export interface ControlledDocument {
  id: string;
  tenantId: string;
  /** Unique in the tenant, fixed at creation (references cite it). */
  docCode: string;
  title: string;
  type: DocumentType;
  /** The §3.13 item it satisfies (D-01…D-24), if any. */
  mandatoryRef: string | null;
  /** Which of the RQ-22 procedures it is; only for type PROCEDURE. */
  procedureKind: ProcedureKind | null;
  /** Annex A controls it documents: satisfies those controls' implied-document items. */
  annexAControls: string[];
  ownerUserId: string;
  /** Who started the current revision: never its approver. */
  authorId: string;
  /** The document's own revision number (7.5.2 identification), 1 at creation. */
  revision: number;
  status: DocumentStatus;
  approval: DocumentApproval | null;
  effectiveOn: string | null;
  nextReviewOn: string | null;
  retentionPeriod: string;
  classification: Classification;
  storage: DocumentStorage;
  origin: DocumentOrigin;
  /** Who holds a copy (teams, roles, sites): withdrawn when the document goes obsolete. */
  distribution: string[];
  /** When known: procedures above LONG_PROCEDURE_WORDS are flagged. */
  wordCount: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const id = z.string().trim().min(1, 'must not be empty').max(100);
const nonEmpty = <T extends z.ZodString>(s: T) => s.min(1, 'must not be empty');

const docCode = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/,
    'must be 2–40 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  );
const mandatoryRef = z.string().refine(isMandatoryRef, 'must be one of D-01…D-24 (REQUIREMENTS §3.13)');
const annexAControls = z
  .array(z.string().refine(isControlId, 'is not an Annex A control id'))
  .max(20, 'at most 20 controls');

const storageInput = z
  .object({
    systemRecord: z
      .object({ entityType: nonEmpty(singleLine(64)), entityId: nonEmpty(singleLine(200)) })
      .nullish(),
    url: z.url('must be a URL').max(2000).nullish(),
    sha256: z
      .string()
      .regex(/^[a-fA-F0-9]{64}$/, 'must be a SHA-256 hash (64 hex digits)')
      .nullish(),
  })
  .superRefine((s, ctx) => {
    if (!!s.systemRecord === !!s.url) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of systemRecord or url' });
    }
    if (s.sha256 && !s.url) ctx.addIssue({ code: 'custom', path: ['sha256'], message: 'goes with a url' });
  });
type StorageInput = z.infer<typeof storageInput>;

const distribution = z.array(nonEmpty(singleLine(200))).max(50, 'at most 50 holders');
const wordCount = z.number().int('must be a whole number').min(0).max(1_000_000);

export const createDocumentInput = z.object({
  docCode,
  title: nonEmpty(singleLine(200)),
  type: z.enum(DOCUMENT_TYPES),
  mandatoryRef: mandatoryRef.nullish(),
  procedureKind: z.enum(PROCEDURE_KINDS).nullish(),
  annexAControls: annexAControls.nullish(),
  ownerUserId: id,
  nextReviewOn: date.nullish(),
  retentionPeriod: nonEmpty(singleLine(100)),
  classification: z.enum(CLASSIFICATIONS),
  storage: storageInput,
  /** Defaults to EXTERNAL for type EXTERNAL, INTERNAL otherwise. */
  origin: z.enum(DOCUMENT_ORIGINS).nullish(),
  distribution: distribution.nullish(),
  wordCount: wordCount.nullish(),
});
export type CreateDocumentInput = z.infer<typeof createDocumentInput>;

export const updateDocumentInput = z.object({
  id,
  expectedVersion: z.number().int(),
  // Content: only while DRAFT.
  title: nonEmpty(singleLine(200)).optional(),
  type: z.enum(DOCUMENT_TYPES).optional(),
  mandatoryRef: mandatoryRef.nullish(),
  procedureKind: z.enum(PROCEDURE_KINDS).nullish(),
  annexAControls: annexAControls.optional(),
  nextReviewOn: date.nullish(),
  storage: storageInput.optional(),
  origin: z.enum(DOCUMENT_ORIGINS).optional(),
  wordCount: wordCount.nullish(),
  // Control: while DRAFT, IN_REVIEW or APPROVED; distribution also when OBSOLETE.
  ownerUserId: id.optional(),
  retentionPeriod: nonEmpty(singleLine(100)).optional(),
  classification: z.enum(CLASSIFICATIONS).optional(),
  distribution: distribution.optional(),
});
export type UpdateDocumentInput = z.infer<typeof updateDocumentInput>;

const CONTENT_FIELDS = [
  'title',
  'type',
  'mandatoryRef',
  'procedureKind',
  'annexAControls',
  'nextReviewOn',
  'storage',
  'origin',
  'wordCount',
] as const;
const CONTROL_FIELDS = ['ownerUserId', 'retentionPeriod', 'classification'] as const;

export const transitionDocumentInput = z.object({
  id,
  expectedVersion: z.number().int(),
  /** IN_REVIEW (submit), DRAFT (return from review, or start the next revision), OBSOLETE (withdraw). */
  status: z.enum(['DRAFT', 'IN_REVIEW', 'OBSOLETE']),
});
export type TransitionDocumentInput = z.infer<typeof transitionDocumentInput>;

export const approveDocumentInput = z.object({
  id,
  expectedVersion: z.number().int(),
  comment: multiLine(2000).nullish(),
  /** Defaults to the day of approval. */
  effectiveOn: date.nullish(),
  /** Defaults to the document's own, else twelve months after approval. */
  nextReviewOn: date.nullish(),
});
export type ApproveDocumentInput = z.infer<typeof approveDocumentInput>;

const at = (...path: string[]) => ['input', ...path];

export function storageOf(input: StorageInput): DocumentStorage {
  return input.systemRecord
    ? { kind: 'SYSTEM_RECORD', systemRecord: input.systemRecord }
    : { kind: 'URL', url: input.url as string, sha256: input.sha256?.toLowerCase() ?? null };
}

/** Rules across fields: a procedure kind only on a PROCEDURE; an EXTERNAL type is of external origin, kept at a location (its source), not in this system. */
export function shapeProblems(
  d: Pick<ControlledDocument, 'type' | 'origin' | 'storage' | 'procedureKind'>,
): FieldError[] {
  const errors: FieldError[] = [];
  if (d.procedureKind && d.type !== 'PROCEDURE') {
    errors.push({ path: at('procedureKind'), message: 'is only for a document of type PROCEDURE' });
  }
  if (d.type === 'EXTERNAL' && d.origin !== 'EXTERNAL') {
    errors.push({ path: at('origin'), message: 'must be EXTERNAL for a document of type EXTERNAL' });
  }
  if (d.origin === 'EXTERNAL' && d.storage.kind !== 'URL') {
    errors.push({
      path: at('storage', 'url'),
      message: 'is required for a document of external origin: where the controlled copy comes from',
    });
  }
  return errors;
}

/** Fields the update names that the document's status does not let change. */
export function assertDocumentUpdatable(current: ControlledDocument, input: UpdateDocumentInput): void {
  const named = (fields: readonly string[]) =>
    fields.filter((f) => (input as Record<string, unknown>)[f] !== undefined);
  const refuse = (fields: string[], why: string) => {
    if (fields.length) {
      throw new ConflictError(
        `document ${current.docCode} is ${current.status}: ${fields.join(', ')} ${why}`,
        'INVALID_STATE',
      );
    }
  };
  if (current.status === 'OBSOLETE') {
    refuse(
      named([...CONTENT_FIELDS, ...CONTROL_FIELDS]),
      'cannot change; only the distribution can be withdrawn',
    );
  } else if (current.status !== 'DRAFT') {
    refuse(
      named(CONTENT_FIELDS),
      current.status === 'APPROVED'
        ? 'change only in a new revision (move it to DRAFT)'
        : 'change only in DRAFT (return it from review)',
    );
  }
}

/** The next state of a non-approval move, or CONFLICT INVALID_STATE. */
export function transitionDocument(
  current: ControlledDocument,
  input: TransitionDocumentInput,
): ControlledDocument {
  const to = input.status;
  if (!DOCUMENT_TRANSITIONS[current.status].includes(to)) {
    throw new ConflictError(
      current.status === 'OBSOLETE'
        ? `document ${current.docCode} is OBSOLETE: a withdrawn document is not changed`
        : `document ${current.docCode} cannot move from ${current.status} to ${to}; allowed: ${DOCUMENT_TRANSITIONS[current.status].join(', ')}`,
      'INVALID_STATE',
    );
  }
  return { ...current, status: to };
}

export function plusMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** Over-documenting signal: a procedure longer than the threshold, when its length is known. */
export const isLongProcedure = (d: Pick<ControlledDocument, 'type' | 'wordCount' | 'status'>) =>
  d.type === 'PROCEDURE' &&
  d.status !== 'OBSOLETE' &&
  d.wordCount !== null &&
  d.wordCount > LONG_PROCEDURE_WORDS;

/** External origin without the identification of the copy held (hash) or a date to check for a newer edition. */
export const isExternalUncontrolled = (
  d: Pick<ControlledDocument, 'origin' | 'storage' | 'nextReviewOn' | 'status'>,
) =>
  d.origin === 'EXTERNAL' &&
  d.status !== 'OBSOLETE' &&
  ((d.storage.kind === 'URL' && !d.storage.sha256) || !d.nextReviewOn);

export const isObsoleteDistributed = (d: Pick<ControlledDocument, 'status' | 'distribution'>) =>
  d.status === 'OBSOLETE' && d.distribution.length > 0;
