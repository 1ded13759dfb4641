// Takes a readiness snapshot (§3.12.3): the latest submission (or, without one,
// the evidence alone) scored against the tenant's records as of today, with the
// roadmap generated from it. Submissions, the nightly job and conversion all come
// through here, so every snapshot is scored the same way.

import { ConflictError } from '../shared/errors';
import { padded, put, type TenantStore, type Write } from '../shared/store';
import { ApprovedSoaEntries, SoaHeads } from '../soa/model';
import { READINESS_BANK } from './bank';
import { type EvidenceSources, evidenceCaps } from './caps';
import { type ReadinessSnapshotSource, readinessSnapshotScores } from './compare';
import {
  type ReadinessRoadmapRecord,
  ReadinessRoadmaps,
  ReadinessRuns,
  type ReadinessSnapshot,
  type ReadinessSnapshotKind,
  ReadinessSnapshots,
  type ReadinessSubmission,
  ReadinessSubmissions,
} from './model';
import { chunkWrites, evidenceClosures } from './readiness-actions';
import { type GuideMilestoneKey, generateRoadmap, type Roadmap } from './roadmap';
import { type ReadinessAnswer, type ReadinessProfile, readinessProfileSchema } from './scale';
import {
  notApplicableAllowed,
  type ReadinessCap,
  type ReadinessContext,
  type ReadinessResult,
  scoreReadiness,
} from './score';

export interface TakeSnapshotInput {
  source: ReadinessSnapshotSource;
  kind?: ReadinessSnapshotKind;
  /** The submission to score; by default the latest one (none: an evidence-only snapshot). */
  submission?: ReadinessSubmission | null;
  /** ISO instant; its UTC day is the snapshot's day and the evidence date. */
  now: string;
  snapshotId: string;
  /** Facts from outside the tenant's table (the policy audience from the control plane). */
  sources?: EvidenceSources;
}

/** What changed against the previous snapshot: the level or a showstopper emits ReadinessChanged. */
export interface ReadinessChange {
  previousSnapshotId: string | null;
  levelChanged: boolean;
  showstoppersAdded: string[];
  showstoppersResolved: string[];
  inputsChanged: boolean;
}

export interface PreparedSnapshot {
  snapshot: ReadinessSnapshot;
  roadmap: Roadmap;
  result: ReadinessResult;
  previous: ReadinessSnapshot | null;
  change: ReadinessChange;
  /** The snapshot and its roadmap, create-only: commit them (with anything else) in one transaction. */
  writes: Write[];
}

/** RQ-01 "completing this assessment ⇒ 3". */
const GAP_ANALYSIS_CAP: ReadinessCap = { cap: 3, basis: 'readiness assessment submitted' };

/** Guide milestones and the items that evidence them (each verified at ≥ 3: documented and approved). */
const MILESTONE_EVIDENCE: Partial<Record<GuideMilestoneKey, readonly string[]>> = {
  GAP_ANALYSIS: ['RQ-01'],
  SCOPE_AND_CONTEXT: ['RQ-02', 'RQ-03', 'RQ-04', 'RQ-05'],
  COMMITTEE_AND_ROLES: ['RQ-06', 'RQ-07'],
  POLICY_APPROVED: ['RQ-09'],
  INVENTORY: ['RQ-11'],
  RISK_METHODOLOGY: ['RQ-13'],
  RISK_ASSESSMENTS: ['RQ-14'],
  IMPACT_ASSESSMENTS: ['RQ-17'],
  SOA: ['RQ-19'],
  TREATMENT_PLAN: ['RQ-20'],
  PROCEDURES: ['RQ-22'],
  TRAINING: ['RQ-25'],
  MONITORING: ['RQ-28'],
  KPIS_TRACKED: ['RQ-29'],
  INTERNAL_AUDIT: ['RQ-34'],
  FINDINGS_ADDRESSED: ['RQ-35'],
  MANAGEMENT_REVIEW: ['RQ-36'],
  DOCUMENTS_REFINED: ['RQ-38'],
  CERTIFICATION_PREP: ['RQ-39'],
};
const MILESTONE_LEVEL = 3;

