import { describe, expect, it } from 'vitest';
import type { AiObjective } from '../../objectives/objective';
import { rq12Objectives, rq15Opportunities, rq20TreatmentPlan } from './planning-caps';

const plan = {
  what: 'Bias audit',
  resources: 'Two analysts',
  responsible: 'DS lead',
  when: 'Q2',
  evaluationMethod: 'Audit report',
};
const objective = (over: Partial<AiObjective>) =>
  ({
    status: 'ACTIVE',
    measure: { kpiId: 'K2', manualMetric: null, notPracticableJustification: null },
    plan,
    ...over,
  }) as AiObjective;

describe('planning caps (§3.12.2)', () => {
  it('RQ-12 an ACTIVE objective with a KPI and a full plan ⇒ 4; drafts or half-planned ones ⇒ 2', () => {
    expect(rq12Objectives([objective({})])).toMatchObject({ itemId: 'RQ-12', cap: 4 });
    expect(rq12Objectives([objective({ status: 'DRAFT' })])?.cap).toBe(2);
    expect(rq12Objectives([objective({ plan: { ...plan, resources: null } })])?.cap).toBe(2);
    expect(rq12Objectives([])).toBeNull();
  });

  it('RQ-15 an opportunity with an action ⇒ 4; opportunities without ⇒ 2', () => {
    expect(rq15Opportunities(1, [{ id: 'o1' }])?.cap).toBe(4);
    expect(rq15Opportunities(1, [])?.cap).toBe(2);
    expect(rq15Opportunities(0, [])).toBeNull();
  });

  it('RQ-20 an approved plan and 0 MITIGATION_WITHOUT_ACTION ⇒ 4; with one ⇒ 3; never approved ⇒ 2', () => {
    expect(rq20TreatmentPlan({ version: 3, approvedNumber: 1 }, false)?.cap).toBe(4);
    expect(rq20TreatmentPlan({ version: 3, approvedNumber: 1 }, true)?.cap).toBe(3);
    expect(rq20TreatmentPlan({ version: 3, approvedNumber: null }, false)?.cap).toBe(2);
    expect(rq20TreatmentPlan({ version: 0, approvedNumber: null }, true)).toBeNull();
  });
});
