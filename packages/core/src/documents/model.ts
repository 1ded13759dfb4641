// How the document register is stored: documents by code, type, status (next
// review first) and a sparse partition of those needing attention; a create-only
// guard item per code (unique per tenant); and one small link item per
// checklist item a document satisfies, so the checklist and the listing by
// mandatoryRef are one key read.
import * as z from 'zod';
import { APPOINTMENT_KINDS } from '../governance/appointment';
import { defineAggregate } from '../shared/store';
import {
  CLASSIFICATIONS,
  type ControlledDocument,
  DOCUMENT_ORIGINS,
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  isExternalUncontrolled,
  isLongProcedure,
  isObsoleteDistributed,
  PROCEDURE_KINDS,
} from './controlled-document';
import { annexItemsOf } from './mandatory-documents';

const entityRef = z.object({ entityType: z.string(), entityId: z.string() });

export const controlledDocumentSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  docCode: z.string(),
  title: z.string(),
  type: z.enum(DOCUMENT_TYPES),
  mandatoryRef: z.string().nullable(),
  // Schema 2 (RQ-22): documents stored before read as naming no procedure.
  procedureKind: z.enum(PROCEDURE_KINDS).nullable().default(null),
  annexAControls: z.array(z.string()),
  ownerUserId: z.string(),
  authorId: z.string(),
  revision: z.number(),
  status: z.enum(DOCUMENT_STATUSES),
  approval: z
    .object({
      by: z.string(),
      role: z.enum(APPOINTMENT_KINDS),
      at: z.string(),
      comment: z.string().nullable(),
    })
    .nullable(),
  effectiveOn: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  retentionPeriod: z.string(),
  classification: z.enum(CLASSIFICATIONS),
  storage: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('SYSTEM_RECORD'), systemRecord: entityRef }),
    z.object({ kind: z.literal('URL'), url: z.string(), sha256: z.string().nullable() }),
  ]),
  origin: z.enum(DOCUMENT_ORIGINS),
  distribution: z.array(z.string()),
  wordCount: z.number().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<ControlledDocument>;

/** Sorts last when a document has no review date. */
const NO_REVIEW = '9999-12-31';
const byCode = (d: ControlledDocument) => d.docCode;

export const ControlledDocuments = defineAggregate({
  name: 'ControlledDocument',
  schema: controlledDocumentSchema as z.ZodType<ControlledDocument>,
  schemaVersion: 2,
  key: (k: { id: string }) => ({ partition: ['DOC', k.id], sort: '#META' }),
  keyOf: (d: ControlledDocument) => ({ id: d.id }),
  describes: 'controlled document by id (GetItem; BatchGetItem behind the checklist links)',
  patterns: {
    register: {
      index: 'GSI1',
      partition: () => ['DOC'],
      params: () => ({}),
      sort: byCode,
      describes: 'document register by code',
    },
    byType: {
      index: 'GSI2',
      partition: (p: { type: string }) => ['DOC', 'TYPE', p.type],
      params: (d: ControlledDocument) => ({ type: d.type }),
      sort: byCode,
      describes: 'documents of one type by code',
    },
    byStatus: {
      index: 'GSI3',
      partition: (p: { status: string }) => ['DOC', 'STATUS', p.status],
      params: (d: ControlledDocument) => ({ status: d.status }),
      sort: (d: ControlledDocument) => `${d.nextReviewOn ?? NO_REVIEW}#${d.docCode}`,
      describes: 'documents of one status, next review first (APPROVED: overdue reviews lead)',
    },
    attention: {
      index: 'GSI4',
      partition: () => ['DOC', 'ATTN'],
      params: (d: ControlledDocument) =>
        isObsoleteDistributed(d) || isExternalUncontrolled(d) || isLongProcedure(d) ? {} : null,
      sort: byCode,
      describes:
        'sparse: obsolete documents still distributed, uncontrolled external ones, long procedures (gaps)',
    },
  },
});

export interface DocumentCode {
  docCode: string;
  documentId: string;
}

export const DocumentCodes = defineAggregate({
  name: 'DocumentCode',
  schema: z.object({ docCode: z.string(), documentId: z.string() }) as z.ZodType<DocumentCode>,
  schemaVersion: 1,
  key: (k: { docCode: string }) => ({ partition: ['DOCCODE', k.docCode.toUpperCase()], sort: '#META' }),
  keyOf: (c: DocumentCode) => ({ docCode: c.docCode }),
  describes: 'document code guard (create-only; codes are unique per tenant, case-insensitive)',
  patterns: {},
});

