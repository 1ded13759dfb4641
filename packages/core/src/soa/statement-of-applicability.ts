// The Statement of Applicability (Clause 6.1.3 d): one entry per Annex A control,
// and one per custom control in the "controls additional to Annex A" section, with the decision, its justification (required both ways), implementation
// status, owner, linked risks and evidence. The working copy is edited under a
// version; approving it freezes a numbered, immutable SoA version.
import * as z from 'zod';
import { ANNEX_A_CONTROLS, CATALOGUE_VERSION, isControlId } from '../annex-a/catalogue';
import type { ControlRef, CustomControl } from '../controls/custom-control';
import { multiLine, singleLine } from '../shared/validation';
import { FINDING_CODES, type SoaFindingCode } from './finding';

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

export type SoaSection = 'ANNEX_A' | 'ADDITIONAL';

/** Annex A entries first, then the controls additional to Annex A (6.1.3). */
export const sectionOf = (controlRef: string): SoaSection =>
  isControlId(controlRef) ? 'ANNEX_A' : 'ADDITIONAL';

export interface SoaEntry {
  tenantId: string;
  /** The entry's key: an Annex A id or a custom control's ref. */
  controlId: ControlRef;
  /** null until someone decides. */
  applicable: boolean | null;
  justification: string | null;
  reasons: SoaReason[];
  implementationStatus: ImplementationStatus;
  ownerId: string | null;
  linkedRiskIds: string[];
  evidenceRefs: string[];
  /** C3: the standard's title as the tenant's licence allows them to show it; never shipped, empty by default. */
  officialTitle: string | null;
  /** Each entry is versioned on its own: editing different controls never conflicts. 0 = never edited. */
  version: number;
  updatedAt: string | null;
}

/** The working SoA: every control's entry, plus the head that counts edits and names the approved version. */
export interface StatementOfApplicability {
  tenantId: string;
  catalogueVersion: string;
  /** Annex A entries in catalogue order, then additional ones by ref. */
  entries: SoaEntry[];
  /** The live custom controls the additional entries name, by ref. */
  customControls: ReadonlyMap<string, CustomControl>;
  /** Edits so far: approval names the state it approves by this number. */
  version: number;
  /** Number of the latest approved (frozen) version, if any. */
  approvedVersion: number | null;
  updatedAt: string;
}

export interface SoaHead {
  tenantId: string;
  version: number;
  approvedVersion: number | null;
  updatedAt: string;
}

export interface ApprovedSoaHead {
  tenantId: string;
  number: number;
  catalogueVersion: string;
  approvedBy: string;
  approvedAt: string;
  /** The SoA edit state and the risk register state it was approved against. */
  soaVersion: number;
  riskRegisterChangedAt: string | null;
  /** S7: the approved risk methodology in force and the open risks counted at approval (null: approved before S7). */
  methodologyVersion: number | null;
  openRiskCount: number | null;
  /** The committee's waivers of HIGH findings that were open at approval. */
  waivers: SoaWaiver[];
}

/** A committee decision to approve despite one HIGH finding, kept with the approved version. */
export interface SoaWaiver {
  code: SoaFindingCode;
  controlId: string | null;
  riskId: string | null;
  reason: string;
  /** The approver, who held an active committee appointment when approving. */
  grantedBy: string;
}

/** A custom control as it stood when an SoA version was approved. */
export type FrozenCustomControl = Pick<
  CustomControl,
  'ref' | 'title' | 'description' | 'source' | 'mappedAnnexA'
>;

export interface FrozenSoaEntry extends SoaEntry {
  /** Additional entries keep their control as approved; null for Annex A entries. */
  customControl: FrozenCustomControl | null;
}

export interface ApprovedSoa extends ApprovedSoaHead {
  entries: FrozenSoaEntry[];
}

export function blankEntry(tenantId: string, controlId: ControlRef): SoaEntry {
  return {
    tenantId,
    controlId,
    applicable: null,
    justification: null,
    reasons: [],
    implementationStatus: 'NOT_STARTED',
    ownerId: null,
    linkedRiskIds: [],
    evidenceRefs: [],
    officialTitle: null,
    version: 0,
    updatedAt: null,
  };
}

export function blankSoa(tenantId: string, now: string): StatementOfApplicability {
  return {
    tenantId,
    catalogueVersion: CATALOGUE_VERSION,
    entries: ANNEX_A_CONTROLS.map((c) => blankEntry(tenantId, c.id)),
    customControls: new Map(),
    version: 0,
    approvedVersion: null,
    updatedAt: now,
  };
}

export const approveSoaInput = z.object({
  expectedVersion: z.number().int().min(0),
  waivers: z
    .array(
      z.object({
        code: z.enum(FINDING_CODES),
        controlId: z.string().min(1).max(40).nullish(),
        riskId: z.string().min(1).max(128).nullish(),
        reason: multiLine(2000).min(10, 'give the reason for the waiver in at least 10 characters'),
      }),
    )
    .max(100)
    .optional(),
});
export type ApproveSoaInput = z.infer<typeof approveSoaInput>;

export const updateSoaEntryInput = z.object({
  controlId: z.string().min(1).max(40),
  expectedVersion: z.number().int().min(0),
  applicable: z.boolean().nullish(),
  justification: multiLine(4000).min(10, 'justify the decision in at least 10 characters').nullish(),
  reasons: z.array(z.enum(SOA_REASONS)).max(SOA_REASONS.length).optional(),
  implementationStatus: z.enum(IMPLEMENTATION_STATUSES).optional(),
  ownerId: z.string().min(1).nullish(),
  linkedRiskIds: z.array(z.string().min(1)).max(100).optional(),
  evidenceRefs: z.array(singleLine(300).min(1)).max(50).optional(),
  officialTitle: singleLine(300).min(1).nullish(),
});
