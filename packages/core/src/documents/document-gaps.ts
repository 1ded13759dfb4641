// What an auditor would find wrong in the control of documented information
// (7.5, §3.6.4): a required document missing, a review date passed, an obsolete
// document still in people's hands, an external document nobody controls, and
// the over-documenting signal for procedures too long to be used.
import type { ChecklistItem } from './checklist';
import {
  type ControlledDocument,
  isExternalUncontrolled,
  isLongProcedure,
  isObsoleteDistributed,
  LONG_PROCEDURE_WORDS,
} from './controlled-document';
import type { SystemRecord } from './system-records';

export const DOCUMENT_GAP_CODES = [
  'MANDATORY_DOCUMENT_MISSING',
  'DOCUMENT_REVIEW_OVERDUE',
  'OBSOLETE_STILL_DISTRIBUTED',
  'EXTERNAL_ORIGIN_UNCONTROLLED',
  'PROCEDURE_TOO_LONG',
] as const;
export type DocumentGapCode = (typeof DOCUMENT_GAP_CODES)[number];

export interface DocumentGap {
  code: DocumentGapCode;
  /** Why this is a gap, in words an auditor would use. */
  explanation: string;
  /** The checklist item concerned (MANDATORY_DOCUMENT_MISSING). */
  ref: string | null;
  documentId: string | null;
  docCode: string | null;
  /** The document itself, read with the gap (no second read per row). */
  document: ControlledDocument | null;
  systemRecordId: string | null;
}

export interface DocumentGapInput {
  today: string;
  checklist: readonly ChecklistItem[];
  /** Every document that may be in a gap: approved ones due for review and those needing attention. */
  documents: readonly ControlledDocument[];
  systemRecords: readonly SystemRecord[];
}

const gap = (
  code: DocumentGapCode,
  explanation: string,
  extra: Partial<Omit<DocumentGap, 'code' | 'explanation'>> = {},
): DocumentGap => ({
  code,
  explanation,
  ref: null,
  documentId: null,
  docCode: null,
  document: null,
  systemRecordId: null,
  ...extra,
});

export function documentGaps(input: DocumentGapInput): DocumentGap[] {
  const gaps: DocumentGap[] = [];
  for (const item of input.checklist) {
    if (item.kind === 'MANDATORY' && item.status === 'MISSING') {
      gaps.push(
        gap(
          'MANDATORY_DOCUMENT_MISSING',
          `${item.ref} ${item.title} (clause ${item.clause}) is required documented information and nothing in the register provides it`,
          { ref: item.ref },
        ),
      );
    }
  }
  const documents = [...new Map(input.documents.map((d) => [d.id, d])).values()].sort((a, b) =>
    a.docCode < b.docCode ? -1 : a.docCode > b.docCode ? 1 : 0,
  );
  for (const d of documents) {
    const of = { documentId: d.id, docCode: d.docCode, document: d };
    if (d.status === 'APPROVED' && d.nextReviewOn && d.nextReviewOn < input.today) {
      gaps.push(
        gap(
          'DOCUMENT_REVIEW_OVERDUE',
          `${d.docCode} ${d.title} was due for review on ${d.nextReviewOn} and has not been reviewed`,
          of,
        ),
      );
    }
    if (isObsoleteDistributed(d)) {
      gaps.push(
        gap(
          'OBSOLETE_STILL_DISTRIBUTED',
          `${d.docCode} is OBSOLETE but still listed as held by ${d.distribution.join(', ')}: withdraw the copies (7.5.3)`,
          of,
        ),
      );
    }
    if (isExternalUncontrolled(d)) {
      const missing = [
        ...(d.storage.kind === 'URL' && !d.storage.sha256 ? ['the hash of the copy held'] : []),
        ...(!d.nextReviewOn ? ['a date to check for a newer edition'] : []),
      ];
      gaps.push(
        gap(
          'EXTERNAL_ORIGIN_UNCONTROLLED',
          `${d.docCode} is of external origin without ${missing.join(' or ')}: it is not identified and controlled (7.5.3)`,
          of,
        ),
      );
    }
    if (isLongProcedure(d)) {
      gaps.push(
        gap(
          'PROCEDURE_TOO_LONG',
          `${d.docCode} runs to ${d.wordCount} words (over ${LONG_PROCEDURE_WORDS}): a procedure this long is rarely followed; consider a shorter one with references`,
          of,
        ),
      );
    }
  }
  for (const r of input.systemRecords) {
    if (r.status === 'APPROVED' && r.nextReviewOn && r.nextReviewOn < input.today) {
      gaps.push(
        gap('DOCUMENT_REVIEW_OVERDUE', `${r.title} was due for review on ${r.nextReviewOn}`, {
          ref: r.mandatoryRef,
          systemRecordId: r.id,
        }),
      );
    }
  }
  return gaps;
}
