import { describe, expect, it } from 'vitest';
import { IMPACT_DIMENSIONS } from '../annex-a/suggestions';
import { byteSize, ENTITY_MAX_BYTES } from '../shared/item-budget';
import {
  ASSESSMENT_DIMENSIONS,
  type FindingCriteria,
  type ImpactAssessment,
  isFinding,
  LEGACY_FINDING_CRITERIA,
  outOfScale,
  readinessForReview,
  twelveMonthsAfter,
  unhandledFindings,
} from './impact-assessment';
import { suggestedControls } from './manage-impact-assessments';
import { impactAssessmentSchema } from './model';

const draft = (extra: Partial<ImpactAssessment> = {}): ImpactAssessment => ({
  id: 'ia1',
  tenantId: 't1',
  aiSystemId: 's1',
  revision: 1,
  status: 'DRAFT',
  dimensions: [],
  euAiActClass: null,
  euAiActReasons: [],
  dimensionSet: 'ALL',
  findingCriteria: LEGACY_FINDING_CRITERIA,
  intendedUse: null,
  foreseeableMisuse: [],
  deploymentContext: null,
  jurisdictions: [],
  participants: [],
  positiveImpacts: [],
  nextReassessmentOn: null,
  submittedBy: null,
  submittedAt: null,
  approvedBy: null,
  approvedAt: null,
  reviewComment: null,
  supersededBy: null,
  version: 1,
  createdBy: 'u1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

const dim = (dimension: (typeof ASSESSMENT_DIMENSIONS)[number], severity: number, likelihood: number) => ({
  dimension,
  severity,
  likelihood,
  affectedGroups: [],
  existingMitigations: [],
  plannedMitigations: [] as string[],
  notes: null,
  noRiskJustification: null as string | null,
});

describe('impact assessment rules', () => {
  it('I1: is ready for review only with every dimension, a class, reasons and the 6.1.4 context', () => {
    expect(readinessForReview(draft()).map((p) => p.path[0])).toEqual([
      'dimensions',
      'euAiActClass',
      'euAiActReasons',
      'intendedUse',
      'foreseeableMisuse',
      'deploymentContext',
      'jurisdictions',
    ]);
    const complete = draft({
      dimensions: ASSESSMENT_DIMENSIONS.map((d) => dim(d, 1, 1)),
      euAiActClass: 'MINIMAL',
      euAiActReasons: ['Internal scheduling only'],
      intendedUse: 'Schedules shifts',
      foreseeableMisuse: ['Used to rate staff'],
      deploymentContext: { technical: 'SaaS', societal: 'Staff of one hospital' },
      jurisdictions: ['EU'],
    });
    expect(readinessForReview(complete)).toEqual([]);
  });

  it('I1: the worst-case assessment stays under the item budget', () => {
    const w = (n: number) => '€'.repeat(n);
    const full = draft({
      dimensions: ASSESSMENT_DIMENSIONS.map((dimension) => ({
        dimension,
        severity: 5,
        likelihood: 5,
        affectedGroups: Array(8).fill(w(120)),
        existingMitigations: Array(8).fill(w(120)),
        plannedMitigations: Array(8).fill(w(120)),
        notes: w(800),
        noRiskJustification: w(300),
      })),
      euAiActClass: 'HIGH',
      euAiActReasons: Array(10).fill(w(500)),
      intendedUse: w(600),
      foreseeableMisuse: Array(5).fill(w(160)),
      deploymentContext: { technical: w(500), societal: w(500) },
      jurisdictions: Array(10).fill(w(40)),
      participants: Array(8).fill({ name: w(60), role: w(60), stakeholderGroup: w(60) }),
      positiveImpacts: Array(5).fill(w(160)),
      nextReassessmentOn: '2027-01-01',
      reviewComment: null,
    });
    expect(byteSize(full)).toBeLessThan(ENTITY_MAX_BYTES);
  });

  it('I1: items stored before schema version 2 still parse, with empty new fields', () => {
    const { dimensionSet, findingCriteria, intendedUse, foreseeableMisuse, deploymentContext, ...old } =
      draft({
        dimensions: [dim('PRIVACY', 1, 1)],
      });
    const { noRiskJustification, ...oldDim } = dim('PRIVACY', 1, 1);
    const parsed = impactAssessmentSchema.parse({
      ...old,
      jurisdictions: undefined,
      participants: undefined,
      positiveImpacts: undefined,
      nextReassessmentOn: undefined,
      dimensions: [oldDim],
    });
    expect(parsed).toMatchObject({ intendedUse: null, jurisdictions: [] });
    // I2/I4: an old revision keeps the guide's seven and the fixed 5×5 criteria it was judged by.
    expect(parsed).toMatchObject({ dimensionSet: 'GUIDE_SEVEN', findingCriteria: LEGACY_FINDING_CRITERIA });
    expect(parsed).not.toHaveProperty('euAiActProfile');
    expect(parsed.dimensions[0]?.noRiskJustification).toBeNull();
  });

  it('I1: the next reassessment defaults to twelve months after approval', () => {
    expect(twelveMonthsAfter('2026-03-01T10:00:00.000Z')).toBe('2027-03-01');
  });

  it('I3: a finding is handled by a linked risk, or by planned mitigations with a justification', () => {
    const bare = dim('FAIRNESS', 5, 2);
    const mitigatedOnly = { ...dim('PRIVACY', 4, 1), plannedMitigations: ['Pseudonymise'] };
    const justified = {
      ...dim('TRANSPARENCY', 4, 1),
      plannedMitigations: ['Notice to patients'],
      noRiskJustification: 'Residual effect is low once the notice is live',
    };
    const minor = dim('ENVIRONMENTAL', 1, 1);
    const ia = draft({ dimensions: [bare, mitigatedOnly, justified, minor] });
    expect(unhandledFindings(ia, new Set()).map((d) => d.dimension)).toEqual(['FAIRNESS', 'PRIVACY']);
    expect(unhandledFindings(ia, new Set(['FAIRNESS'])).map((d) => d.dimension)).toEqual(['PRIVACY']);
  });

  it('treats severe or likely-and-serious dimensions as findings and suggests controls for them only', () => {
    expect(isFinding(dim('PRIVACY', 4, 1))).toBe(true);
    expect(isFinding(dim('PRIVACY', 3, 3))).toBe(true);
    expect(isFinding(dim('PRIVACY', 2, 4))).toBe(false);
    const ia = draft({ dimensions: [dim('FAIRNESS', 5, 2), dim('ENVIRONMENTAL', 1, 1)] });
    const suggested = suggestedControls(ia);
    expect(suggested.every((s) => s.dimensions.every((d) => d === 'FAIRNESS'))).toBe(true);
    expect(suggested.map((s) => s.controlId)).toContain('A.5.4');
  });

  it("I2: ALL asks for the eleven dimensions, GUIDE_SEVEN for the guide's seven only", () => {
    const seven = draft({
      dimensionSet: 'GUIDE_SEVEN',
      dimensions: IMPACT_DIMENSIONS.map((d) => dim(d, 1, 1)),
    });
    expect(readinessForReview(seven).some((p) => p.path[0] === 'dimensions')).toBe(false);
    const all = draft({ dimensionSet: 'ALL', dimensions: IMPACT_DIMENSIONS.map((d) => dim(d, 1, 1)) });
    expect(readinessForReview(all).find((p) => p.path[0] === 'dimensions')?.message).toBe(
      'assess every dimension; missing SAFETY_HEALTH, HUMAN_RIGHTS, ACCESSIBILITY, ACCOUNTABILITY',
    );
  });

  it('I2: findings on the added dimensions are handled like the others but suggest no Annex A rule of their own', () => {
    const ia = draft({ dimensions: [dim('HUMAN_RIGHTS', 5, 3)] });
    expect(unhandledFindings(ia, new Set()).map((d) => d.dimension)).toEqual(['HUMAN_RIGHTS']);
    expect(suggestedControls(ia)).toEqual([]);
  });

  it('I4: a 4×4 methodology with threshold 6 judges findings on its own scale', () => {
    const fourByFour: FindingCriteria = {
      maxSeverity: 4,
      maxLikelihood: 4,
      acceptanceThreshold: 6,
      methodologyVersion: 2,
    };
    expect(isFinding(dim('PRIVACY', 3, 1), fourByFour)).toBe(true); // top two levels of a 4-level scale
    expect(isFinding(dim('PRIVACY', 2, 4), fourByFour)).toBe(true); // 8 > 6
    expect(isFinding(dim('PRIVACY', 2, 3), fourByFour)).toBe(false); // 6 is acceptable
    expect(isFinding(dim('PRIVACY', 2, 4))).toBe(false); // the 5×5 threshold 8 does not flag 8
    expect(
      outOfScale([dim('PRIVACY', 5, 2), dim('FAIRNESS', 1, 5)], fourByFour, ['input', 'dimensions']),
    ).toEqual([
      { path: ['input', 'dimensions', 0, 'severity'], message: "1–4 on the risk methodology's impact scale" },
      {
        path: ['input', 'dimensions', 1, 'likelihood'],
        message: "1–4 on the risk methodology's likelihood scale",
      },
    ]);
  });
});
