// Compares two readiness snapshots (§3.12.3 "trend = difference from the previous
// snapshot"): deltas per block and per gap item. Pure: `a` is the earlier, `b` the later.
import type { ReadinessResult } from './score';

export const READINESS_SNAPSHOT_SOURCES = ['QUESTIONNAIRE', 'EVIDENCE', 'COMBINED'] as const;
export type ReadinessSnapshotSource = (typeof READINESS_SNAPSHOT_SOURCES)[number];
export const TOP_GAPS = 20;

/**
 * What a snapshot keeps of a score (§3.12.3). `gaps` is the full ranked list (at most
 * one entry per item, so small); `topGaps` is its first 20 for display. Comparing on
 * the full list keeps an item that merely left the top 20 from reading as CLOSED.
 */
export type ReadinessSnapshotScores = Pick<
  ReadinessResult,
  'overall' | 'stage1' | 'overclaim' | 'verifiedShare' | 'showstoppers'
> & {
  perClause: Readonly<Record<string, number | null>>;
  perStep: Readonly<Record<string, number | null>>;
  perAnnexTopic: Readonly<Record<string, number | null>>;
  perTheme: Readonly<Record<string, number | null>>;
  gaps: readonly { itemId: string; gap: number }[];
  topGaps: readonly { itemId: string; gap: number }[];
};

/** The snapshot's score fields from a result; id, takenAt and source are the caller's. */
export function readinessSnapshotScores(r: ReadinessResult): ReadinessSnapshotScores & {
  method: ReadinessResult['method'];
  questionBankVersion: string;
  inputsHash: string;
  readinessLevel: ReadinessResult['readinessLevel'];
} {
  const gaps = r.gaps.map((g) => ({ itemId: g.itemId, gap: g.gap }));
  return {
    method: r.method,
    questionBankVersion: r.questionBankVersion,
    inputsHash: r.inputsHash,
    readinessLevel: r.readinessLevel,
    overall: r.overall,
    stage1: r.stage1,
    perClause: r.perClause,
    perStep: r.perStep,
    perAnnexTopic: r.perAnnexTopic,
    perTheme: r.perTheme,
    showstoppers: r.showstoppers,
    gaps,
    topGaps: gaps.slice(0, TOP_GAPS),
    overclaim: r.overclaim,
    verifiedShare: r.verifiedShare,
  };
}

export interface ScoreDelta {
  from: number | null;
  to: number | null;
  /** to − from; null when either side has no score. */
  delta: number | null;
}

/** An item absent from a gap list has gap 0, so a top-20 list reads an item leaving it as CLOSED. */
export interface GapDelta {
  itemId: string;
  from: number;
  to: number;
  delta: number;
  change: 'OPENED' | 'CLOSED' | 'REDUCED' | 'GREW' | 'UNCHANGED';
}

export interface ReadinessComparison {
  overall: ScoreDelta;
  stage1: ScoreDelta;
  overclaim: ScoreDelta;
  verifiedShare: ScoreDelta;
  perClause: Record<string, ScoreDelta>;
  perStep: Record<string, ScoreDelta>;
  perAnnexTopic: Record<string, ScoreDelta>;
  perTheme: Record<string, ScoreDelta>;
  /** Later snapshot's ranking first, then items whose gap closed, in the earlier ranking. */
  gaps: GapDelta[];
  showstoppersAdded: string[];
  showstoppersResolved: string[];
}

const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

function delta(from: number | null, to: number | null, decimals: number): ScoreDelta {
  return { from, to, delta: from === null || to === null ? null : round(to - from, decimals) };
}

function blockDeltas(
  a: Readonly<Record<string, number | null>>,
  b: Readonly<Record<string, number | null>>,
): Record<string, ScoreDelta> {
  const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
  return Object.fromEntries(keys.map((k) => [k, delta(a[k] ?? null, b[k] ?? null, 1)]));
}

export function compareSnapshots(
  a: Omit<ReadinessSnapshotScores, 'topGaps'>,
  b: Omit<ReadinessSnapshotScores, 'topGaps'>,
): ReadinessComparison {
  const before = new Map(a.gaps.map((g) => [g.itemId, g.gap]));
  const after = new Map(b.gaps.map((g) => [g.itemId, g.gap]));
  const ids = [...b.gaps.map((g) => g.itemId), ...a.gaps.map((g) => g.itemId).filter((id) => !after.has(id))];
  const gaps = ids.map((itemId): GapDelta => {
    const from = before.get(itemId) ?? 0;
    const to = after.get(itemId) ?? 0;
    const change =
      from === 0 && to > 0
        ? 'OPENED'
        : to === 0 && from > 0
          ? 'CLOSED'
          : to < from
            ? 'REDUCED'
            : to > from
              ? 'GREW'
              : 'UNCHANGED';
    return { itemId, from, to, delta: round(to - from, 3), change };
  });
  return {
    overall: delta(a.overall, b.overall, 1),
    stage1: delta(a.stage1, b.stage1, 1),
    overclaim: delta(a.overclaim, b.overclaim, 3),
    verifiedShare: delta(a.verifiedShare, b.verifiedShare, 3),
    perClause: blockDeltas(a.perClause, b.perClause),
    perStep: blockDeltas(a.perStep, b.perStep),
    perAnnexTopic: blockDeltas(a.perAnnexTopic, b.perAnnexTopic),
    perTheme: blockDeltas(a.perTheme, b.perTheme),
    gaps,
    showstoppersAdded: b.showstoppers.filter((s) => !a.showstoppers.includes(s)),
    showstoppersResolved: a.showstoppers.filter((s) => !b.showstoppers.includes(s)),
  };
}
