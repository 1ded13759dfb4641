// Scores a readiness self-assessment with `readiness-method v1` (§3.12.3): effective
// answers capped by evidence, block scores, the overall and Stage 1 scores, the
// ranked gap list, showstoppers, the readiness level, the overclaim index and the
// verified share. Pure and deterministic: the same inputs give the same result and
// the same inputsHash.
import type { ClauseNumber } from '../annex-a/catalogue';
import { canonicalJson, sha256Hex } from '../shared/canonical-json';
import { ValidationError } from '../shared/errors';
import {
  type Applicability,
  controlOfItem,
  READINESS_BANK,
  READINESS_BANK_VERSION,
  READINESS_THEMES,
  type ReadinessItem,
  type ReadinessTheme,
} from './bank';
import { hasExistingManagementSystem, type ReadinessAnswer, type ReadinessProfile } from './scale';

export const READINESS_METHOD = 'readiness-method v1';
/** Stage 2 readiness: implemented, with records for a cycle. */
export const DEFAULT_TARGET = 4;
/** Stage 1 readiness: documented and approved. */
export const STAGE1_TARGET = 3;
const MAX_ANSWER = 5;

/** A record-based cap on one item (from the evidence rules); an absent item has cap 5 and is self-declared. */
export interface ReadinessCap {
  cap: number;
  basis: string;
}

/** Facts that decide where N/A is allowed (§3.12.1). */
export interface ReadinessContext {
  profile: Pick<ReadinessProfile, 'existingCertifications' | 'euNexus'>;
  /** Annex A control ids excluded in the approved SoA: their items are N/A. */
  soaExcludedControls: readonly string[];
  /** Stage 1 has taken place (before it, RQ-40 may be N/A). */
  stage1Held: boolean;
}

export interface ScoreReadinessInput {
  answers: readonly ReadinessAnswer[];
  caps: ReadonlyMap<string, ReadinessCap>;
  context: ReadinessContext;
  /** Defaults to the v1 bank; tests may score a subset. */
  bank?: readonly ReadinessItem[];
}

export interface ItemScore {
  itemId: string;
  applicable: boolean;
  /** Why the item is N/A (the answer's justification, or the SoA exclusion). */
  notApplicableReason: string | null;
  /** d_i; an unanswered applicable item counts as 0 (not started). */
  declared: number | null;
  /** c_i */
  cap: number;
  capBasis: string | null;
  /** e_i = min(d_i, c_i) */
  effective: number | null;
  /** The cap came from records. */
  verified: boolean;
  /** w_i as scored (Annex A items weigh w_A). */
  weight: number;
  target: number;
  /** g_i = w_i · max(0, T_i − e_i) */
  gap: number;
}

export interface ReadinessGap {
  itemId: string;
  question: string;
  gap: number;
  weight: number;
  declared: number;
  effective: number;
  target: number;
  critical: boolean;
  month: number;
  verified: boolean;
}

export const SCORE_BANDS = ['FOUNDATION', 'BUILDING', 'NEARLY_READY', 'READY'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];
export const READINESS_LEVELS = [...SCORE_BANDS, 'NOT_READY_FOR_STAGE_1'] as const;
export type ReadinessLevel = (typeof READINESS_LEVELS)[number];

export type BlockScores<K extends string> = Record<K, number | null>;

export interface ReadinessResult {
  method: typeof READINESS_METHOD;
  questionBankVersion: string;
  inputsHash: string;
  /** S, 0–100 with one decimal. */
  overall: number;
  /** Stage 1 sub-score (T = 3 over stage1 items); null when no stage1 item applies. */
  stage1: number | null;
  /** The band S falls in, before showstoppers. */
  scoreBand: ScoreBand;
  readinessLevel: ReadinessLevel;
  /** Blocks with no applicable item score null. */
  perClause: BlockScores<`${ClauseNumber}`>;
  perStep: BlockScores<`${1 | 2 | 3 | 4 | 5 | 6 | 7}`>;
  perAnnexTopic: BlockScores<string>;
  perTheme: BlockScores<ReadinessTheme>;
  /** w_A = min(1, W_clauses / (3 · n_applicable_controls)). */
  annexWeight: number;
  items: ItemScore[];
  /** Items with g_i > 0, ranked. */
  gaps: ReadinessGap[];
  /** Critical items with e_i < 3, in bank order. */
  showstoppers: string[];
  /** O, 0–1 (three decimals). */
  overclaim: number;
  /** V, 0–1 (three decimals). */
  verifiedShare: number;
}

const CLAUSES: readonly ClauseNumber[] = [4, 5, 6, 7, 8, 9, 10];
const STEPS = [1, 2, 3, 4, 5, 6, 7] as const;
const ANNEX_TOPICS = ['A.2', 'A.3', 'A.4', 'A.5', 'A.6', 'A.7', 'A.8', 'A.9', 'A.10'] as const;

