import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareControlIds, isControlId } from './catalogue';
import {
  IMPACT_DIMENSIONS,
  RISK_CATEGORIES,
  suggestControlsForImpactDimensions,
  suggestControlsForRiskCategory,
} from './suggestions';

const ids = (suggestions: readonly { controlId: string }[]) => suggestions.map((s) => s.controlId);
const isSorted = (xs: readonly string[]) =>
  xs.every((x, i) => i === 0 || compareControlIds(xs[i - 1] ?? '', x) < 0);

describe('suggestControlsForImpactDimensions', () => {
  it('suggests at least two catalogue controls, each with a reason, for every impact dimension', () => {
    for (const dimension of IMPACT_DIMENSIONS) {
      const suggestions = suggestControlsForImpactDimensions([dimension]);
      expect(suggestions.length, dimension).toBeGreaterThanOrEqual(2);
      for (const s of suggestions) {
        expect(isControlId(s.controlId), `${dimension} ${s.controlId}`).toBe(true);
        expect(s.reason.trim(), `${dimension} ${s.controlId}`).not.toBe('');
        expect(s.reason, `${dimension} ${s.controlId}`).not.toMatch(/\n/);
        expect(s.dimensions).toEqual([dimension]);
      }
    }
  });

  it('points fairness findings at the impact, data quality and testing controls', () => {
    expect(ids(suggestControlsForImpactDimensions(['FAIRNESS']))).toEqual(['A.5.4', 'A.6.2.4', 'A.7.4']);
  });

  it('lists a control shared by two dimensions once, naming both and keeping both reasons', () => {
    const fairness = suggestControlsForImpactDimensions(['FAIRNESS']).find((s) => s.controlId === 'A.5.4');
    const privacy = suggestControlsForImpactDimensions(['PRIVACY']).find((s) => s.controlId === 'A.5.4');
    const both = suggestControlsForImpactDimensions(['PRIVACY', 'FAIRNESS']);

    expect(ids(both).filter((id) => id === 'A.5.4')).toHaveLength(1);
    const shared = both.find((s) => s.controlId === 'A.5.4');
    expect(shared?.dimensions).toEqual(['FAIRNESS', 'PRIVACY']);
    expect(shared?.reason).toContain(fairness?.reason);
    expect(shared?.reason).toContain(privacy?.reason);
  });

  it('returns suggestions sorted by control id, with A.10 after A.9', () => {
    const all = ids(suggestControlsForImpactDimensions(IMPACT_DIMENSIONS));
    expect(isSorted(all)).toBe(true);
  });

  it('ignores repeated dimensions and suggests nothing for none', () => {
    expect(suggestControlsForImpactDimensions(['PRIVACY', 'PRIVACY'])).toEqual(
      suggestControlsForImpactDimensions(['PRIVACY']),
    );
    expect(suggestControlsForImpactDimensions([])).toEqual([]);
  });

  it('suggests for any set of dimensions the union of what each suggests alone', () => {
    fc.assert(
      fc.property(fc.subarray([...IMPACT_DIMENSIONS]), fc.boolean(), (subset, reverse) => {
        const input = reverse ? [...subset].reverse() : subset;
        const combined = suggestControlsForImpactDimensions(input);

        const expected = new Map<string, string[]>();
        for (const dimension of subset) {
          for (const s of suggestControlsForImpactDimensions([dimension])) {
            expected.set(s.controlId, [...(expected.get(s.controlId) ?? []), dimension]);
          }
        }

        expect(new Set(ids(combined))).toEqual(new Set(expected.keys()));
        expect(combined).toHaveLength(expected.size);
        for (const s of combined) expect(s.dimensions).toEqual(expected.get(s.controlId));
        expect(isSorted(ids(combined))).toBe(true);
      }),
    );
  });
});

describe('suggestControlsForRiskCategory', () => {
  it('suggests at least two sorted catalogue controls, each with a reason, for every built-in category', () => {
    for (const category of RISK_CATEGORIES) {
      const suggestions = suggestControlsForRiskCategory(category);
      expect(suggestions.length, category).toBeGreaterThanOrEqual(2);
      expect(new Set(ids(suggestions)).size, category).toBe(suggestions.length);
      expect(isSorted(ids(suggestions)), category).toBe(true);
      for (const s of suggestions) {
        expect(isControlId(s.controlId), `${category} ${s.controlId}`).toBe(true);
        expect(s.reason.trim(), `${category} ${s.controlId}`).not.toBe('');
      }
    }
  });

  it('sorts security suggestions numerically, putting A.10.3 last', () => {
    expect(ids(suggestControlsForRiskCategory('SECURITY')).at(-1)).toBe('A.10.3');
  });

  it('suggests nothing for a tenant-defined category or a look-alike string', () => {
    for (const category of ['VENDOR_LOCK_IN', 'security', '', 'toString', '__proto__', 'constructor']) {
      expect(suggestControlsForRiskCategory(category), category).toEqual([]);
    }
  });
});
