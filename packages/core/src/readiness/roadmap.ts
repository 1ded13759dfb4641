// Generates the readiness roadmap (§3.12.4) from a scored assessment: the horizon
// (5 months, 3 with ISO 27001/9001, 2 when their shared processes already score),
// gap items placed by the guide's timeline and their dependencies, items at target
// as completed milestones, the guide's fixed milestones M1–M5, dates from the start,
// and the critical path when the target date comes before the horizon ends.
// Pure and deterministic: arrays are built in bank order, never from Map order.
import { addMonths } from '../governance/committee';
import { addDays } from '../risk/risk';
import { type Effort, READINESS_BANK, type ReadinessItem, type TimelineMonth } from './bank';
import { holdsIso27001Or9001, type ReadinessProfile } from './scale';
import type { ReadinessResult } from './score';

export type GuideMilestoneId = 'M1' | 'M2' | 'M3' | 'M4' | 'M5';

/** The guide's fixed milestones; a key is done when the caller has evidence of it. */
export const GUIDE_MILESTONES = [
  { key: 'GAP_ANALYSIS', milestone: 'M1', title: 'Gap analysis completed' },
  { key: 'SCOPE_AND_CONTEXT', milestone: 'M1', title: 'Scope and context defined' },
  { key: 'COMMITTEE_AND_ROLES', milestone: 'M1', title: 'Governance committee formed and roles appointed' },
  { key: 'POLICY_APPROVED', milestone: 'M1', title: 'AI policy approved' },
  { key: 'INVENTORY', milestone: 'M1', title: 'AI system inventory complete' },
  { key: 'RISK_METHODOLOGY', milestone: 'M2', title: 'Risk methodology approved' },
  { key: 'RISK_ASSESSMENTS', milestone: 'M2', title: 'Risk assessments done' },
  { key: 'IMPACT_ASSESSMENTS', milestone: 'M2', title: 'Impact assessments done' },
  { key: 'SOA', milestone: 'M2', title: 'Statement of Applicability approved' },
  { key: 'TREATMENT_PLAN', milestone: 'M2', title: 'Risk treatment plan approved' },
  { key: 'CONTROLS_STARTED', milestone: 'M2', title: 'Control implementation started' },
  { key: 'PROCEDURES', milestone: 'M3', title: 'Procedures published' },
  { key: 'TRAINING', milestone: 'M3', title: 'Training delivered' },
  { key: 'MONITORING', milestone: 'M3', title: 'Monitoring in place' },
  { key: 'CONTROLS_COMPLETE', milestone: 'M3', title: 'Controls implemented' },
  { key: 'KPIS_TRACKED', milestone: 'M3', title: 'KPIs tracked' },
  { key: 'INTERNAL_AUDIT', milestone: 'M4', title: 'Internal audit completed' },
  { key: 'FINDINGS_ADDRESSED', milestone: 'M4', title: 'Internal audit findings addressed' },
  { key: 'MANAGEMENT_REVIEW', milestone: 'M4', title: 'First management review held' },
  { key: 'DOCUMENTS_REFINED', milestone: 'M4', title: 'Documentation refined' },
  { key: 'CERTIFICATION_PREP', milestone: 'M4', title: 'Certification prepared' },
  { key: 'STAGE_1', milestone: 'M5', title: 'Stage 1 audit held' },
  { key: 'STAGE_1_FINDINGS', milestone: 'M5', title: 'Stage 1 findings addressed' },
  { key: 'STAGE_2', milestone: 'M5', title: 'Stage 2 audit held' },
  { key: 'CORRECTIVE_ACTIONS', milestone: 'M5', title: 'Stage 2 corrective actions closed' },
  { key: 'CERTIFICATE', milestone: 'M5', title: 'Certificate issued' },
] as const satisfies readonly { key: string; milestone: GuideMilestoneId; title: string }[];
export type GuideMilestoneKey = (typeof GUIDE_MILESTONES)[number]['key'];

export interface RoadmapMilestone {
  /** A guide key (GAP_ANALYSIS …) or, for an item already at target, its item id. */
  key: string;
  kind: 'GUIDE' | 'ITEM';
  /** The guide milestone (M1…M5) a GUIDE entry belongs to. */
  milestone: GuideMilestoneId | null;
  title: string;
  done: boolean;
}

export interface RoadmapTask {
  itemId: string;
  title: string;
  /** g_i from the score. */
  gap: number;
  ownerAppointmentKind: ReadinessItem['defaultOwnerAppointment'];
  dueOn: string;
  effort: Effort;
  /** Open dependencies (applicable items below target) this task waits for. */
  dependsOn: string[];
  /** BLOCKED while a dependency is open. */
  status: 'OPEN' | 'BLOCKED';
  /** P1 integrated organisations extend an existing process instead of building one. */
  extendsExistingProcess: boolean;
}

