// AI impact assessment (6.1.4, A.5): the effects of one AI system on people and
// society across the guide's seven dimensions and Annex B.5's further areas,
// with the EU AI Act class (the operator profile lives on the AI system, I9).
// Draft → in review → approved; an approved revision is never edited, a new
// revision supersedes it when that one is approved.
import * as z from 'zod';
import { IMPACT_DIMENSIONS, type ImpactDimension } from '../annex-a/suggestions';
import type { RiskMethodology } from '../risk/methodology';
import { multiLine, singleLine } from '../shared/validation';

/**
 * I2: the guide's seven dimensions plus the areas of the informative Annex B.5
 * (safety and health, human rights, accessibility) and accountability. The
 * guide's seven are a minimum: a tenant may ask for those only.
 */
export const ASSESSMENT_DIMENSIONS = [
  ...IMPACT_DIMENSIONS,
  'SAFETY_HEALTH',
  'HUMAN_RIGHTS',
  'ACCESSIBILITY',
  'ACCOUNTABILITY',
] as const;
export type AssessmentDimension = (typeof ASSESSMENT_DIMENSIONS)[number];

/** Which dimensions a revision must assess: set per tenant, copied onto each revision when it starts. */
export const DIMENSION_SETS = ['ALL', 'GUIDE_SEVEN'] as const;
export type DimensionSet = (typeof DIMENSION_SETS)[number];

export function requiredDimensions(set: DimensionSet): readonly AssessmentDimension[] {
  return set === 'GUIDE_SEVEN' ? IMPACT_DIMENSIONS : ASSESSMENT_DIMENSIONS;
}

export const isGuideDimension = (d: AssessmentDimension): d is ImpactDimension =>
  (IMPACT_DIMENSIONS as readonly string[]).includes(d);

/**
 * I4: the scales and acceptance threshold findings are judged on, copied from
 * the tenant's approved risk methodology when the draft is edited, so an
 * approved revision keeps the criteria it was judged by.
 */
export interface FindingCriteria {
  maxSeverity: number;
  maxLikelihood: number;
  acceptanceThreshold: number;
  /** Null for revisions written before I4 (judged on the former fixed 5×5, threshold 8). */
  methodologyVersion: number | null;
}

export const LEGACY_FINDING_CRITERIA: FindingCriteria = {
  maxSeverity: 5,
  maxLikelihood: 5,
  acceptanceThreshold: 8,
  methodologyVersion: null,
};

export function findingCriteriaOf(m: RiskMethodology): FindingCriteria {
  return {
    maxSeverity: Math.max(...m.impactScale.map((l) => l.level)),
    maxLikelihood: Math.max(...m.likelihoodScale.map((l) => l.level)),
    acceptanceThreshold: m.acceptanceThreshold,
    methodologyVersion: m.version,
  };
}

export const EU_AI_ACT_CLASSES = ['PROHIBITED', 'HIGH', 'LIMITED', 'MINIMAL'] as const;
export type EuAiActClass = (typeof EU_AI_ACT_CLASSES)[number];

export const ASSESSMENT_STATUSES = ['DRAFT', 'IN_REVIEW', 'APPROVED', 'SUPERSEDED'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export interface DimensionAssessment {
  dimension: AssessmentDimension;
  /** 1 … the top level of the methodology's impact scale. */
  severity: number;
  /** 1 … the top level of the methodology's likelihood scale. */
  likelihood: number;
  affectedGroups: string[];
  existingMitigations: string[];
  plannedMitigations: string[];
  notes: string | null;
  /** Why a finding is handled by its planned mitigations without raising a risk (I3). */
  noRiskJustification: string | null;
}

export interface Participant {
  name: string;
  role: string;
  stakeholderGroup: string;
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
  /** I2: the dimension set this revision must assess. */
  dimensionSet: DimensionSet;
  /** I4: what a finding is on this revision. */
  findingCriteria: FindingCriteria;
  /** What the system is for, as deployed (6.1.4). */
  intendedUse: string | null;
  foreseeableMisuse: string[];
  deploymentContext: { technical: string; societal: string } | null;
  jurisdictions: string[];
  participants: Participant[];
  positiveImpacts: string[];
  /** YYYY-MM-DD; set to twelve months after approval unless given. */
  nextReassessmentOn: string | null;
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
// Eleven dimensions (I2) at these bounds keep the worst case under the item budget.
const list = z.array(singleLine(120).min(1)).max(8);

export const dimensionInput = z.object({
  dimension: z.enum(ASSESSMENT_DIMENSIONS),
  // The upper bound is the tenant methodology's scale, checked against it in the use case.
  severity: z.number().int().min(1, 'at least 1'),
  likelihood: z.number().int().min(1, 'at least 1'),
  affectedGroups: list.nullish(),
  existingMitigations: list.nullish(),
  plannedMitigations: list.nullish(),
  notes: multiLine(800).nullish(),
  noRiskJustification: multiLine(300).min(10, 'at least 10 characters').nullish(),
});

const shortList = (max: number, length: number) => z.array(singleLine(length).min(1)).max(max);
const participantInput = z.object({
  name: singleLine(60).min(1),
  role: singleLine(60).min(1),
  stakeholderGroup: singleLine(60).min(1),
});

export const editAssessmentInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  dimensions: z
    .array(dimensionInput)
    .max(ASSESSMENT_DIMENSIONS.length)
    .refine((ds) => new Set(ds.map((d) => d.dimension)).size === ds.length, 'each dimension at most once')
    .optional(),
  euAiActClass: z.enum(EU_AI_ACT_CLASSES).nullish(),
  euAiActReasons: z.array(multiLine(500).min(3)).max(10).optional(),
  intendedUse: multiLine(600).min(1).nullish(),
  foreseeableMisuse: shortList(5, 160).optional(),
  deploymentContext: z
    .object({ technical: multiLine(500).min(1), societal: multiLine(500).min(1) })
    .nullish(),
  jurisdictions: shortList(10, 40).optional(),
  participants: z.array(participantInput).max(8).optional(),
  positiveImpacts: shortList(5, 160).optional(),
  nextReassessmentOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(d)), 'not a date')
    .nullish(),
});

