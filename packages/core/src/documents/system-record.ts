// The shape of a system record (§3.6.4): an artefact the product holds, shown
// in the document register without being copied. Kept apart from the registry
// so that each module can write its own source without an import cycle.
import type { TenantStore } from '../shared/store';
import type { DocumentType, EntityRef } from './controlled-document';

/** DRAFT…OBSOLETE as for documents; RECORDED: a retained record (R) that needs no approval. */
export const SYSTEM_RECORD_STATUSES = ['DRAFT', 'IN_REVIEW', 'APPROVED', 'OBSOLETE', 'RECORDED'] as const;
export type SystemRecordStatus = (typeof SYSTEM_RECORD_STATUSES)[number];

export interface SystemRecord {
  /** `<source id>:<entity id>`, stable across reads. */
  id: string;
  sourceId: string;
  mandatoryRef: string;
  title: string;
  type: DocumentType;
  status: SystemRecordStatus;
  /** The artefact's own version label (methodology v3, SoA 2, revision 4). */
  revision: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  nextReviewOn: string | null;
  entityRef: EntityRef;
  /** When the artefact last changed, where known. */
  updatedAt: string | null;
}

export interface SystemRecordSource {
  /** Stable id, e.g. `risk-methodology`. */
  id: string;
  /** The §3.13 item its records satisfy. */
  mandatoryRef: string;
  title: string;
  type: DocumentType;
  /** Its records, from a few bounded key reads (never a Scan, never a whole register). */
  records(store: TenantStore): Promise<SystemRecord[]>;
}

type Fields = Omit<SystemRecord, 'id' | 'sourceId' | 'mandatoryRef' | 'type'>;
export const recordOf = (source: SystemRecordSource, fields: Fields): SystemRecord => ({
  id: `${source.id}:${fields.entityRef.entityId}`,
  sourceId: source.id,
  mandatoryRef: source.mandatoryRef,
  type: source.type,
  ...fields,
});
