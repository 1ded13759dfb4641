// A treatment plan action and the plan's head, apart from their rules so the
// storage declarations can name them.
export type ActionStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'DONE' | 'OVERDUE' | 'CANCELLED';

export const EFFECTIVENESS_RESULTS = ['EFFECTIVE', 'NOT_EFFECTIVE'] as const;
export type EffectivenessResult = (typeof EFFECTIVENESS_RESULTS)[number];

/** 8.3: how and when the action's effect is verified, and the verdict once it is. */
export interface EffectivenessCheck {
  method: string;
  /** YYYY-MM-DD */
  dueOn: string;
  result: EffectivenessResult | null;
  by: string | null;
  at: string | null;
  notes: string | null;
}

export interface ActionCancellation {
  reason: string;
  by: string;
  at: string;
}

export interface TreatmentAction {
  id: string;
  tenantId: string;
  title: string;
  riskId: string | null;
  /** An Annex A control id or a custom control ref. */
  controlId: string | null;
  ownerId: string;
  dueDate: string;
  progress: number;
  completedAt: string | null;
  /** People, budget and tools the action needs. */
  resources: string | null;
  cancellation: ActionCancellation | null;
  effectivenessCheck: EffectivenessCheck | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const PLAN_STATUSES = ['DRAFT', 'APPROVED', 'SUPERSEDED'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** The plan head: `version` counts action edits (ADD), so approval can name the state it approved. */
export interface TreatmentPlanHead {
  tenantId: string;
  version: number;
  /** The latest approved plan number, null before the first approval. */
  approvedNumber: number | null;
  /** The head version the latest approval left: equal to `version` while nothing changed since. */
  approvedAtVersion: number | null;
  updatedAt: string;
}

export interface PlanApproval {
  by: string;
  /** The appointment that gave the approver the authority (6.1.3). */
  appointmentKind: 'COMMITTEE_CHAIR' | 'COMMITTEE_MEMBER' | 'TOP_MANAGEMENT';
  at: string;
  comment: string | null;
}

/** An approved plan version, frozen: the actions at the versions approved. */
export interface ApprovedTreatmentPlan {
  tenantId: string;
  number: number;
  /** The head version approved. */
  planVersion: number;
  approval: PlanApproval;
  actions: { id: string; version: number }[];
}
