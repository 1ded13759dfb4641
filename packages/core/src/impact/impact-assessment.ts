// AI impact assessment (6.1.4, A.5): the effects of one AI system on people and
// society across the seven dimensions of the guide, with the EU AI Act class.
// Draft → in review → approved; an approved revision is never edited, a new
// revision supersedes it when that one is approved.
import * as z from 'zod';
import { IMPACT_DIMENSIONS, type ImpactDimension } from '../annex-a/suggestions';
import { multiLine, singleLine } from '../shared/validation';

export const EU_AI_ACT_CLASSES = ['PROHIBITED', 'HIGH', 'LIMITED', 'MINIMAL'] as const;
export type EuAiActClass = (typeof EU_AI_ACT_CLASSES)[number];

export const ASSESSMENT_STATUSES = ['DRAFT', 'IN_REVIEW', 'APPROVED', 'SUPERSEDED'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export interface DimensionAssessment {
  dimension: ImpactDimension;
  /** 1 (negligible) … 5 (severe). */
  severity: number;
  /** 1 (rare) … 5 (almost certain). */
  likelihood: number;
  affectedGroups: string[];
  existingMitigations: string[];
  plannedMitigations: string[];
  notes: string | null;
}

export interface ImpactAssessment {
  id: string;
  tenantId: string;
  aiSystemId: string;
  revision: number;
  status: AssessmentStatus;
  dimensions: DimensionAssessment[];
  euAiActClass: EuAiActClass | null;
  euAiActReasons: string[];
  submittedBy: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  reviewComment: string | null;
  supersededBy: string | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

// Bounded so the worst case (every field full of 3-byte characters) stays under the item budget.
const list = z.array(singleLine(200).min(1)).max(10);

export const dimensionInput = z.object({
  dimension: z.enum(IMPACT_DIMENSIONS),
  severity: z.number().int().min(1, '1–5').max(5, '1–5'),
  likelihood: z.number().int().min(1, '1–5').max(5, '1–5'),
  affectedGroups: list.nullish(),
  existingMitigations: list.nullish(),
  plannedMitigations: list.nullish(),
  notes: multiLine(800).nullish(),
});

export const editAssessmentInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  dimensions: z
    .array(dimensionInput)
    .max(IMPACT_DIMENSIONS.length)
    .refine((ds) => new Set(ds.map((d) => d.dimension)).size === ds.length, 'each dimension at most once')
    .optional(),
  euAiActClass: z.enum(EU_AI_ACT_CLASSES).nullish(),
  euAiActReasons: z.array(multiLine(500).min(3)).max(10).optional(),
});

/** High-risk systems under the EU AI Act also need a fundamental-rights impact assessment. */
export function needsFundamentalRightsAssessment(a: Pick<ImpactAssessment, 'euAiActClass'>): boolean {
  return a.euAiActClass === 'HIGH';
}

/** A dimension counts as a finding when its severity or severity × likelihood is material. */
export function isFinding(d: DimensionAssessment): boolean {
  return d.severity >= 4 || d.severity * d.likelihood >= 9;
}

/** What still stops a draft from going to review. */
export function readinessForReview(a: ImpactAssessment): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const missing = IMPACT_DIMENSIONS.filter((d) => !a.dimensions.some((x) => x.dimension === d));
  if (missing.length)
    problems.push({ path: ['dimensions'], message: `assess every dimension; missing ${missing.join(', ')}` });
  if (!a.euAiActClass)
    problems.push({ path: ['euAiActClass'], message: 'classify the system under the EU AI Act' });
  if (!a.euAiActReasons.length)
    problems.push({ path: ['euAiActReasons'], message: 'record why the class applies' });
  return problems;
}
