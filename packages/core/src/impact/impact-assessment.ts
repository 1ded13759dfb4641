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
  /** Why a finding is handled by its planned mitigations without raising a risk (I3). */
  noRiskJustification: string | null;
}

export const OPERATOR_ROLES = [
  'PROVIDER',
  'DEPLOYER',
  'IMPORTER',
  'DISTRIBUTOR',
  'AUTHORISED_REPRESENTATIVE',
  'PRODUCT_MANUFACTURER',
  'NONE',
] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const HIGH_RISK_BASES = ['ANNEX_I', 'ANNEX_III'] as const;
export type HighRiskBasis = (typeof HIGH_RISK_BASES)[number];

/**
 * The organisation's position under the EU AI Act for this system. Kept on the
 * assessment revision for now (§3.4 puts it on the AI system; moving it is I9).
 */
export interface EuAiActProfile {
  operatorRole: OperatorRole;
  highRiskBasis: HighRiskBasis | null;
  /** Annex III point '1'…'8', with a sub-point such as '5(b)'. */
  annexIIIPoint: string | null;
  publicBodyOrPublicService: boolean;
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
  euAiActProfile: EuAiActProfile | null;
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
const list = z.array(singleLine(200).min(1)).max(10);

export const dimensionInput = z.object({
  dimension: z.enum(IMPACT_DIMENSIONS),
  severity: z.number().int().min(1, '1–5').max(5, '1–5'),
  likelihood: z.number().int().min(1, '1–5').max(5, '1–5'),
  affectedGroups: list.nullish(),
  existingMitigations: list.nullish(),
  plannedMitigations: list.nullish(),
  notes: multiLine(800).nullish(),
  noRiskJustification: multiLine(300).min(10, 'at least 10 characters').nullish(),
});

export const ANNEX_III_POINT = /^[1-8](\([a-z]\))?$/;

export const euAiActProfileInput = z
  .object({
    operatorRole: z.enum(OPERATOR_ROLES),
    highRiskBasis: z.enum(HIGH_RISK_BASES).nullish(),
    annexIIIPoint: z.string().regex(ANNEX_III_POINT, "an Annex III point '1'…'8', e.g. '5(b)'").nullish(),
    publicBodyOrPublicService: z.boolean(),
  })
  .refine((p) => !p.annexIIIPoint || p.highRiskBasis === 'ANNEX_III', {
    path: ['annexIIIPoint'],
    message: 'only for an Annex III high-risk basis',
  })
  .refine((p) => p.highRiskBasis !== 'ANNEX_III' || !!p.annexIIIPoint, {
    path: ['annexIIIPoint'],
    message: 'name the Annex III point',
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
    .max(IMPACT_DIMENSIONS.length)
    .refine((ds) => new Set(ds.map((d) => d.dimension)).size === ds.length, 'each dimension at most once')
    .optional(),
  euAiActClass: z.enum(EU_AI_ACT_CLASSES).nullish(),
  euAiActReasons: z.array(multiLine(500).min(3)).max(10).optional(),
  euAiActProfile: euAiActProfileInput.nullish(),
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

/**
 * Art. 27 EU AI Act, indicative only: a fundamental-rights impact assessment
 * falls on deployers of Annex III high-risk systems (point 2, critical
 * infrastructure, excluded) that are public bodies or provide public services,
 * and on any deployer of an Annex III 5(b) (creditworthiness) or 5(c)
 * (life and health insurance pricing) system. Providers and Annex I product
 * systems are not covered.
 */
export function friaRequired(profile: EuAiActProfile | null | undefined): boolean {
  if (!profile) return false;
  const point = profile.annexIIIPoint;
  return (
    profile.operatorRole === 'DEPLOYER' &&
    profile.highRiskBasis === 'ANNEX_III' &&
    !!point &&
    point !== '2' &&
    !point.startsWith('2(') &&
    (profile.publicBodyOrPublicService || point === '5(b)' || point === '5(c)')
  );
}

/** Art. 27 on the assessment's EU AI Act profile (see friaRequired). */
export function needsFundamentalRightsAssessment(a: Pick<ImpactAssessment, 'euAiActProfile'>): boolean {
  return friaRequired(a.euAiActProfile);
}

/** Findings with neither a linked risk nor planned mitigations and a reason not to raise one (I3). */
export function unhandledFindings(a: Pick<ImpactAssessment, 'dimensions'>, linkedDimensions: Set<string>) {
  return a.dimensions.filter(
    (d) =>
      isFinding(d) &&
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
