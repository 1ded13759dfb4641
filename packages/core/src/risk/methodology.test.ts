import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors';
import {
  assertMethodologyConsistent,
  bandFor,
  defaultMethodology,
  IMPACT_AREAS,
  methodologyInput,
  scoreRisk,
} from './methodology';

const m = defaultMethodology('t1', '2026-01-01T00:00:00.000Z', 'u1');
const level = fc.integer({ min: 1, max: 5 });
const ratings = fc.record({ ORGANISATION: level, INDIVIDUALS: level, GROUPS: level, SOCIETY: level });
const paths = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as ValidationError).fieldErrors.map((f) => f.path.join('.'));
  }
  return [];
};

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

  it('rounds the mean up under MEAN aggregation, staying within the rated levels', () => {
    const mean = { ...m, aggregation: 'MEAN' as const };
    expect(scoreRisk(mean, 2, { INDIVIDUALS: 3, ORGANISATION: 1, GROUPS: 1, SOCIETY: 2 }).impact).toBe(2);
    fc.assert(
      fc.property(level, ratings, (likelihood, impacts) => {
        const values = Object.values(impacts);
        const s = scoreRisk(mean, likelihood, impacts);
        expect(s.impact).toBeGreaterThanOrEqual(Math.min(...values));
        expect(s.impact).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });

  it('X-1 R3 MEAN keeps severe harm to people: individuals 5, others 1, likelihood 4 → impact 5, score 20, above threshold', () => {
    const mean = { ...m, aggregation: 'MEAN' as const };
    const s = scoreRisk(mean, 4, { INDIVIDUALS: 5, ORGANISATION: 1, GROUPS: 1, SOCIETY: 1 });
    expect(s).toMatchObject({ impact: 5, score: 20, band: 'CRITICAL' });
    expect(s.score).toBeGreaterThan(mean.acceptanceThreshold);
  });

  it('X-1 under MEAN, max(INDIVIDUALS, GROUPS, SOCIETY) ≥ 4 is a floor under the impact; below 4 the mean stands', () => {
    const mean = { ...m, aggregation: 'MEAN' as const };
    fc.assert(
      fc.property(level, ratings, (likelihood, impacts) => {
        const people = Math.max(impacts.INDIVIDUALS, impacts.GROUPS, impacts.SOCIETY);
        const values = Object.values(impacts);
        const avg = Math.ceil(values.reduce((a, b) => a + b, 0) / values.length);
        const s = scoreRisk(mean, likelihood, impacts);
        expect(s.impact).toBe(people >= 4 ? Math.max(avg, people) : avg);
      }),
    );
  });

  it('X-2 refuses ratings that leave areas of the methodology out, listing them at input.impacts', () => {
    let error: unknown;
    try {
      scoreRisk(m, 3, { ORGANISATION: 2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const [only] = (error as ValidationError).fieldErrors;
    expect(only?.path).toEqual(['input', 'impacts']);
    expect(only?.message).toContain('INDIVIDUALS, GROUPS, SOCIETY');
  });

  it('X-2 accepts an area marked NOT_APPLICABLE with a reason of at least 10 characters, and scores the rated ones', () => {
    const s = scoreRisk(m, 3, {
      ORGANISATION: 2,
      INDIVIDUALS: 4,
      GROUPS: { notApplicable: 'No group is singled out by this system' },
      SOCIETY: 1,
    });
    expect(s).toMatchObject({
      impact: 4,
      score: 12,
      impacts: { ORGANISATION: 2, INDIVIDUALS: 4, SOCIETY: 1 },
      notApplicable: { GROUPS: 'No group is singled out by this system' },
    });
  });

  it('X-2 refuses a NOT_APPLICABLE reason under 10 characters, and all areas not applicable', () => {
    expect(
      paths(() =>
        scoreRisk(m, 3, { ORGANISATION: 2, INDIVIDUALS: 4, GROUPS: { notApplicable: 'n/a' }, SOCIETY: 1 }),
      ),
    ).toEqual(['input.impacts.GROUPS']);
    const na = { notApplicable: 'Does not apply to this risk at all' };
    expect(
      paths(() => scoreRisk(m, 3, { ORGANISATION: na, INDIVIDUALS: na, GROUPS: na, SOCIETY: na })),
    ).toEqual(['input.impacts']);
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
    const all = { ORGANISATION: 1, INDIVIDUALS: 1, GROUPS: 1 };
    expect(paths(() => scoreRisk(m, 6, { ...all, SOCIETY: 2 }))).toEqual(['input.likelihood']);
    expect(paths(() => scoreRisk(m, 2, { ...all, SOCIETY: 0 }))).toEqual(['input.impacts.SOCIETY']);
    expect(paths(() => scoreRisk({ ...m, impactAreas: ['SOCIETY'] }, 2, { SOCIETY: 1, GROUPS: 2 }))).toEqual([
      'input.impacts.GROUPS',
    ]);
    expect(paths(() => scoreRisk(m, 2, {}))).toEqual(['input.impacts']);
  });
});

describe('methodologyInput', () => {
  const valid = {
    expectedVersion: 1,
    likelihoodScale: m.likelihoodScale,
    impactScale: m.impactScale,
    impactAreas: ['ORGANISATION', 'INDIVIDUALS', 'GROUPS', 'SOCIETY'],
    aggregation: 'MEAN',
    bands: m.bands,
    acceptanceThreshold: 8,
    customCategories: [],
  };
  const issuePaths = (input: unknown) =>
    methodologyInput.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];

  it('X-1 R1 refuses a methodology without INDIVIDUALS and SOCIETY', () => {
    expect(issuePaths({ ...valid, impactAreas: ['ORGANISATION'] })).toEqual(['impactAreas']);
    expect(issuePaths({ ...valid, impactAreas: ['ORGANISATION', 'INDIVIDUALS'] })).toEqual(['impactAreas']);
    expect(issuePaths({ ...valid, impactAreas: ['INDIVIDUALS', 'SOCIETY'] })).toEqual([]);
    expect(issuePaths(valid)).toEqual([]);
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