export interface RoadmapMonth {
  k: number;
  /** First day of the month. */
  from: string;
  /** First day after the month: the month spans [from, to). */
  to: string;
  milestones: RoadmapMilestone[];
  tasks: RoadmapTask[];
}

export interface Roadmap {
  generatedAt: string;
  horizonMonths: 2 | 3 | 5;
  compressed: boolean;
  startDate: string;
  targetDate: string | null;
  /** The target date (P6) falls before start + H months. */
  atRisk: boolean;
  /** Longest dependency chain of open items, first to last; empty unless atRisk. */
  criticalPath: string[];
  months: RoadmapMonth[];
}

export interface GenerateRoadmapInput {
  score: Pick<ReadinessResult, 'items' | 'perClause'>;
  profile: Pick<ReadinessProfile, 'existingCertifications' | 'targetCertificationDate'>;
  /** P7, resolved by the caller (today when the profile leaves it empty). */
  startDate: string;
  doneMilestones: ReadonlySet<string>;
  generatedAt: string;
  bank?: readonly ReadinessItem[];
}

const PHI: Record<2 | 3 | 5, Record<TimelineMonth, number>> = {
  5: { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5 },
  3: { 1: 1, 2: 1, 3: 2, 4: 3, 5: 3 },
  2: { 1: 1, 2: 1, 3: 1, 4: 2, 5: 2 },
};

/** RQ-22…RQ-27 and RQ-32…RQ-37: processes an ISO 27001/9001 system already runs. */
const EXTENDABLE = new Set([
  'RQ-22',
  'RQ-23',
  'RQ-24',
  'RQ-25',
  'RQ-26',
  'RQ-27',
  'RQ-32',
  'RQ-33',
  'RQ-34',
  'RQ-35',
  'RQ-36',
  'RQ-37',
]);
const SMALLER: Record<Effort, Effort> = { L: 'M', M: 'S', S: 'S' };
/** Days a dependent task needs after its prerequisite, by the dependent's effort. */
const LEAD_DAYS: Record<Effort, number> = { S: 5, M: 10, L: 15 };
const COMPRESSION_BLOCKS = ['7', '9', '10'] as const;
const COMPRESSION_THRESHOLD = 60;

export function roadmapHorizon(
  profile: Pick<ReadinessProfile, 'existingCertifications'>,
  perClause: ReadinessResult['perClause'],
): 2 | 3 | 5 {
  if (!holdsIso27001Or9001(profile)) return 5;
  const shared = COMPRESSION_BLOCKS.every((c) => (perClause[c] ?? 0) >= COMPRESSION_THRESHOLD);
  return shared ? 2 : 3;
}

export function monthMapping(horizon: 2 | 3 | 5, month: TimelineMonth): number {
  return PHI[horizon][month];
}

