import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors';
import {
  assertMethodologyConsistent,
  bandFor,
  defaultMethodology,
  IMPACT_AREAS,
  scoreRisk,
} from './methodology';

const m = defaultMethodology('t1', '2026-01-01T00:00:00.000Z', 'u1');
const level = fc.integer({ min: 1, max: 5 });
const ratings = fc
  .record({ ORGANISATION: level, INDIVIDUALS: level, GROUPS: level, SOCIETY: level }, { requiredKeys: [] })
  .filter((r) => Object.keys(r).length > 0);

describe('scoreRisk', () => {
  it('scores likelihood × the highest rated impact under MAX aggregation', () => {
    fc.assert(
      fc.property(level, ratings, (likelihood, impacts) => {
        const s = scoreRisk(m, likelihood, impacts);
        expect(s.impact).toBe(Math.max(...Object.values(impacts)));
        expect(s.score).toBe(likelihood * s.impact);
        expect(s.band).toBe(bandFor(s.score, m.bands));
      }),
    );
  });

  it('never scores lower when any rating goes up (monotone)', () => {
    fc.assert(
      fc.property(level, ratings, fc.constantFrom(...IMPACT_AREAS), (likelihood, impacts, area) => {
        const before = scoreRisk(m, likelihood, impacts).score;
        const raised = { ...impacts, [area]: Math.min(5, (impacts[area] ?? 1) + 1) };
        expect(scoreRisk(m, likelihood, raised).score).toBeGreaterThanOrEqual(before);
        if (likelihood < 5) expect(scoreRisk(m, likelihood + 1, impacts).score).toBeGreaterThan(before);
      }),
    );
  });

  it('rounds the mean up under MEAN aggregation, so averaging never hides a severe area entirely', () => {
    const mean = { ...m, aggregation: 'MEAN' as const };
    expect(scoreRisk(mean, 2, { INDIVIDUALS: 5, ORGANISATION: 1 }).impact).toBe(3);
    fc.assert(
      fc.property(level, ratings, (likelihood, impacts) => {
        const values = Object.values(impacts);
        const s = scoreRisk(mean, likelihood, impacts);
        expect(s.impact).toBeGreaterThanOrEqual(Math.min(...values));
        expect(s.impact).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });

  it('puts the default bands where the guide’s 5×5 matrix expects them', () => {
    expect([1, 4, 5, 9, 10, 16, 17, 25].map((s) => bandFor(s, m.bands))).toEqual([
      'LOW',
      'LOW',
      'MEDIUM',
      'MEDIUM',
      'HIGH',
      'HIGH',
      'CRITICAL',
      'CRITICAL',
    ]);
  });

  it('rejects out-of-scale levels, unknown areas and empty ratings with paths', () => {
    const paths = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as ValidationError).fieldErrors.map((f) => f.path.join('.'));
      }
      return [];
    };
    expect(paths(() => scoreRisk(m, 6, { SOCIETY: 2 }))).toEqual(['input.likelihood']);
    expect(paths(() => scoreRisk(m, 2, { SOCIETY: 0 }))).toEqual(['input.impacts.SOCIETY']);
    expect(paths(() => scoreRisk({ ...m, impactAreas: ['SOCIETY'] }, 2, { GROUPS: 2 }))).toEqual([
      'input.impacts.GROUPS',
    ]);
    expect(paths(() => scoreRisk(m, 2, {}))).toEqual(['input.impacts']);
  });
});

describe('assertMethodologyConsistent', () => {
  it('accepts the default', () => {
    expect(() => assertMethodologyConsistent(m)).not.toThrow();
  });

  it('rejects gaps in scales, unordered bands, bands past the maximum and a threshold out of range', () => {
    const cases = [
      { ...m, likelihoodScale: [m.likelihoodScale[0], m.likelihoodScale[2], m.likelihoodScale[3]] },
      {
        ...m,
        bands: [
          { band: 'LOW' as const, minScore: 1 },
          { band: 'HIGH' as const, minScore: 1 },
        ],
      },
      {
        ...m,
        bands: [
          { band: 'HIGH' as const, minScore: 1 },
          { band: 'LOW' as const, minScore: 5 },
        ],
      },
      {
        ...m,
        bands: [
          { band: 'LOW' as const, minScore: 1 },
          { band: 'CRITICAL' as const, minScore: 26 },
        ],
      },
      {
        ...m,
        bands: [
          { band: 'LOW' as const, minScore: 2 },
          { band: 'HIGH' as const, minScore: 10 },
        ],
      },
      { ...m, acceptanceThreshold: 26 },
    ];
    for (const c of cases) expect(() => assertMethodologyConsistent(c as typeof m)).toThrow(ValidationError);
  });
});
