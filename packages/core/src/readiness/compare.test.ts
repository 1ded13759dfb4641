import { describe, expect, it } from 'vitest';
import { getReadinessItem, type ReadinessItem } from './bank';
import { compareSnapshots, readinessSnapshotScores } from './compare';
import { type ReadinessContext, scoreReadiness } from './score';

const ctx: ReadinessContext = {
  profile: { existingCertifications: [], euNexus: { hasNexus: true, operatorRoles: [] } },
  soaExcludedControls: [],
  stage1Held: false,
};
const bank = ['RQ-05', 'RQ-02', 'CM-1', 'RQ-A.9.2'].map((id) => getReadinessItem(id) as ReadinessItem);

describe('readiness snapshot comparison (§3.12.3 trend)', () => {
  it('§3.12.3 compareSnapshots gives deltas per block and per gap item', () => {
    const earlier = scoreReadiness({
      bank,
      answers: [
        { itemId: 'RQ-05', value: 4 },
        { itemId: 'RQ-02', value: 3 },
        { itemId: 'CM-1', value: 5 },
        { itemId: 'RQ-A.9.2', value: 4 },
      ],
      caps: new Map([['RQ-05', { cap: 2, basis: 'scope draft' }]]),
      context: ctx,
    });
    const later = scoreReadiness({
      bank,
      answers: [
        { itemId: 'RQ-05', value: 4 },
        { itemId: 'RQ-02', value: 3 },
        { itemId: 'CM-1', value: 2 },
        { itemId: 'RQ-A.9.2', value: 4 },
      ],
      caps: new Map([['RQ-05', { cap: 4, basis: 'scope approved' }]]),
      context: ctx,
    });
    const d = compareSnapshots(readinessSnapshotScores(earlier), readinessSnapshotScores(later));
    // (10+9+4+4)/40 → (20+9+2+4)/40
    expect(d.overall).toEqual({ from: 67.5, to: 87.5, delta: 20 });
    expect(d.perClause['4']).toEqual({ from: 59.4, to: 90.6, delta: 31.2 });
    expect(d.perClause['7']).toEqual({ from: 100, to: 50, delta: -50 });
    expect(d.perClause['8']).toEqual({ from: null, to: null, delta: null });
    expect(d.perAnnexTopic['A.9']?.delta).toBe(0);
    expect(d.gaps).toEqual([
      { itemId: 'RQ-02', from: 3, to: 3, delta: 0, change: 'UNCHANGED' },
      { itemId: 'CM-1', from: 0, to: 2, delta: 2, change: 'OPENED' },
      { itemId: 'RQ-05', from: 10, to: 0, delta: -10, change: 'CLOSED' },
    ]);
    expect(d.showstoppersResolved).toEqual(['RQ-05']);
    expect(d.showstoppersAdded).toEqual([]);
    expect(d.overclaim).toEqual({ from: 0.4, to: 0, delta: -0.4 });
  });

  it('§3.12.3 a snapshot keeps the full ranked gap list and its top 20', () => {
    const r = scoreReadiness({ answers: [], caps: new Map(), context: ctx });
    const s = readinessSnapshotScores(r);
    expect(s.gaps).toHaveLength(83);
    expect(s.topGaps).toEqual(s.gaps.slice(0, 20));
    expect(s).toMatchObject({
      method: 'readiness-method v1',
      questionBankVersion: 'v1',
      inputsHash: r.inputsHash,
    });
    expect(s.readinessLevel).toBe('NOT_READY_FOR_STAGE_1');
  });

  it('§3.12.3 a gap that shrinks or grows is REDUCED or GREW', () => {
    const base = { overall: 0, stage1: null, overclaim: 0, verifiedShare: 0, showstoppers: [] };
    const blocks = { perClause: {}, perStep: {}, perAnnexTopic: {}, perTheme: {} };
    const d = compareSnapshots(
      {
        ...base,
        ...blocks,
        gaps: [
          { itemId: 'RQ-14', gap: 20 },
          { itemId: 'RQ-21', gap: 1 },
        ],
      },
      {
        ...base,
        ...blocks,
        gaps: [
          { itemId: 'RQ-21', gap: 3 },
          { itemId: 'RQ-14', gap: 5 },
        ],
      },
    );
    expect(d.gaps.map((g) => [g.itemId, g.change, g.delta])).toEqual([
      ['RQ-21', 'GREW', 2],
      ['RQ-14', 'REDUCED', -15],
    ]);
    expect(d.stage1.delta).toBeNull();
  });
});