const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};

/** Whether the item's applicability condition holds, i.e. N/A may be answered. */
export function notApplicableAllowed(
  item: Pick<ReadinessItem, 'applicability' | 'kind' | 'refs'>,
  ctx: ReadinessContext,
) {
  const rule: Record<Applicability, () => boolean> = {
    ALWAYS: () => false,
    SOA_INCLUDED: () => ctx.soaExcludedControls.includes(controlOfItem(item) ?? ''),
    EU_NEXUS: () => !ctx.profile.euNexus.hasNexus,
    AFTER_STAGE_1: () => !ctx.stage1Held,
    EXISTING_MANAGEMENT_SYSTEM: () => !hasExistingManagementSystem(ctx.profile),
  };
  return rule[item.applicability]();
}

/** Rejects unknown or repeated items and N/A where the item's condition does not hold. */
export function validateReadinessAnswers(
  answers: readonly ReadinessAnswer[],
  ctx: ReadinessContext,
  bank: readonly ReadinessItem[] = READINESS_BANK,
): void {
  const byId = new Map(bank.map((i) => [i.id, i]));
  const seen = new Set<string>();
  const errors: { path: (string | number)[]; message: string }[] = [];
  answers.forEach((a, n) => {
    const item = byId.get(a.itemId);
    if (!item)
      errors.push({ path: ['input', 'answers', n, 'itemId'], message: `unknown readiness item ${a.itemId}` });
    else if (seen.has(a.itemId))
      errors.push({ path: ['input', 'answers', n, 'itemId'], message: `${a.itemId} is answered twice` });
    else if ('notApplicable' in a && !notApplicableAllowed(item, ctx))
      errors.push({
        path: ['input', 'answers', n, 'notApplicable'],
        message: `${a.itemId} has no applicability condition that holds: answer 0–5`,
      });
    else if ('value' in a && (!Number.isInteger(a.value) || a.value < 0 || a.value > MAX_ANSWER))
      errors.push({ path: ['input', 'answers', n, 'value'], message: 'must be an integer from 0 to 5' });
    seen.add(a.itemId);
  });
  if (errors.length) throw new ValidationError(errors);
}

function blockScore(
  members: readonly { weight: number; effective: number }[],
  target: number,
): number | null {
  const den = members.reduce((s, m) => s + m.weight * target, 0);
  if (den === 0) return null;
  const num = members.reduce((s, m) => s + m.weight * Math.min(m.effective, target), 0);
  return round((100 * num) / den, 1);
}

export function scoreBandOf(overall: number, stage1: number | null, hasShowstoppers: boolean): ScoreBand {
  if (overall < 40) return 'FOUNDATION';
  if (overall < 70) return 'BUILDING';
  if (overall < 85 || hasShowstoppers || stage1 !== 100) return 'NEARLY_READY';
  return 'READY';
}

export function readinessInputsHash(
  input: ScoreReadinessInput,
  bankVersion = READINESS_BANK_VERSION,
): string {
  const { answers, caps, context } = input;
  return sha256Hex(
    canonicalJson({
      method: READINESS_METHOD,
      questionBankVersion: bankVersion,
      answers: [...answers].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0)),
      caps: [...caps.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([itemId, c]) => ({ itemId, cap: c.cap, basis: c.basis })),
      context: {
        existingCertifications: [...context.profile.existingCertifications].sort(),
        euNexus: context.profile.euNexus.hasNexus,
        soaExcludedControls: [...context.soaExcludedControls].sort(),
        stage1Held: context.stage1Held,
      },
    }),
  );
}

