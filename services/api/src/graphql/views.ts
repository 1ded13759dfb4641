// Parent shapes for GraphQL types that carry more than the core entity: nested
// resolvers need the tenant to go back through the membership gate.
import type {
  CustomControl,
  ImpactFindingLink,
  SoaEntry,
  SoaFinding,
  SoaWaiver,
  TreatmentAction,
  TreatmentPlanGap,
  TreatmentPlanState,
  TreatmentPlanSummary,
} from '@aims/core';

export interface ImpactFindingView extends ImpactFindingLink {
  tenantId: string;
}

export interface SoaEntryView extends SoaEntry {
  /** Entries of an approved SoA: links were frozen at approval and are not re-derived. */
  frozen: boolean;
  /** An additional entry's control (as approved, for a frozen entry); null for Annex A. */
  customControl: CustomControl | null;
}

export interface SoaFindingView extends SoaFinding {
  tenantId: string;
}

export interface SoaWaiverView extends SoaWaiver {
  tenantId: string;
}

/** A plan's actions, filtered and ordered; `actions(first, after)` pages them under the plan's listing. */
export interface TreatmentPlanView extends TreatmentPlanState {
  actions: TreatmentAction[];
  summary: TreatmentPlanSummary;
  tenantId: string;
  /** The cursor scope: the plan's filter, so a cursor is not replayed against another filter. */
  listing: string;
}

/** An action of an approved plan: the version approved, and the action as it is now. */
export interface ApprovedPlanActionView {
  id: string;
  approvedVersion: number;
  action: TreatmentAction | null;
}

export interface TreatmentPlanGapView extends TreatmentPlanGap {
  tenantId: string;
}
