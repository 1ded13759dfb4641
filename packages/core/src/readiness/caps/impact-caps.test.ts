import { describe, expect, it } from 'vitest';
import { rq17ImpactAssessments } from './impact-caps';

const today = '2026-11-27';
const current = (aiSystemId: string) => ({ aiSystemId, nextReassessmentOn: '2027-06-01' });

describe('impact caps (§3.12.2)', () => {
  it('RQ-17 K2 = 100 % ⇒ 4; ≥ 50 % ⇒ 2; less, or reassessment overdue ⇒ 1', () => {
    const base = { anyAssessment: true, today };
    expect(rq17ImpactAssessments({ ...base, inScopeIds: ['a'], approved: [current('a')] })?.cap).toBe(4);
    expect(rq17ImpactAssessments({ ...base, inScopeIds: ['a', 'b'], approved: [current('a')] })?.cap).toBe(2);
    const overdue = { aiSystemId: 'a', nextReassessmentOn: '2026-11-01' };
    expect(rq17ImpactAssessments({ ...base, inScopeIds: ['a'], approved: [overdue] })?.cap).toBe(1);
    expect(
      rq17ImpactAssessments({ ...base, anyAssessment: false, inScopeIds: ['a'], approved: [] }),
    ).toBeNull();
  });
});