/** Milestones whose evidence items are all verified at level 3 or more (N/A items count as done). */
export function evidencedMilestones(result: Pick<ReadinessResult, 'items'>): Set<string> {
  const items = new Map(result.items.map((i) => [i.itemId, i]));
  const done = (id: string) => {
    const s = items.get(id);
    return s !== undefined && (!s.applicable || (s.verified && (s.effective ?? 0) >= MILESTONE_LEVEL));
  };
  const annex = result.items.filter((i) => i.applicable && i.itemId.startsWith('RQ-A.'));
  const keys = Object.entries(MILESTONE_EVIDENCE)
    .filter(([, ids]) => ids?.every(done))
    .map(([key]) => key);
  // Controls: started once any applicable control is verified past "not started", complete once all are at 3.
  if (annex.some((i) => i.verified && (i.effective ?? 0) >= 2)) keys.push('CONTROLS_STARTED');
  if (annex.length > 0 && annex.every((i) => i.verified && (i.effective ?? 0) >= MILESTONE_LEVEL))
    keys.push('CONTROLS_COMPLETE');
  return new Set(keys);
}

export async function latestSubmission(store: TenantStore): Promise<ReadinessSubmission | null> {
  const page = await store.query(ReadinessSubmissions, 'timeline', {}, { limit: 1 }, { descending: true });
  return page.entries[0]?.item ?? null;
}

export async function latestReadinessSnapshot(store: TenantStore): Promise<ReadinessSnapshot | null> {
  const page = await store.query(ReadinessSnapshots, 'timeline', {}, { limit: 1 }, { descending: true });
  return page.entries[0]?.item ?? null;
}

export async function roadmapOfSnapshot(store: TenantStore, snapshotId: string): Promise<Roadmap | null> {
  return (await store.get(ReadinessRoadmaps, { snapshotId }))?.roadmap ?? null;
}

/** Controls excluded in the approved SoA: their Annex A items are N/A. */
export async function soaExcludedControls(store: TenantStore): Promise<string[]> {
  const approved = (await store.get(SoaHeads, {}))?.approvedVersion;
  if (!approved) return [];
  const entries = await store.collection(ApprovedSoaEntries, ['SOA', 'V', padded(approved, 6)], {
    sortPrefix: 'ENTRY#',
  });
  return entries.filter((e) => e.applicable === false).map((e) => e.controlId);
}

/**
 * The answers to score. A stored N/A whose condition no longer holds (the SoA now
 * includes the control, say) counts as unanswered rather than failing the run.
 * Without a submission, each item the records cap is declared at its cap, so an
 * evidence-only score has no overclaim and is wholly verified where it counts.
 */
function answersToScore(
  submission: ReadinessSubmission | null,
  caps: ReadonlyMap<string, ReadinessCap>,
  context: ReadinessContext,
): ReadinessAnswer[] {
  const bank = new Map(READINESS_BANK.map((i) => [i.id, i]));
  if (submission) {
    return submission.answers.filter((a) => {
      const item = bank.get(a.itemId);
      return item !== undefined && (!('notApplicable' in a) || notApplicableAllowed(item, context));
    });
  }
  return READINESS_BANK.flatMap((item) => {
    const cap = caps.get(item.id);
    return cap ? [{ itemId: item.id, value: cap.cap }] : [];
  });
}

/** The month of the roadmap `day` falls in: 0 before it starts, horizon + 1 after it ends. */
export function roadmapMonthOn(roadmap: Pick<Roadmap, 'months'>, day: string): number {
  const first = roadmap.months[0];
  if (!first || day < first.from) return 0;
  const current = roadmap.months.find((m) => m.from <= day && day < m.to);
  return current ? current.k : roadmap.months.length + 1;
}

export async function prepareReadinessSnapshot(
  store: TenantStore,
  input: TakeSnapshotInput,
): Promise<PreparedSnapshot> {
  const today = input.now.slice(0, 10);
  const [submission, records, excluded, previous] = await Promise.all([
    input.submission === undefined ? latestSubmission(store) : Promise.resolve(input.submission),
    evidenceCaps(store, today, input.sources),
    soaExcludedControls(store),
    latestReadinessSnapshot(store),
  ]);
  const caps = new Map<string, ReadinessCap>(
    [...records.values()].map((c) => [c.itemId, { cap: c.cap, basis: c.basis }]),
  );
  if (submission && !caps.has('RQ-01')) caps.set('RQ-01', GAP_ANALYSIS_CAP);
  const profile: ReadinessProfile = submission?.profile ?? readinessProfileSchema.parse({});
  const context: ReadinessContext = { profile, soaExcludedControls: excluded, stage1Held: false };
  const answers = answersToScore(submission, caps, context);
  const result = scoreReadiness({ answers, caps, context });
  const answered = new Set(answers.map((a) => a.itemId));
  const roadmap = generateRoadmap({
    score: result,
    profile,
    startDate: profile.startDate ?? submission?.submittedAt.slice(0, 10) ?? today,
    doneMilestones: evidencedMilestones(result),
    generatedAt: input.now,
  });
  const snapshot: ReadinessSnapshot = {
    ...readinessSnapshotScores(result),
    id: input.snapshotId,
    tenantId: store.tenantId,
    takenAt: input.now,
    day: today,
    source: input.source,
    kind: input.kind ?? 'REGULAR',
    submissionId: submission?.id ?? null,
    roadmapMonth: roadmapMonthOn(roadmap, today),
    horizonMonths: roadmap.horizonMonths,
    atRisk: roadmap.atRisk,
    items: result.items.map((i) => ({
      itemId: i.itemId,
      applicable: i.applicable,
      answered: answered.has(i.itemId),
      declared: i.declared,
      cap: i.cap,
      capBasis: i.capBasis,
      effective: i.effective,
      verified: i.verified,
      weight: i.weight,
      target: i.target,
      gap: i.gap,
    })),
  };
  const record: ReadinessRoadmapRecord = { tenantId: store.tenantId, snapshotId: snapshot.id, roadmap };
  return {
    snapshot,
    roadmap,
    result,
    previous,
    change: readinessChange(previous, snapshot),
    writes: [put(ReadinessSnapshots, snapshot, 'absent'), put(ReadinessRoadmaps, record, 'absent')],
  };
}

