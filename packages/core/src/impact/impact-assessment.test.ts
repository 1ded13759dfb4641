import { describe, expect, it } from 'vitest';
import { IMPACT_DIMENSIONS } from '../annex-a/suggestions';
import { byteSize, ENTITY_MAX_BYTES } from '../shared/item-budget';
import {
  type EuAiActProfile,
  friaRequired,
  type ImpactAssessment,
  isFinding,
  needsFundamentalRightsAssessment,
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
  euAiActProfile: null,
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

const dim = (dimension: (typeof IMPACT_DIMENSIONS)[number], severity: number, likelihood: number) => ({
  dimension,
  severity,
  likelihood,
  affectedGroups: [],
  existingMitigations: [],
  plannedMitigations: [] as string[],
  notes: null,
  noRiskJustification: null as string | null,
});

const profile = (extra: Partial<EuAiActProfile>): EuAiActProfile => ({
  operatorRole: 'DEPLOYER',
  highRiskBasis: 'ANNEX_III',
  annexIIIPoint: '5(b)',
  publicBodyOrPublicService: false,
  ...extra,
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
      dimensions: IMPACT_DIMENSIONS.map((d) => dim(d, 1, 1)),
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
      dimensions: IMPACT_DIMENSIONS.map((dimension) => ({
        dimension,
        severity: 5,
        likelihood: 5,
        affectedGroups: Array(10).fill(w(200)),
        existingMitigations: Array(10).fill(w(200)),
        plannedMitigations: Array(10).fill(w(200)),
        notes: w(800),
        noRiskJustification: w(300),
      })),
      euAiActClass: 'HIGH',
      euAiActReasons: Array(10).fill(w(500)),
      euAiActProfile: profile({ annexIIIPoint: '5(b)' }),
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
    const { euAiActProfile, intendedUse, foreseeableMisuse, deploymentContext, ...old } = draft({
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
    expect(parsed).toMatchObject({ euAiActProfile: null, intendedUse: null, jurisdictions: [] });
    expect(parsed.dimensions[0]?.noRiskJustification).toBeNull();
  });

  it('I1: the next reassessment defaults to twelve months after approval', () => {
    expect(twelveMonthsAfter('2026-03-01T10:00:00.000Z')).toBe('2027-03-01');
  });

  it('I6: §3.4 cases of Art. 27 (provider 5(b), deployer bank 5(b), public-body deployer on Annex III 2)', () => {
    expect(friaRequired(profile({ operatorRole: 'PROVIDER', annexIIIPoint: '5(b)' }))).toBe(false);
    expect(friaRequired(profile({ operatorRole: 'DEPLOYER', annexIIIPoint: '5(b)' }))).toBe(true);
    expect(
      friaRequired(
        profile({ operatorRole: 'DEPLOYER', annexIIIPoint: '2', publicBodyOrPublicService: true }),
      ),
    ).toBe(false);
  });

  it('I6: public-service deployers of other Annex III points need one; Annex I, 5(a) private deployers and HIGH alone do not', () => {
    expect(friaRequired(profile({ annexIIIPoint: '4', publicBodyOrPublicService: true }))).toBe(true);
    expect(friaRequired(profile({ annexIIIPoint: '5(c)' }))).toBe(true);
    expect(friaRequired(profile({ annexIIIPoint: '5(a)' }))).toBe(false);
    expect(
      friaRequired(
        profile({ highRiskBasis: 'ANNEX_I', annexIIIPoint: null, publicBodyOrPublicService: true }),
      ),
    ).toBe(false);
    expect(friaRequired(null)).toBe(false);
    expect(needsFundamentalRightsAssessment(draft({ euAiActClass: 'HIGH' }))).toBe(false);
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
});