export function generateRoadmap(input: GenerateRoadmapInput): Roadmap {
  const bank = input.bank ?? READINESS_BANK;
  const H = roadmapHorizon(input.profile, input.score.perClause);
  const integrated = H < 5;
  const scores = new Map(input.score.items.map((s) => [s.itemId, s]));
  const applicable = bank.filter((i) => scores.get(i.id)?.applicable);
  const byId = new Map(applicable.map((i) => [i.id, i]));
  const isOpen = (id: string) => {
    const s = scores.get(id);
    return s?.applicable === true && (s.effective ?? 0) < s.target;
  };
  const rank = new Map(bank.map((i, n) => [i.id, n]));
  // Bank order, so ties (critical path, output) never depend on how dependsOn was written.
  const depsOf = (i: ReadinessItem) =>
    i.dependsOn.filter((d) => byId.has(d)).sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));

  const order = topologicalOrder(applicable, depsOf, byId);
  const month = new Map<string, number>();
  for (const i of order) {
    month.set(i.id, Math.max(PHI[H][i.month], ...depsOf(i).map((d) => month.get(d) ?? 1)));
  }

  const monthStart = (k: number) => addMonths(input.startDate, k - 1);
  const monthEnd = (k: number) => addDays(addMonths(input.startDate, k), -1);
  // A prerequisite is due early enough for its dependents to follow within their month.
  const due = new Map<string, string>();
  const dependents = new Map<string, ReadinessItem[]>();
  for (const i of applicable) for (const d of depsOf(i)) dependents.set(d, [...(dependents.get(d) ?? []), i]);
  for (const i of [...order].reverse()) {
    if (!isOpen(i.id)) continue;
    const k = month.get(i.id) ?? 1;
    const first = monthStart(k);
    let d = monthEnd(k);
    for (const t of dependents.get(i.id) ?? []) {
      const dt = due.get(t.id);
      if (!dt) continue;
      const latest = addDays(dt, -LEAD_DAYS[effortOf(t, integrated)]);
      if (latest < d) d = latest;
    }
    // Never before the month starts: a squeezed chain shares the first day.
    due.set(i.id, [d, first].sort()[1] as string);
  }

  const months: RoadmapMonth[] = Array.from({ length: H }, (_, n) => ({
    k: n + 1,
    from: monthStart(n + 1),
    to: addMonths(input.startDate, n + 1),
    milestones: [],
    tasks: [],
  }));
  const at = (k: number) => months[Math.min(H, Math.max(1, k)) - 1] as RoadmapMonth;

  for (const g of GUIDE_MILESTONES)
    at(PHI[H][Number(g.milestone.slice(1)) as TimelineMonth]).milestones.push({
      key: g.key,
      kind: 'GUIDE',
      milestone: g.milestone,
      title: g.title,
      done: input.doneMilestones.has(g.key),
    });

  for (const i of applicable) {
    const s = scores.get(i.id);
    const k = month.get(i.id) ?? 1;
    if (!isOpen(i.id)) {
      at(k).milestones.push({ key: i.id, kind: 'ITEM', milestone: null, title: i.question, done: true });
      continue;
    }
    const openDeps = depsOf(i).filter(isOpen);
    const extendsExistingProcess = integrated && EXTENDABLE.has(i.id);
    at(k).tasks.push({
      itemId: i.id,
      title: extendsExistingProcess
        ? `Extend your existing management system process: ${i.question}`
        : i.question,
      gap: s?.gap ?? 0,
      ownerAppointmentKind: i.defaultOwnerAppointment,
      dueOn: due.get(i.id) ?? monthEnd(k),
      effort: effortOf(i, integrated),
      dependsOn: openDeps,
      status: openDeps.length > 0 ? 'BLOCKED' : 'OPEN',
      extendsExistingProcess,
    });
  }

  const targetDate = input.profile.targetCertificationDate;
  const atRisk = targetDate !== null && targetDate < addMonths(input.startDate, H);
  return {
    generatedAt: input.generatedAt,
    horizonMonths: H,
    compressed: H < 5,
    startDate: input.startDate,
    targetDate,
    atRisk,
    criticalPath: atRisk
      ? criticalPath(
          order.filter((i) => isOpen(i.id)),
          (i) => depsOf(i).filter(isOpen),
        )
      : [],
    months,
  };
}

function effortOf(i: ReadinessItem, integrated: boolean): Effort {
  return integrated && EXTENDABLE.has(i.id) ? SMALLER[i.effort] : i.effort;
}

/** Dependencies before dependents; ties keep bank order. */
function topologicalOrder(
  items: readonly ReadinessItem[],
  depsOf: (i: ReadinessItem) => readonly string[],
  byId: ReadonlyMap<string, ReadinessItem>,
): ReadinessItem[] {
  const out: ReadinessItem[] = [];
  const seen = new Set<string>();
  const visit = (i: ReadinessItem) => {
    if (seen.has(i.id)) return;
    seen.add(i.id);
    for (const d of depsOf(i)) {
      const dep = byId.get(d);
      if (dep) visit(dep);
    }
    out.push(i);
  };
  for (const i of items) visit(i);
  return out;
}

/** Longest chain by number of items; ties go to the earlier item in bank order. */
function criticalPath(
  openInOrder: readonly ReadinessItem[],
  openDeps: (i: ReadinessItem) => string[],
): string[] {
  const length = new Map<string, number>();
  const prev = new Map<string, string | null>();
  for (const i of openInOrder) {
    let best: string | null = null;
    for (const d of openDeps(i))
      if (best === null || (length.get(d) ?? 0) > (length.get(best) ?? 0)) best = d;
    length.set(i.id, 1 + (best === null ? 0 : (length.get(best) ?? 0)));
    prev.set(i.id, best);
  }
  let end: string | null = null;
  for (const i of openInOrder)
    if (end === null || (length.get(i.id) ?? 0) > (length.get(end) ?? 0)) end = i.id;
  const path: string[] = [];
  for (let at = end; at !== null; at = prev.get(at) ?? null) path.unshift(at);
  return path;
}
