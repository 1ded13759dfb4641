import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors';
import { getReadinessItem, READINESS_BANK, type ReadinessItem } from './bank';
import type { ReadinessAnswer } from './scale';
import { type ReadinessCap, type ReadinessContext, scoreBandOf, scoreReadiness } from './score';

const ctx: ReadinessContext = {
  profile: { existingCertifications: [], euNexus: { hasNexus: true, operatorRoles: [] } },
  soaExcludedControls: [],
  stage1Held: false,
};
const items = (...ids: string[]): ReadinessItem[] =>
  ids.map((id) => {
    const i = getReadinessItem(id);
    if (!i) throw new Error(id);
    return i;
  });
const caps = (entries: Record<string, number>) =>
  new Map<string, ReadinessCap>(
    Object.entries(entries).map(([k, cap]) => [k, { cap, basis: `rule for ${k}` }]),
  );
const all = (value: number): ReadinessAnswer[] => READINESS_BANK.map((i) => ({ itemId: i.id, value }));

describe('readiness-method v1 scoring (§3.12.3)', () => {
  it('§3.12.3 worked example: 63.9, BUILDING → NOT_READY_FOR_STAGE_1, O = 0.4, gaps 10 and 3', () => {
    const r = scoreReadiness({
      bank: items('RQ-05', 'RQ-02', 'CM-1'),
      answers: [
        { itemId: 'RQ-05', value: 4 },
        { itemId: 'RQ-02', value: 3 },
        { itemId: 'CM-1', value: 5 },
      ],
      caps: new Map([['RQ-05', { cap: 2, basis: 'scope draft' }]]),
      context: ctx,
    });
    expect(r.overall).toBe(63.9);
    expect(r.scoreBand).toBe('BUILDING');
    expect(r.readinessLevel).toBe('NOT_READY_FOR_STAGE_1');
    expect(r.showstoppers).toEqual(['RQ-05']);
    expect(r.overclaim).toBe(0.4);
    expect(r.gaps.map((g) => [g.itemId, g.gap])).toEqual([
      ['RQ-05', 10],
      ['RQ-02', 3],
    ]);
    expect(r.items.find((i) => i.itemId === 'RQ-05')).toMatchObject({ effective: 2, verified: true });
    expect(r.items.find((i) => i.itemId === 'CM-1')).toMatchObject({ effective: 5, verified: false, gap: 0 });
  });

  it('§3.12.3 effective answer e = min(d, c); verified only when the cap came from records', () => {
    const r = scoreReadiness({
      bank: items('RQ-02', 'RQ-03', 'RQ-04'),
      answers: [
        { itemId: 'RQ-02', value: 2 },
        { itemId: 'RQ-03', value: 5 },
        { itemId: 'RQ-04', value: 3 },
      ],
      caps: caps({ 'RQ-02': 4, 'RQ-03': 1 }),
      context: ctx,
    });
    expect(r.items.map((i) => [i.itemId, i.effective, i.verified, i.cap])).toEqual([
      ['RQ-02', 2, true, 4],
      ['RQ-03', 1, true, 1],
      ['RQ-04', 3, false, 5],
    ]);
  });

  it('§3.12.3 an unanswered applicable item counts as 0 (not started)', () => {
    const r = scoreReadiness({
      bank: items('RQ-01', 'RQ-21'),
      answers: [{ itemId: 'RQ-01', value: 4 }],
      caps: new Map(),
      context: ctx,
    });
    expect(r.items[1]).toMatchObject({ declared: 0, effective: 0, gap: 4 });
    expect(r.overall).toBe(50);
  });

  it('§3.12.3 block scores per clause, step, Annex A topic and theme; empty blocks are null', () => {
    const r = scoreReadiness({
      bank: items('RQ-10', 'RQ-25', 'RQ-A.9.2', 'RQ-A.9.3'),
      answers: [
        { itemId: 'RQ-10', value: 4 },
        { itemId: 'RQ-25', value: 2 },
        { itemId: 'RQ-A.9.2', value: 4 },
        { itemId: 'RQ-A.9.3', value: 0 },
      ],
      caps: new Map(),
      context: ctx,
    });
    expect(r.perClause['5']).toBe(100);
    expect(r.perClause['7']).toBe(75); // (3·4 + 3·2) / (3·4 + 3·4)
    expect(r.perClause['4']).toBeNull();
    expect(r.perStep['2']).toBe(100);
    expect(r.perStep['5']).toBe(50);
    expect(r.perStep['4']).toBe(50);
    expect(r.perAnnexTopic['A.9']).toBe(50);
    expect(r.perAnnexTopic['A.2']).toBeNull();
    expect(r.perTheme.HUMAN_OVERSIGHT).toBe(50);
    expect(r.perTheme.LIFECYCLE).toBeNull();
  });

  it('§3.12.3 Annex A weight w_A = min(1, W_clauses / (3·n)): 1 for the v1 bank, scaled when controls dominate', () => {
    const full = scoreReadiness({ answers: all(4), caps: new Map(), context: ctx });
    expect(full.annexWeight).toBe(1);
    const small = scoreReadiness({
      bank: items('RQ-01', 'RQ-A.2.2', 'RQ-A.2.3'),
      answers: [
        { itemId: 'RQ-01', value: 4 },
        { itemId: 'RQ-A.2.2', value: 0 },
        { itemId: 'RQ-A.2.3', value: 0 },
      ],
      caps: new Map(),
      context: ctx,
    });
    expect(small.annexWeight).toBeCloseTo(1 / 6);
    // 1·4 / (1·4 + 2·(1/6)·4): Annex A is held to a quarter of the total.
    expect(small.overall).toBe(75);
  });

  it('§3.12.3 Stage 1 sub-score uses T = 3 over stage1 items only', () => {
    const r = scoreReadiness({
      bank: items('RQ-05', 'RQ-09', 'RQ-01'),
      answers: [
        { itemId: 'RQ-05', value: 3 },
        { itemId: 'RQ-09', value: 5 },
        { itemId: 'RQ-01', value: 0 },
      ],
      caps: new Map(),
      context: ctx,
    });
    expect(r.stage1).toBe(100);
    expect(
      scoreReadiness({ bank: items('RQ-01'), answers: [], caps: new Map(), context: ctx }).stage1,
    ).toBeNull();
  });

  it('§3.12.3 gap list: g desc, then critical first, then earlier month, then bank order', () => {
    const r = scoreReadiness({
      bank: items('RQ-21', 'RQ-38', 'RQ-15', 'RQ-04', 'RQ-05', 'RQ-39'),
      answers: [
        { itemId: 'RQ-21', value: 1 }, // g 3, month 3
        { itemId: 'RQ-38', value: 1 }, // g 3, month 4
        { itemId: 'RQ-15', value: 2 }, // g 4, month 2
        { itemId: 'RQ-04', value: 3 }, // g 3, month 1
        { itemId: 'RQ-05', value: 4 }, // g 0
        { itemId: 'RQ-39', value: 1 }, // g 3, month 5
      ],
      caps: caps({ 'RQ-05': 2 }), // RQ-05 e 2 → g 10, critical
      context: ctx,
    });
    expect(r.gaps.map((g) => `${g.itemId}:${g.gap}`)).toEqual([
      'RQ-05:10',
      'RQ-15:4',
      'RQ-04:3',
      'RQ-21:3',
      'RQ-38:3',
      'RQ-39:3',
    ]);
    const crit = scoreReadiness({
      bank: items('RQ-08', 'RQ-13', 'RQ-32'),
      answers: [
        { itemId: 'RQ-08', value: 0 }, // g 12, month 1
        { itemId: 'RQ-13', value: 3 }, // g 5 critical, month 2
        { itemId: 'RQ-32', value: 3 }, // g 5 critical, month 4
      ],
      caps: caps({ 'RQ-13': 4 }),
      context: ctx,
    });
    expect(crit.gaps.map((g) => g.itemId)).toEqual(['RQ-08', 'RQ-13', 'RQ-32']);
  });

  it('§3.12.3 critical first among equal gaps', () => {
    // v1 weights never tie a critical gap (multiples of 5) with another, so a
    // non-critical twin of RQ-02 with weight 5 exercises the rule.
    const rq02 = items('RQ-02')[0] as ReadinessItem;
    const twin: ReadinessItem = { ...rq02, id: 'TWIN', weight: 5, critical: false, month: 1 };
    const r = scoreReadiness({
      bank: [twin, ...items('RQ-13')],
      answers: [
        { itemId: 'TWIN', value: 2 }, // g 10, month 1
        { itemId: 'RQ-13', value: 2 }, // g 10, critical, month 2
      ],
      caps: new Map(),
      context: ctx,
    });
    expect(r.gaps.map((g) => [g.itemId, g.gap])).toEqual([
      ['RQ-13', 10],
      ['TWIN', 10],
    ]);
  });

  it('§3.12.3 showstoppers are critical items with e < 3 and force NOT_READY_FOR_STAGE_1 whatever S is', () => {
    const answers = all(5).map((a) => (a.itemId === 'RQ-36' ? { itemId: 'RQ-36', value: 5 } : a));
    const r = scoreReadiness({ answers, caps: caps({ 'RQ-36': 2, 'RQ-09': 3 }), context: ctx });
    expect(r.overall).toBeGreaterThan(95);
    expect(r.showstoppers).toEqual(['RQ-36']);
    expect(r.readinessLevel).toBe('NOT_READY_FOR_STAGE_1');
  });

  it('§3.12.3 readiness levels: FOUNDATION < 40 ≤ BUILDING < 70 ≤ NEARLY_READY < 85 ≤ READY only with Stage 1 = 100', () => {
    expect(scoreBandOf(39.9, 100, false)).toBe('FOUNDATION');
    expect(scoreBandOf(40, 100, false)).toBe('BUILDING');
    expect(scoreBandOf(69.9, 100, false)).toBe('BUILDING');
    expect(scoreBandOf(70, 100, false)).toBe('NEARLY_READY');
    expect(scoreBandOf(84.9, 100, false)).toBe('NEARLY_READY');
    expect(scoreBandOf(85, 100, false)).toBe('READY');
    expect(scoreBandOf(85, 99.5, false)).toBe('NEARLY_READY');
    expect(scoreBandOf(92, 100, true)).toBe('NEARLY_READY');
    const ready = scoreReadiness({ answers: all(4), caps: new Map(), context: ctx });
    expect([ready.overall, ready.stage1, ready.readinessLevel]).toEqual([100, 100, 'READY']);
  });

  it('§3.12.3 overclaim index counts only items with a record-based cap', () => {
    const r = scoreReadiness({
      bank: items('RQ-02', 'RQ-03', 'RQ-04'),
      answers: [
        { itemId: 'RQ-02', value: 5 },
        { itemId: 'RQ-03', value: 2 },
        { itemId: 'RQ-04', value: 5 },
      ],
      caps: caps({ 'RQ-02': 1, 'RQ-03': 4 }),
      context: ctx,
    });
    // 3·(5−1) / (3·5 + 3·5); RQ-04 has no record-based cap and does not count.
    expect(r.overclaim).toBe(0.4);
    expect(
      scoreReadiness({ bank: items('RQ-04'), answers: [], caps: new Map(), context: ctx }).overclaim,
    ).toBe(0);
  });

  it('§3.12.3 verified share V = Σ verified w / Σ w over applicable items', () => {
    const r = scoreReadiness({
      bank: items('RQ-05', 'RQ-02', 'CM-1'),
      answers: [],
      caps: caps({ 'RQ-05': 2 }),
      context: ctx,
    });
    expect(r.verifiedShare).toBe(0.556); // 5 / 9
  });

  it('§3.12.1 N/A only where the condition holds: RQ-18 without an EU nexus, RQ-40 before Stage 1, CM-5 without a management system', () => {
    const noNexus: ReadinessContext = {
      ...ctx,
      profile: { ...ctx.profile, euNexus: { hasNexus: false, operatorRoles: [] } },
    };
    const na = (itemId: string): ReadinessAnswer => ({
      itemId,
      notApplicable: true,
      justification: 'reason',
    });
    const r = scoreReadiness({
      answers: [na('RQ-18'), na('RQ-40'), na('CM-5')],
      caps: new Map(),
      context: noNexus,
    });
    for (const id of ['RQ-18', 'RQ-40', 'CM-5'])
      expect(r.items.find((i) => i.itemId === id)).toMatchObject({
        applicable: false,
        notApplicableReason: 'reason',
        gap: 0,
      });

    const rejects = (answers: ReadinessAnswer[], c: ReadinessContext, path: (string | number)[]) => {
      try {
        scoreReadiness({ answers, caps: new Map(), context: c });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).fieldErrors[0]?.path).toEqual(path);
      }
    };
    rejects([na('RQ-18')], ctx, ['input', 'answers', 0, 'notApplicable']);
    rejects([{ itemId: 'RQ-01', value: 1 }, na('RQ-40')], { ...ctx, stage1Held: true }, [
      'input',
      'answers',
      1,
      'notApplicable',
    ]);
    rejects([na('CM-5')], { ...ctx, profile: { ...ctx.profile, existingCertifications: ['ISO_9001'] } }, [
      'input',
      'answers',
      0,
      'notApplicable',
    ]);
    rejects([na('RQ-05')], ctx, ['input', 'answers', 0, 'notApplicable']);
    rejects([na('RQ-A.5.2')], ctx, ['input', 'answers', 0, 'notApplicable']);
    rejects([{ itemId: 'RQ-99', value: 1 }], ctx, ['input', 'answers', 0, 'itemId']);
    rejects(
      [
        { itemId: 'RQ-01', value: 1 },
        { itemId: 'RQ-01', value: 2 },
      ],
      ctx,
      ['input', 'answers', 1, 'itemId'],
    );
    rejects([{ itemId: 'RQ-01', value: 6 }], ctx, ['input', 'answers', 0, 'value']);
  });

  it('§3.12.1 an Annex A control excluded in the approved SoA is N/A and leaves n_applicable', () => {
    const r = scoreReadiness({
      answers: [{ itemId: 'RQ-A.10.4', value: 4 }],
      caps: new Map(),
      context: { ...ctx, soaExcludedControls: ['A.10.4', 'A.10.3'] },
    });
    expect(r.items.find((i) => i.itemId === 'RQ-A.10.4')).toMatchObject({
      applicable: false,
      notApplicableReason: 'Excluded in the approved SoA',
    });
    expect(r.gaps.some((g) => g.itemId === 'RQ-A.10.3')).toBe(false);
    expect(r.perAnnexTopic['A.10']).toBe(0); // only A.10.2 remains, unanswered
  });

  it('§3.12.3 inputsHash is a sha256 of the canonical inputs: order-independent, sensitive to caps', () => {
    const answers: ReadinessAnswer[] = [
      { itemId: 'RQ-01', value: 2 },
      { itemId: 'RQ-05', value: 3 },
    ];
    const a = scoreReadiness({ answers, caps: caps({ 'RQ-05': 2, 'RQ-02': 1 }), context: ctx });
    const b = scoreReadiness({
      answers: [...answers].reverse(),
      caps: caps({ 'RQ-02': 1, 'RQ-05': 2 }),
      context: ctx,
    });
    const c = scoreReadiness({ answers, caps: caps({ 'RQ-05': 3, 'RQ-02': 1 }), context: ctx });
    expect(a.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.inputsHash).toBe(a.inputsHash);
    expect(c.inputsHash).not.toBe(a.inputsHash);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('readiness-method v1 properties (§3.12.3)', () => {
  it('§3.12.3 for any answers and caps: 0 ≤ S ≤ 100, e ≤ min(d, c), gaps ranked, O and V in [0, 1]', () => {
    const ids = READINESS_BANK.map((i) => i.id);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: ids.length, maxLength: ids.length }),
        fc.dictionary(fc.constantFrom(...ids), fc.integer({ min: 0, max: 5 })),
        (values, capValues) => {
          const r = scoreReadiness({
            answers: ids.map((itemId, n) => ({ itemId, value: values[n] ?? 0 })),
            caps: caps(capValues),
            context: ctx,
          });
          expect(r.overall).toBeGreaterThanOrEqual(0);
          expect(r.overall).toBeLessThanOrEqual(100);
          for (const s of r.items) expect(s.effective).toBeLessThanOrEqual(Math.min(s.declared ?? 0, s.cap));
          for (let n = 1; n < r.gaps.length; n++)
            expect((r.gaps[n - 1]?.gap ?? 0) >= (r.gaps[n]?.gap ?? 0)).toBe(true);
          for (const x of [r.overclaim, r.verifiedShare]) expect(x >= 0 && x <= 1).toBe(true);
          if (r.showstoppers.length > 0) expect(r.readinessLevel).toBe('NOT_READY_FOR_STAGE_1');
        },
      ),
      { numRuns: 50 },
    );
  });
});
