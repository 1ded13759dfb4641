import { describe, expect, it } from 'vitest';
import { IMPACT_DIMENSIONS } from '../annex-a/suggestions';
import {
  type ImpactAssessment,
  isFinding,
  needsFundamentalRightsAssessment,
  readinessForReview,
} from './impact-assessment';
import { suggestedControls } from './manage-impact-assessments';

const draft = (extra: Partial<ImpactAssessment> = {}): ImpactAssessment => ({
  id: 'ia1',
  tenantId: 't1',
  aiSystemId: 's1',
  revision: 1,
  status: 'DRAFT',
  dimensions: [],
  euAiActClass: null,
  euAiActReasons: [],
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
  plannedMitigations: [],
  notes: null,
});

describe('impact assessment rules', () => {
  it('is ready for review only with all seven dimensions, an EU AI Act class and reasons', () => {
    expect(readinessForReview(draft()).map((p) => p.path[0])).toEqual([
      'dimensions',
      'euAiActClass',
      'euAiActReasons',
    ]);
    const complete = draft({
      dimensions: IMPACT_DIMENSIONS.map((d) => dim(d, 1, 1)),
      euAiActClass: 'MINIMAL',
      euAiActReasons: ['Internal scheduling only'],
    });
    expect(readinessForReview(complete)).toEqual([]);
  });

  it('flags high-risk systems for a fundamental-rights impact assessment', () => {
    expect(needsFundamentalRightsAssessment(draft({ euAiActClass: 'HIGH' }))).toBe(true);
    for (const c of ['PROHIBITED', 'LIMITED', 'MINIMAL', null] as const) {
      expect(needsFundamentalRightsAssessment(draft({ euAiActClass: c }))).toBe(false);
    }
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
