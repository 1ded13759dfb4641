// Re-assessment on significant change (8.2, 8.4; R14, I5): a change to what an
// AI system is for, the data it uses, its model or vendor, its stage or who it
// reaches opens one request per system and scope (IMPACT, RISK). Later changes
// append their triggers to the open request instead of opening another.
import * as z from 'zod';
import { multiLine } from '../shared/validation';

export const REASSESSMENT_SCOPES = ['IMPACT', 'RISK'] as const;
export type ReassessmentScope = (typeof REASSESSMENT_SCOPES)[number];

export const REASSESSMENT_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type ReassessmentStatus = (typeof REASSESSMENT_STATUSES)[number];

/** The §3.4 kinds of significant change, each from the AI-system fields that carry it. */
export const SIGNIFICANT_CHANGES = [
  'PURPOSE',
  'DATA',
  'MODEL_OR_VENDOR',
  'STAGE',
  'USER_POPULATION',
] as const;
export type SignificantChange = (typeof SIGNIFICANT_CHANGES)[number];

export const SIGNIFICANT_FIELDS: Record<SignificantChange, readonly string[]> = {
  PURPOSE: ['purpose', 'intendedUse'],
  DATA: ['dataProcessed'],
  MODEL_OR_VENDOR: ['provenance', 'vendor'],
  STAGE: ['lifecycleStage'],
  USER_POPULATION: ['affectedStakeholders'],
};

export interface ReassessmentTrigger {
  changes: SignificantChange[];
  /** The AI-system version the change produced. */
  systemVersion: number;
  changedBy: string;
  changedAt: string;
}

export interface ReassessmentRequest {
  id: string;
  tenantId: string;
  aiSystemId: string;
  scope: ReassessmentScope;
  status: ReassessmentStatus;
  /** Oldest first; capped at MAX_TRIGGERS, keeping the first and the latest ones. */
  triggers: ReassessmentTrigger[];
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  /** The approved impact-assessment revision that resolved an IMPACT request. */
  resolvedByAssessmentId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const MAX_TRIGGERS = 20;

/** Which significant changes separate two states of a system (compared field by field). */
export function significantChanges(before: object, after: object): SignificantChange[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return SIGNIFICANT_CHANGES.filter((kind) =>
    SIGNIFICANT_FIELDS[kind].some((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null)),
  );
}

export function appendTrigger(triggers: readonly ReassessmentTrigger[], t: ReassessmentTrigger) {
  const all = [...triggers, t];
  return all.length <= MAX_TRIGGERS
    ? all
    : [all[0] as ReassessmentTrigger, ...all.slice(-(MAX_TRIGGERS - 1))];
}

export const resolveRiskReassessmentInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  note: multiLine(2000).min(10, 'say what the risk re-assessment found (at least 10 characters)'),
});

export const reassessmentFilter = z
  .object({ status: z.enum(REASSESSMENT_STATUSES).nullish(), aiSystemId: z.string().min(1).nullish() })
  .nullish();
