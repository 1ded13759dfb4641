import { describe, expect, it } from 'vitest';
import { RISK_CATEGORIES } from '../../annex-a/suggestions';
import { defaultMethodology } from '../../risk/methodology';
import { rq13Methodology, rq14RiskAssessments, rq16Treatment } from './risk-caps';

const approved = defaultMethodology('t1', '2026-01-01T00:00:00.000Z', 'u1');
const all = RISK_CATEGORIES.map((category) => ({ category }));

describe('risk caps (§3.12.2)', () => {
  it('RQ-13 an approved methodology passing X-1 ⇒ 4; one without individuals and society, or a draft only ⇒ 2', () => {
    expect(rq13Methodology(approved, approved)).toMatchObject({ itemId: 'RQ-13', cap: 4 });
    expect(rq13Methodology({ ...approved, impactAreas: ['ORGANISATION'] }, approved)?.cap).toBe(2);
    expect(rq13Methodology(null, { version: 1 })?.cap).toBe(2);
    expect(rq13Methodology(null, null)).toBeNull();
  });

  it('RQ-14 every in-scope system with risks in all six categories ⇒ 4; half ⇒ 2; fewer ⇒ 1', () => {
    expect(rq14RiskAssessments(['a'], new Map([['a', all]]))?.cap).toBe(4);
    expect(
      rq14RiskAssessments(
        ['a', 'b'],
        new Map([
          ['a', all],
          ['b', all.slice(1)],
        ]),
      )?.cap,
    ).toBe(2);
    expect(rq14RiskAssessments(['a', 'b', 'c'], new Map([['a', all]]))?.cap).toBe(1);
    expect(rq14RiskAssessments(['a'], new Map())).toBeNull();
  });

  it('RQ-16 no treatment gap (X-4) ⇒ 4; gaps on ≤ 10 % of risks ⇒ 3; more ⇒ 2', () => {
    expect(rq16Treatment(20, 0)?.cap).toBe(4);
    expect(rq16Treatment(20, 2)?.cap).toBe(3);
    expect(rq16Treatment(20, 3)?.cap).toBe(2);
    expect(rq16Treatment(0, 0)).toBeNull();
  });
});