export function readinessChange(
  previous: Pick<ReadinessSnapshot, 'id' | 'readinessLevel' | 'showstoppers' | 'inputsHash'> | null,
  next: Pick<ReadinessSnapshot, 'readinessLevel' | 'showstoppers' | 'inputsHash'>,
): ReadinessChange {
  const before = previous?.showstoppers ?? [];
  return {
    previousSnapshotId: previous?.id ?? null,
    levelChanged: previous?.readinessLevel !== next.readinessLevel,
    showstoppersAdded: next.showstoppers.filter((s) => !before.includes(s)),
    showstoppersResolved: before.filter((s) => !next.showstoppers.includes(s)),
    inputsChanged: previous?.inputsHash !== next.inputsHash,
  };
}

/** ReadinessChanged is due when the level or a showstopper changed (§3.14). */
export const isReadinessChanged = (c: ReadinessChange) =>
  c.levelChanged || c.showstoppersAdded.length > 0 || c.showstoppersResolved.length > 0;

/**
 * The closures of OPEN actions now verified at target, split into transactions of
 * at most 100 items, the first leaving room for `alongside` items. Change record
 * ids derive from the snapshot id, so the closures need no id generator.
 */
export async function closuresWith(
  store: TenantStore,
  prepared: Pick<PreparedSnapshot, 'snapshot'>,
  now: string,
  alongside: number,
): Promise<Write[][]> {
  let n = 0;
  const ids = { next: () => `${prepared.snapshot.id}.close.${++n}` };
  const pairs = await evidenceClosures(store, prepared.snapshot.items ?? [], {
    now,
    snapshotId: prepared.snapshot.id,
    ids,
  });
  return pairs.length ? chunkWrites(pairs, undefined, alongside) : [];
}

export type NightlyReadiness =
  | { status: 'ALREADY_RAN'; day: string }
  | { status: 'WRITTEN'; day: string; prepared: PreparedSnapshot };

/**
 * The nightly snapshot of one tenant (readiness-scoring job): COMBINED when a
 * questionnaire was submitted, EVIDENCE otherwise. The day's run marker is written
 * create-only in the same transaction, so a rerun or a duplicate delivery writes nothing.
 */
export async function takeNightlyReadinessSnapshot(
  store: TenantStore,
  input: { now: string; snapshotId: string; sources?: EvidenceSources },
): Promise<NightlyReadiness> {
  const day = input.now.slice(0, 10);
  if (await store.get(ReadinessRuns, { day })) return { status: 'ALREADY_RAN', day };
  const submission = await latestSubmission(store);
  const prepared = await prepareReadinessSnapshot(store, {
    source: submission ? 'COMBINED' : 'EVIDENCE',
    submission,
    now: input.now,
    snapshotId: input.snapshotId,
    ...(input.sources ? { sources: input.sources } : {}),
  });
  const writes = [
    put(
      ReadinessRuns,
      { tenantId: store.tenantId, day, snapshotId: input.snapshotId, ranAt: input.now },
      'absent',
    ),
    ...prepared.writes,
  ];
  const [first = [], ...rest] = await closuresWith(store, prepared, input.now, writes.length);
  try {
    await store.commit([...writes, ...first]);
  } catch (error) {
    if (error instanceof ConflictError && error.extensions.reason === 'ALREADY_EXISTS') {
      return { status: 'ALREADY_RAN', day };
    }
    throw error;
  }
  for (const chunk of rest) await store.commit(chunk);
  return { status: 'WRITTEN', day, prepared };
}
