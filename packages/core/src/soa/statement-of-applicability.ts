// The Statement of Applicability (Clause 6.1.3 d): one entry per Annex A control
// with the decision, its justification (required both ways), implementation
// status, owner, linked risks and evidence. The working copy is edited under a
// version; approving it freezes a numbered, immutable SoA version.
import * as z from 'zod';
import { ANNEX_A_CONTROLS, CATALOGUE_VERSION, type ControlId } from '../annex-a/catalogue';
import type { ChangeRecord } from '../audit/change-record';

export const SOA_REASONS = [
  'RISK_TREATMENT',
  'LEGAL_REGULATORY',
  'CONTRACTUAL',
  'BUSINESS',
  'NOT_RELEVANT_TO_SCOPE',
] as const;
export type SoaReason = (typeof SOA_REASONS)[number];

export const IMPLEMENTATION_STATUSES = [
  'NOT_STARTED',
  'PLANNED',
  'IMPLEMENTED',
  'OPERATING_EFFECTIVELY',
] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];

export interface SoaEntry {
  controlId: ControlId;
  /** null until someone decides. */
  applicable: boolean | null;
  justification: string | null;
  reasons: SoaReason[];
  implementationStatus: ImplementationStatus;
  ownerId: string | null;
  linkedRiskIds: string[];
  evidenceRefs: string[];
}

export interface StatementOfApplicability {
  tenantId: string;
  catalogueVersion: string;
  entries: SoaEntry[];
  /** Edit version of the working copy. */
  version: number;
  /** Number of the latest approved (frozen) version, if any. */
  approvedVersion: number | null;
  updatedAt: string;
}

export interface ApprovedSoa {
  tenantId: string;
  number: number;
  catalogueVersion: string;
  entries: SoaEntry[];
  approvedBy: string;
  approvedAt: string;
}

export interface SoaRepository {
  /** The working copy, or null before anyone touched it. */
  get(): Promise<StatementOfApplicability | null>;
  /** Creates (expectedVersion 0) or replaces the working copy under its version. */
  save(soa: StatementOfApplicability, expectedVersion: number, change: ChangeRecord): Promise<void>;
  /** Freezes an approved version and updates the working copy, in one transaction. */
  approve(
    approved: ApprovedSoa,
    working: StatementOfApplicability,
    expectedVersion: number,
    change: ChangeRecord,
  ): Promise<void>;
  getApproved(number: number): Promise<ApprovedSoa | null>;
  latestApproved(): Promise<ApprovedSoa | null>;
}

export function blankSoa(tenantId: string, now: string): StatementOfApplicability {
  return {
    tenantId,
    catalogueVersion: CATALOGUE_VERSION,
    entries: ANNEX_A_CONTROLS.map((c) => ({
      controlId: c.id,
      applicable: null,
      justification: null,
      reasons: [],
      implementationStatus: 'NOT_STARTED',
      ownerId: null,
      linkedRiskIds: [],
      evidenceRefs: [],
    })),
    version: 0,
    approvedVersion: null,
    updatedAt: now,
  };
}

export const updateSoaEntryInput = z.object({
  controlId: z.string().min(1),
  expectedVersion: z.number().int().min(0),
  applicable: z.boolean().nullish(),
  justification: z
    .string()
    .trim()
    .min(10, 'justify the decision in at least 10 characters')
    .max(4000)
    .nullish(),
  reasons: z.array(z.enum(SOA_REASONS)).max(SOA_REASONS.length).optional(),
  implementationStatus: z.enum(IMPLEMENTATION_STATUSES).optional(),
  ownerId: z.string().min(1).nullish(),
  linkedRiskIds: z.array(z.string().min(1)).max(200).optional(),
  evidenceRefs: z.array(z.string().trim().min(1).max(500)).max(100).optional(),
});
