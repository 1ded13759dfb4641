// A tenant's risk methodology (Clause 6.1.2): likelihood and impact scales with
// level definitions, impact rated per dimension and aggregated, score bands and
// the acceptance threshold. Versioned: risks keep the version they were scored
// with until someone re-scores them.
import * as z from 'zod';
import { RISK_CATEGORIES } from '../annex-a/suggestions';
import type { FieldError } from '../shared/errors';
import { ValidationError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';

export const IMPACT_AREAS = ['ORGANISATION', 'INDIVIDUALS', 'GROUPS', 'SOCIETY'] as const;
export type ImpactArea = (typeof IMPACT_AREAS)[number];

export const RISK_BANDS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** The guide's six AI risk categories; tenants may add their own. */
export const BUILT_IN_RISK_CATEGORIES = RISK_CATEGORIES;

export type ImpactAggregation = 'MAX' | 'MEAN';

/** Clause 6.1.2 d)1: consequences to individuals and societies must always be assessed. */
export const REQUIRED_IMPACT_AREAS = ['INDIVIDUALS', 'SOCIETY'] as const satisfies ImpactArea[];
/** Areas where harm falls on people: a severe rating there is never averaged away. */
export const PEOPLE_IMPACT_AREAS = ['INDIVIDUALS', 'GROUPS', 'SOCIETY'] as const satisfies ImpactArea[];
/** From this level on, harm to people sets a floor under a MEAN-aggregated impact. */
export const PEOPLE_HARM_FLOOR_LEVEL = 4;

/** DRAFT until approved by top management or the committee chair; the approved one it replaces is SUPERSEDED. */
export const METHODOLOGY_STATUSES = ['DRAFT', 'APPROVED', 'SUPERSEDED'] as const;
export type MethodologyStatus = (typeof METHODOLOGY_STATUSES)[number];

export interface ScaleLevel {
  level: number;
  label: string;
  definition: string;
}

export interface BandThreshold {
  band: RiskBand;
  /** Lowest score in the band; bands run up to the next band's minimum. */
  minScore: number;
}

export interface RiskMethodology {
  tenantId: string;
  version: number;
  likelihoodScale: ScaleLevel[];
  impactScale: ScaleLevel[];
  impactAreas: ImpactArea[];
  aggregation: ImpactAggregation;
  bands: BandThreshold[];
  /** Scores at or under this may be accepted without a risk-owner sign-off. */
  acceptanceThreshold: number;
  /** Built-in categories plus the tenant's own. */
  categories: string[];
  createdAt: string;
  createdBy: string;
  status: MethodologyStatus;
  approvedBy: string | null;
  approvedAt: string | null;
  /** Status changes so far, 1 at creation: the key of each status change record. */
  statusRevision: number;
}

/** An area's level, or why the area does not apply to this risk. */
export type ImpactRatingValue = number | { notApplicable: string };
export type ImpactRatings = Partial<Record<ImpactArea, ImpactRatingValue>>;
/** Areas marked not applicable, with the reason. */
export type NotApplicableAreas = Partial<Record<ImpactArea, string>>;

export interface RiskScore {
  likelihood: number;
  /** The rated areas' levels. */
  impacts: Partial<Record<ImpactArea, number>>;
  notApplicable: NotApplicableAreas;
  impact: number;
  score: number;
  band: RiskBand;
}

const level = (n: number, label: string, definition: string): ScaleLevel => ({ level: n, label, definition });

/** The default methodology, approved at tenant creation by the actor that created the tenant. */
export function defaultMethodology(tenantId: string, createdAt: string, createdBy: string): RiskMethodology {
  return {
    tenantId,
    version: 1,
    likelihoodScale: [
      level(1, 'Rare', 'Not expected in the life of the AI system; no known occurrence in similar systems.'),
      level(2, 'Unlikely', 'Could happen in unusual conditions, e.g. rare input patterns or misuse.'),
      level(3, 'Possible', 'Could happen in normal operation within a year; seen in comparable systems.'),
      level(4, 'Likely', 'Expected to happen within a year without further controls.'),
      level(5, 'Almost certain', 'Happening now or expected within months, e.g. measured drift or bias.'),
    ],
    impactScale: [
      level(1, 'Negligible', 'No lasting effect on people or the organisation; easily reversed.'),
      level(2, 'Minor', 'Limited, reversible harm to a few people or a small cost to the organisation.'),
      level(3, 'Moderate', 'Noticeable harm to individuals or groups, or a reportable compliance issue.'),
      level(4, 'Major', 'Serious harm to rights, safety or livelihoods, or regulatory action.'),
      level(
        5,
        'Severe',
        'Irreversible or widespread harm to people or society, or a threat to the organisation.',
      ),
    ],
    impactAreas: [...IMPACT_AREAS],
    aggregation: 'MAX',
    bands: [
      { band: 'LOW', minScore: 1 },
      { band: 'MEDIUM', minScore: 5 },
      { band: 'HIGH', minScore: 10 },
      { band: 'CRITICAL', minScore: 17 },
    ],
    acceptanceThreshold: 8,
    categories: [...BUILT_IN_RISK_CATEGORIES],
    createdAt,
    createdBy,
    status: 'APPROVED',
    approvedBy: createdBy,
    approvedAt: createdAt,
    statusRevision: 1,
  };
}

const scaleSchema = z
  .array(
    z.object({
      level: z.number().int(),
      label: singleLine(60).min(1),
      definition: multiLine(500).min(1, 'every level needs a definition'),
    }),
  )
  .min(3, 'at least 3 levels')
  .max(10, 'at most 10 levels');

export const methodologyInput = z.object({
  expectedVersion: z.number().int().min(1),
  likelihoodScale: scaleSchema,
  impactScale: scaleSchema,
  impactAreas: z
    .array(z.enum(IMPACT_AREAS))
    .min(1)
    .refine((areas) => REQUIRED_IMPACT_AREAS.every((a) => areas.includes(a)), {
      message: `must include ${REQUIRED_IMPACT_AREAS.join(' and ')} (6.1.2 d: consequences to individuals and societies)`,
    })
    .refine((areas) => new Set(areas).size === areas.length, { message: 'list each area once' }),
  aggregation: z.enum(['MAX', 'MEAN']),
  bands: z.array(z.object({ band: z.enum(RISK_BANDS), minScore: z.number().int().min(1) })).min(2),
  acceptanceThreshold: z.number().int().min(1),
  customCategories: z
    .array(
      z
        .string()
        .trim()
        .min(2)
        .max(60)
        .regex(/^[A-Z][A-Z0-9_]*$/, 'UPPER_SNAKE_CASE'),
    )
    .max(30),
});

/** Rules that span fields: contiguous scales, ordered bands within the score range, threshold in range. */
export function assertMethodologyConsistent(
  m: Pick<RiskMethodology, 'likelihoodScale' | 'impactScale' | 'bands' | 'acceptanceThreshold'>,
) {
  const errors: FieldError[] = [];
  for (const name of ['likelihoodScale', 'impactScale'] as const) {
    const levels = m[name].map((l) => l.level);
    if (levels.some((l, i) => l !== i + 1)) {
      errors.push({ path: ['input', name], message: 'levels must be numbered 1, 2, 3, … in order' });
    }
  }
  const maxScore = m.likelihoodScale.length * m.impactScale.length;
  const mins = m.bands.map((b) => b.minScore);
  if (mins[0] !== 1)
    errors.push({ path: ['input', 'bands', 0, 'minScore'], message: 'the lowest band must start at 1' });
  if (mins.some((v, i) => i > 0 && v <= (mins[i - 1] ?? 0))) {
    errors.push({ path: ['input', 'bands'], message: 'band minimums must strictly increase' });
  }
  if (mins.some((v) => v > maxScore))
    errors.push({ path: ['input', 'bands'], message: `minimums must be ≤ ${maxScore}` });
  const order = m.bands.map((b) => RISK_BANDS.indexOf(b.band));
  if (order.some((v, i) => i > 0 && v <= (order[i - 1] ?? -1))) {
    errors.push({
      path: ['input', 'bands'],
      message: 'bands must be listed from LOW towards CRITICAL, each once',
    });
  }
  if (m.acceptanceThreshold > maxScore) {
    errors.push({ path: ['input', 'acceptanceThreshold'], message: `must be at most ${maxScore}` });
  }
  if (errors.length) throw new ValidationError(errors);
}

export function bandFor(score: number, bands: readonly BandThreshold[]): RiskBand {
  let band = bands[0]?.band ?? 'LOW';
  for (const b of bands) if (score >= b.minScore) band = b.band;
  return band;
}

/** An impact rating of ≥ 10 characters explains why an area does not apply. */
export const NOT_APPLICABLE_REASON_MIN = 10;

/**
 * Combines per-area levels into one impact. MEAN never hides harm to people:
 * the highest INDIVIDUALS/GROUPS/SOCIETY level from PEOPLE_HARM_FLOOR_LEVEL on
 * is a floor under the mean (R3).
 */
export function aggregateImpact(
  aggregation: ImpactAggregation,
  levels: Partial<Record<ImpactArea, number>>,
): number {
  const rated = Object.values(levels).filter((v): v is number => typeof v === 'number');
  if (aggregation === 'MAX') return Math.max(...rated);
  const mean = Math.ceil(rated.reduce((a, b) => a + b, 0) / rated.length);
  const people = Math.max(0, ...PEOPLE_IMPACT_AREAS.map((a) => levels[a] ?? 0));
  return people >= PEOPLE_HARM_FLOOR_LEVEL ? Math.max(mean, people) : mean;
}

/**
 * Scores a likelihood and per-area impact ratings under a methodology. Every
 * area the methodology lists is rated or marked not applicable with a reason
 * (R2), so consequences for people are never skipped silently.
 */
export function scoreRisk(
  m: RiskMethodology,
  likelihood: number,
  impacts: ImpactRatings,
  path: (string | number)[] = ['input'],
): RiskScore {
  const errors: FieldError[] = [];
  if (!Number.isInteger(likelihood) || likelihood < 1 || likelihood > m.likelihoodScale.length) {
    errors.push({ path: [...path, 'likelihood'], message: `must be 1–${m.likelihoodScale.length}` });
  }
  const levels: Partial<Record<ImpactArea, number>> = {};
  const notApplicable: NotApplicableAreas = {};
  for (const [area, value] of Object.entries(impacts) as [ImpactArea, ImpactRatingValue | undefined][]) {
    if (value === undefined || value === null) continue;
    if (!m.impactAreas.includes(area)) {
      errors.push({ path: [...path, 'impacts', area], message: 'not an impact area of this methodology' });
    } else if (typeof value === 'object') {
      const reason = value.notApplicable.trim();
      if (reason.length < NOT_APPLICABLE_REASON_MIN) {
        errors.push({
          path: [...path, 'impacts', area],
          message: `explain why the area does not apply in at least ${NOT_APPLICABLE_REASON_MIN} characters`,
        });
      } else notApplicable[area] = reason;
    } else if (!Number.isInteger(value) || value < 1 || value > m.impactScale.length) {
      errors.push({ path: [...path, 'impacts', area], message: `must be 1–${m.impactScale.length}` });
    } else levels[area] = value;
  }
  const missing = m.impactAreas.filter((a) => impacts[a] === undefined || impacts[a] === null);
  if (missing.length) {
    errors.push({
      path: [...path, 'impacts'],
      message: `rate every area of the methodology or mark it NOT_APPLICABLE with a reason; missing: ${missing.join(', ')}`,
    });
  } else if (!Object.keys(levels).length && !errors.length) {
    errors.push({ path: [...path, 'impacts'], message: 'rate the impact on at least one area' });
  }
  if (errors.length) throw new ValidationError(errors);
  const impact = aggregateImpact(m.aggregation, levels);
  const score = likelihood * impact;
  return { likelihood, impacts: levels, notApplicable, impact, score, band: bandFor(score, m.bands) };
}

/** A stored score's ratings as input again: how a re-score keeps ratings that still fit. */
export function ratingsOf(s: Pick<RiskScore, 'impacts' | 'notApplicable'>): ImpactRatings {
  const out: ImpactRatings = { ...s.impacts };
  for (const [area, reason] of Object.entries(s.notApplicable) as [ImpactArea, string][]) {
    out[area] = { notApplicable: reason };
  }
  return out;
}

export const approveMethodologyInput = z.object({
  /** The draft to approve. */
  version: z.number().int().min(1),
  /** The approved version the draft was reviewed against; CONFLICT if another is in force by now. */
  expectedVersion: z.number().int().min(1).nullish(),
});