export function scoreReadiness(input: ScoreReadinessInput): ReadinessResult {
  const bank = input.bank ?? READINESS_BANK;
  validateReadinessAnswers(input.answers, input.context, bank);
  const answers = new Map(input.answers.map((a) => [a.itemId, a]));

  const isApplicable = (item: ReadinessItem): { applicable: boolean; reason: string | null } => {
    const a = answers.get(item.id);
    // The approved SoA decides Annex A applicability, whatever was answered.
    if (item.applicability === 'SOA_INCLUDED' && notApplicableAllowed(item, input.context))
      return {
        applicable: false,
        reason: a && 'justification' in a ? a.justification : 'Excluded in the approved SoA',
      };
    if (a && 'notApplicable' in a) return { applicable: false, reason: a.justification };
    return { applicable: true, reason: null };
  };

  const applicability = new Map(bank.map((i) => [i.id, isApplicable(i)]));
  const applicableItems = bank.filter((i) => applicability.get(i.id)?.applicable);
  const wClauses = applicableItems.filter((i) => i.kind !== 'ANNEX_A').reduce((s, i) => s + i.weight, 0);
  const nControls = applicableItems.filter((i) => i.kind === 'ANNEX_A').length;
  const annexWeight = nControls === 0 ? 1 : Math.min(1, wClauses / (3 * nControls));

  const items: ItemScore[] = bank.map((item) => {
    const { applicable, reason } = applicability.get(item.id) ?? { applicable: true, reason: null };
    const cap = input.caps.get(item.id);
    const weight = item.kind === 'ANNEX_A' ? annexWeight : item.weight;
    if (!applicable)
      return {
        itemId: item.id,
        applicable,
        notApplicableReason: reason,
        declared: null,
        cap: cap?.cap ?? MAX_ANSWER,
        capBasis: cap?.basis ?? null,
        effective: null,
        verified: cap !== undefined,
        weight,
        target: DEFAULT_TARGET,
        gap: 0,
      };
    const a = answers.get(item.id);
    const declared = a && 'value' in a ? a.value : 0;
    const c = cap?.cap ?? MAX_ANSWER;
    const effective = Math.min(declared, c);
    return {
      itemId: item.id,
      applicable,
      notApplicableReason: null,
      declared,
      cap: c,
      capBasis: cap?.basis ?? null,
      effective,
      verified: cap !== undefined,
      weight,
      target: DEFAULT_TARGET,
      gap: weight * Math.max(0, DEFAULT_TARGET - effective),
    };
  });

  const scored = new Map(
    items
      .filter((s) => s.applicable)
      .map((s) => [s.itemId, { weight: s.weight, effective: s.effective ?? 0, s }]),
  );
  const membersOf = (pred: (i: ReadinessItem) => boolean) =>
    applicableItems.filter(pred).flatMap((i) => {
      const m = scored.get(i.id);
      return m ? [m] : [];
    });

  const overall =
    blockScore(
      membersOf(() => true),
      DEFAULT_TARGET,
    ) ?? 0;
  const stage1 = blockScore(
    membersOf((i) => i.stage1),
    STAGE1_TARGET,
  );
  const perClause = Object.fromEntries(
    CLAUSES.map((c) => [
      String(c),
      blockScore(
        membersOf((i) => i.clauses.includes(c)),
        DEFAULT_TARGET,
      ),
    ]),
  ) as ReadinessResult['perClause'];
  const perStep = Object.fromEntries(
    STEPS.map((k) => [
      String(k),
      blockScore(
        membersOf((i) => i.steps.includes(k)),
        DEFAULT_TARGET,
      ),
    ]),
  ) as ReadinessResult['perStep'];
  const perAnnexTopic = Object.fromEntries(
    ANNEX_TOPICS.map((t) => [
      t,
      blockScore(
        membersOf((i) => i.annexTopic === t),
        DEFAULT_TARGET,
      ),
    ]),
  );
  const perTheme = Object.fromEntries(
    READINESS_THEMES.map((t) => [
      t,
      blockScore(
        membersOf((i) => i.themes.includes(t)),
        DEFAULT_TARGET,
      ),
    ]),
  ) as ReadinessResult['perTheme'];

  const order = new Map(bank.map((i, n) => [i.id, n]));
  const gaps: ReadinessGap[] = applicableItems
    .flatMap((item) => {
      const s = scored.get(item.id)?.s;
      if (!s || s.gap <= 0) return [];
      return [
        {
          itemId: item.id,
          question: item.question,
          gap: s.gap,
          weight: s.weight,
          declared: s.declared ?? 0,
          effective: s.effective ?? 0,
          target: s.target,
          critical: item.critical,
          month: item.month,
          verified: s.verified,
        },
      ];
    })
    .sort(
      (a, b) =>
        b.gap - a.gap ||
        Number(b.critical) - Number(a.critical) ||
        a.month - b.month ||
        (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0),
    );

  const showstoppers = applicableItems
    .filter((i) => i.critical && (scored.get(i.id)?.effective ?? 0) < STAGE1_TARGET)
    .map((i) => i.id);

  let overNum = 0;
  let overDen = 0;
  let verifiedW = 0;
  let totalW = 0;
  for (const { weight, s } of scored.values()) {
    totalW += weight;
    if (!s.verified) continue;
    verifiedW += weight;
    overNum += weight * Math.max(0, (s.declared ?? 0) - s.cap);
    overDen += weight * MAX_ANSWER;
  }

  const scoreBand = scoreBandOf(overall, stage1, showstoppers.length > 0);
  return {
    method: READINESS_METHOD,
    questionBankVersion: READINESS_BANK_VERSION,
    inputsHash: readinessInputsHash(input),
    overall,
    stage1,
    scoreBand,
    readinessLevel: showstoppers.length > 0 ? 'NOT_READY_FOR_STAGE_1' : scoreBand,
    perClause,
    perStep,
    perAnnexTopic,
    perTheme,
    annexWeight,
    items,
    gaps,
    showstoppers,
    overclaim: overDen === 0 ? 0 : round(overNum / overDen, 3),
    verifiedShare: totalW === 0 ? 0 : round(verifiedW / totalW, 3),
  };
}