/** A document's standing against one checklist item, copied on every write of the document. */
export interface DocumentRefLink {
  ref: string;
  docCode: string;
  documentId: string;
  title: string;
  status: ControlledDocument['status'];
  nextReviewOn: string | null;
}

const linkSort = (l: Pick<DocumentRefLink, 'ref' | 'docCode'>) => `${l.ref}#${l.docCode}`;

export const DocumentRefLinks = defineAggregate({
  name: 'DocumentRefLink',
  schema: z.object({
    ref: z.string(),
    docCode: z.string(),
    documentId: z.string(),
    title: z.string(),
    status: z.enum(DOCUMENT_STATUSES),
    nextReviewOn: z.string().nullable(),
  }) as z.ZodType<DocumentRefLink>,
  schemaVersion: 1,
  key: (k: Pick<DocumentRefLink, 'ref' | 'docCode'>) => ({ partition: ['DOCREF'], sort: linkSort(k) }),
  keyOf: (l: DocumentRefLink) => ({ ref: l.ref, docCode: l.docCode }),
  describes: 'document ↔ checklist item (D-xx or Annex A implied) with the status the checklist needs',
  patterns: {
    byRef: {
      index: 'TABLE',
      partition: () => ['DOCREF'],
      params: () => ({}),
      sort: linkSort,
      describes: 'the documents satisfying one item (begins_with <ref>#); the whole partition: the checklist',
    },
  },
});

/** The link items a document has: its mandatoryRef and the Annex A items of its controls. */
export function refLinksOf(d: ControlledDocument): DocumentRefLink[] {
  const refs = [...(d.mandatoryRef ? [d.mandatoryRef] : []), ...annexItemsOf(d.annexAControls)];
  return refs.map((ref) => ({
    ref,
    docCode: d.docCode,
    documentId: d.id,
    title: d.title,
    status: d.status,
    nextReviewOn: d.nextReviewOn,
  }));
}

/** Per checklist item: what its documents add up to (see checklist-summaries.ts). */
export interface ChecklistRefSummary {
  tenantId: string;
  ref: string;
  /** Documents naming the item, obsolete ones included. */
  documents: number;
  /** Not obsolete. */
  live: number;
  /** Approved (and not obsolete). */
  approved: number;
  /** Approved with no review date. */
  openEnded: number;
  /** Approved ones per review date. */
  reviews: Record<string, number>;
  /** The first links by document code: the evidence the checklist lists. */
  sample: DocumentRefLink[];
  version: number;
  updatedAt: string;
}

const linkSchema = z.object({
  ref: z.string(),
  docCode: z.string(),
  documentId: z.string(),
  title: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  nextReviewOn: z.string().nullable(),
});

export const ChecklistRefSummaries = defineAggregate({
  name: 'ChecklistRefSummary',
  schema: z.object({
    tenantId: z.string(),
    ref: z.string(),
    documents: z.number(),
    live: z.number(),
    approved: z.number(),
    openEnded: z.number(),
    reviews: z.record(z.string(), z.number()),
    sample: z.array(linkSchema),
    version: z.number(),
    updatedAt: z.string(),
  }) as z.ZodType<ChecklistRefSummary>,
  schemaVersion: 1,
  // One small partition, one item per checklist item: the checklist reads it whole.
  key: (k: { ref: string }) => ({ partition: ['DOCSUM'], sort: `REF#${k.ref}` }),
  keyOf: (s: ChecklistRefSummary) => ({ ref: s.ref }),
  describes:
    "one checklist item's documents summed up (status counts, review dates, first links); the partition: the checklist",
  patterns: {},
});

export interface ChecklistSummariesMarker {
  tenantId: string;
  version: number;
  updatedAt: string;
}

export const ChecklistSummariesIndexed = defineAggregate({
  name: 'ChecklistSummariesIndexed',
  schema: z.object({
    tenantId: z.string(),
    version: z.number(),
    updatedAt: z.string(),
  }) as z.ZodType<ChecklistSummariesMarker>,
  schemaVersion: 1,
  key: (_: Record<string, never>) => ({ partition: ['DOCSUM'], sort: '#INDEXED' }),
  keyOf: () => ({}),
  entityId: () => 'checklist-summaries',
  describes: 'marks the checklist summaries complete (absent: the checklist reads the links)',
  patterns: {},
});
