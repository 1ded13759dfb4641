// The mandatory-documents checklist (REQUIREMENTS §3.13): D-01…D-19, the Annex A
// documents of the controls applicable in the working SoA, and the recommended
// D-20…D-24, each MISSING / DRAFT / APPROVED / REVIEW_OVERDUE from the manual
// documents that name the item and the system records of its source.
import type { DocumentStatus } from './controlled-document';
import {
  ANNEX_A_IMPLIED_DOCUMENTS,
  type DocumentedInformationKind,
  MANDATORY_DOCUMENTS,
} from './mandatory-documents';
import type { DocumentRefLink } from './model';
import type { SystemRecord, SystemRecordStatus } from './system-records';

export const CHECKLIST_STATUSES = ['MISSING', 'DRAFT', 'APPROVED', 'REVIEW_OVERDUE'] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];

export const CHECKLIST_ITEM_KINDS = ['MANDATORY', 'ANNEX_A', 'RECOMMENDED'] as const;
export type ChecklistItemKind = (typeof CHECKLIST_ITEM_KINDS)[number];

/** What stands behind an item: a manual document or a system record. */
export interface ChecklistEvidence {
  kind: 'CONTROLLED_DOCUMENT' | 'SYSTEM_RECORD';
  /** Document id or system record id. */
  id: string;
  title: string;
  status: DocumentStatus | SystemRecordStatus;
  nextReviewOn: string | null;
}

export interface ChecklistItem {
  ref: string;
  kind: ChecklistItemKind;
  title: string;
  /** Clause (D-xx); null for Annex A items. */
  clause: string | null;
  documentKind: DocumentedInformationKind | null;
  inGuide: boolean;
  /** The applicable controls that make an Annex A item expected. */
  controls: string[];
  status: ChecklistStatus;
  evidence: ChecklistEvidence[];
}

export interface ChecklistInput {
  today: string;
  links: readonly DocumentRefLink[];
  systemRecords: readonly SystemRecord[];
  /** Controls applicable in the working SoA. */
  applicableControls: readonly string[];
  /**
   * Per item, stand-ins for documents not among `links` that still count for
   * its status (the checklist summaries list only the first documents).
   */
  statusOnly?: ReadonlyMap<string, readonly ChecklistEvidence[]>;
}

/**
 * An item's status from its evidence, obsolete evidence ignored: APPROVED when
 * something approved (or a retained record) is within its review date;
 * REVIEW_OVERDUE when what is approved is all past it; DRAFT when only drafts
 * or documents in review exist; MISSING otherwise.
 */
export function checklistStatus(evidence: readonly ChecklistEvidence[], today: string): ChecklistStatus {
  const live = evidence.filter((e) => e.status !== 'OBSOLETE');
  const approved = live.filter((e) => e.status === 'APPROVED' || e.status === 'RECORDED');
  if (approved.some((e) => !e.nextReviewOn || e.nextReviewOn >= today)) return 'APPROVED';
  if (approved.length) return 'REVIEW_OVERDUE';
  return live.length ? 'DRAFT' : 'MISSING';
}

export function documentChecklist(input: ChecklistInput): ChecklistItem[] {
  const evidence = new Map<string, ChecklistEvidence[]>();
  const add = (ref: string, e: ChecklistEvidence) => evidence.set(ref, [...(evidence.get(ref) ?? []), e]);
  for (const l of input.links) {
    add(l.ref, {
      kind: 'CONTROLLED_DOCUMENT',
      id: l.documentId,
      title: l.title,
      status: l.status,
      nextReviewOn: l.nextReviewOn,
    });
  }
  for (const r of input.systemRecords) {
    add(r.mandatoryRef, {
      kind: 'SYSTEM_RECORD',
      id: r.id,
      title: r.title,
      status: r.status,
      nextReviewOn: r.nextReviewOn,
    });
  }
  const item = (base: Omit<ChecklistItem, 'status' | 'evidence'>): ChecklistItem => {
    const found = evidence.get(base.ref) ?? [];
    const counted = [...found, ...(input.statusOnly?.get(base.ref) ?? [])];
    return { ...base, status: checklistStatus(counted, input.today), evidence: found };
  };
  const clauseItem = (d: (typeof MANDATORY_DOCUMENTS)[number]) =>
    item({
      ref: d.ref,
      kind: d.recommended ? 'RECOMMENDED' : 'MANDATORY',
      title: d.title,
      clause: d.clause,
      documentKind: d.kind,
      inGuide: d.inGuide,
      controls: [],
    });
  const applicable = new Set(input.applicableControls);
  return [
    ...MANDATORY_DOCUMENTS.filter((d) => !d.recommended).map(clauseItem),
    ...ANNEX_A_IMPLIED_DOCUMENTS.flatMap((d) => {
      const controls = d.controls.filter((c) => applicable.has(c));
      return controls.length
        ? [
            item({
              ref: d.ref,
              kind: 'ANNEX_A',
              title: d.title,
              clause: null,
              documentKind: null,
              inGuide: false,
              controls,
            }),
          ]
        : [];
    }),
    ...MANDATORY_DOCUMENTS.filter((d) => d.recommended).map(clauseItem),
  ];
}