/** Findings with neither a linked risk nor planned mitigations and a reason not to raise one (I3). */
export function unhandledFindings(
  a: Pick<ImpactAssessment, 'dimensions' | 'findingCriteria'>,
  linkedDimensions: Set<string>,
) {
  return a.dimensions.filter(
    (d) =>
      isFinding(d, a.findingCriteria) &&
      !linkedDimensions.has(d.dimension) &&
      !(d.plannedMitigations.length > 0 && d.noRiskJustification),
  );
}

/** Twelve months after the given instant, as YYYY-MM-DD. */
export function twelveMonthsAfter(iso: string): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * I4: a dimension is a finding when severity × likelihood is above the tenant's
 * acceptance threshold (it could not be accepted without sign-off), or when its
 * severity is in the top two levels of the impact scale, however unlikely.
 */
export function isFinding(
  d: Pick<DimensionAssessment, 'severity' | 'likelihood'>,
  criteria: FindingCriteria = LEGACY_FINDING_CRITERIA,
): boolean {
  return d.severity >= criteria.maxSeverity - 1 || d.severity * d.likelihood > criteria.acceptanceThreshold;
}

export type JudgedDimension = DimensionAssessment & { finding: boolean };

export function judgedDimensions(
  a: Pick<ImpactAssessment, 'dimensions' | 'findingCriteria'>,
): JudgedDimension[] {
  return a.dimensions.map((d) => ({ ...d, finding: isFinding(d, a.findingCriteria) }));
}

/** Ratings outside the criteria's scales, as field errors under `path`. */
export function outOfScale(
  dimensions: readonly Pick<DimensionAssessment, 'severity' | 'likelihood'>[],
  criteria: FindingCriteria,
  path: (string | number)[],
): { path: (string | number)[]; message: string }[] {
  return dimensions.flatMap((d, i) => [
    ...(d.severity > criteria.maxSeverity
      ? [
          {
            path: [...path, i, 'severity'],
            message: `1–${criteria.maxSeverity} on the risk methodology's impact scale`,
          },
        ]
      : []),
    ...(d.likelihood > criteria.maxLikelihood
      ? [
          {
            path: [...path, i, 'likelihood'],
            message: `1–${criteria.maxLikelihood} on the risk methodology's likelihood scale`,
          },
        ]
      : []),
  ]);
}

/** What still stops a draft from going to review. */
export function readinessForReview(a: ImpactAssessment): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const missing = requiredDimensions(a.dimensionSet).filter(
    (d) => !a.dimensions.some((x) => x.dimension === d),
  );
  if (missing.length)
    problems.push({ path: ['dimensions'], message: `assess every dimension; missing ${missing.join(', ')}` });
  if (!a.euAiActClass)
    problems.push({ path: ['euAiActClass'], message: 'classify the system under the EU AI Act' });
  if (!a.euAiActReasons.length)
    problems.push({ path: ['euAiActReasons'], message: 'record why the class applies' });
  if (!a.intendedUse) problems.push({ path: ['intendedUse'], message: 'describe the intended use' });
  if (!a.foreseeableMisuse.length)
    problems.push({
      path: ['foreseeableMisuse'],
      message: 'name at least one reasonably foreseeable misuse',
    });
  if (!a.deploymentContext)
    problems.push({
      path: ['deploymentContext'],
      message: 'describe the technical and societal deployment context',
    });
  if (!a.jurisdictions.length)
    problems.push({ path: ['jurisdictions'], message: 'name at least one applicable jurisdiction' });
  return problems;
}
