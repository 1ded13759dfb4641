// Top-management commitment evidence (5.1, §3.2.2): a computed view of what
// TOP_MANAGEMENT appointees did in a period, from records that exist today —
// policy approvals, risk methodology approvals, residual risk acceptances, SoA
// approvals, scope approvals, treatment-plan approvals and committee meeting
// attendance. Management-review approvals join when those records exist. Each source is one
// or two key-served reads, capped; `truncated` says when a cap was reached.
import * as z from 'zod';
import { ScopeStatements } from '../context/model';
import { activeAt } from '../governance/appointment';
import { addMonths } from '../governance/committee';
import { Appointments, CommitteeMeetings, Committees } from '../governance/model';
import { ApprovedTreatmentPlans, TreatmentPlanHeads } from '../plan/model';
import { Methodologies, Risks } from '../risk/model';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { ApprovedSoaHeads, SoaHeads } from '../soa/model';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { PolicyDocuments } from './model';

export const EVIDENCE_SOURCES = [
  'POLICY_APPROVAL',
  'RISK_METHODOLOGY_APPROVAL',
  'RESIDUAL_RISK_ACCEPTANCE',
  'SOA_APPROVAL',
  'COMMITTEE_ATTENDANCE',
  'SCOPE_APPROVAL',
  'TREATMENT_PLAN_APPROVAL',
] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export interface CommitmentEvidenceItem {
  source: EvidenceSource;
  /** When it happened (ISO timestamp; a meeting's date at the end of that day). */
  at: string;
  /** The TOP_MANAGEMENT appointee. */
  userId: string;
  /** What was approved or attended: an entity type and id. */
  subjectType: string;
  subjectId: string;
  description: string;
}

export interface CommitmentEvidence {
  from: string;
  to: string;
  total: number;
  counts: { source: EvidenceSource; count: number }[];
  /** Newest first. */
  items: CommitmentEvidenceItem[];
  /** Some source had more records than one read takes: older items may be missing. */
  truncated: boolean;
  /** NO_TOP_MANAGEMENT_EVIDENCE when nothing falls in the 12 months up to `to`. */
  gaps: 'NO_TOP_MANAGEMENT_EVIDENCE'[];
}

/** Records read per source. */
export const MAX_EVIDENCE_PER_SOURCE = 100;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const periodInput = z
  .object({ from: date.nullish(), to: date.nullish() })
  .nullish()
  .superRefine((p, ctx) => {
    if (p?.from && p.to && p.from > p.to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
  });

interface Raw {
  source: EvidenceSource;
  at: string;
  userId: string;
  subjectType: string;
  subjectId: string;
  description: string;
}

export async function commitmentEvidence(
  scope: TenantScope,
  rawPeriod: unknown,
  deps: { store: TenantStore; clock: { now(): Date } },
): Promise<CommitmentEvidence> {
  assertCan(scope.role, 'governance.read');
  const period = parseInput(periodInput, rawPeriod, ['period']) ?? {};
  const to = period.to ?? deps.clock.now().toISOString().slice(0, 10);
  const from = period.from ?? addMonths(to, -12);
  const gapFrom = addMonths(to, -12);
  // Dates as YYYY-MM-DD strings: the earlier one sorts first.
  const readFrom = [from, gapFrom].sort()[0] ?? from;
  const { store } = deps;
  const cap = MAX_EVIDENCE_PER_SOURCE;

  const [managers, policies, methodologies, accepted, soaHead, committees, scopes, planHead] =
    await Promise.all([
      readAll(store, Appointments, 'register', {}, { sortPrefix: 'TOP_MANAGEMENT#' }),
      store.query(PolicyDocuments, 'approvals', {}, { limit: cap }, { descending: true }),
      store.collection(Methodologies, ['RISKMETH'], { descending: true, limit: cap }),
      store.query(Risks, 'byStatus', { status: 'ACCEPTED' }, { limit: cap }),
      store.get(SoaHeads, {}),
      readAll(store, Committees, 'all', {}),
      store.query(ScopeStatements, 'editions', {}, { limit: cap }, { descending: true }),
      store.get(TreatmentPlanHeads, {}),
    ]);
  const latestPlan = planHead?.approvedNumber ?? 0;
  const planNumbers = Array.from({ length: Math.min(latestPlan, cap) }, (_, i) => latestPlan - i);
  const latestSoa = soaHead?.approvedVersion ?? 0;
  const soaNumbers = Array.from({ length: Math.min(latestSoa, cap) }, (_, i) => latestSoa - i);
  const [soas, plans, meetings] = await Promise.all([
    store.getMany(
      ApprovedSoaHeads,
      soaNumbers.map((number) => ({ number })),
    ),
    store.getMany(
      ApprovedTreatmentPlans,
      planNumbers.map((number) => ({ number })),
    ),
    Promise.all(
      committees.map((c) =>
        store.query(
          CommitteeMeetings,
          'byCommittee',
          { committeeId: c.id },
          { limit: cap },
          { descending: true },
        ),
      ),
    ),
  ]);

  let truncated =
    policies.hasMore ||
    accepted.hasMore ||
    scopes.hasMore ||
    latestSoa > cap ||
    latestPlan > cap ||
    meetings.some((m) => m.hasMore);
  if (methodologies.length === cap) truncated = true;

  const raw: Raw[] = [];
  for (const p of policies.entries.map((e) => e.item)) {
    if (p.approval) {
      raw.push({
        source: 'POLICY_APPROVAL',
        at: p.approval.at,
        userId: p.approval.by,
        subjectType: 'PolicyDocument',
        subjectId: `${p.id}/v${p.versionNumber}`,
        description: `approved policy "${p.title}" version ${p.versionNumber}`,
      });
    }
  }
  for (const m of methodologies) {
    if (m.approvedBy && m.approvedAt) {
      raw.push({
        source: 'RISK_METHODOLOGY_APPROVAL',
        at: m.approvedAt,
        userId: m.approvedBy,
        subjectType: 'RiskMethodology',
        subjectId: String(m.version),
        description: `approved risk methodology version ${m.version}`,
      });
    }
  }
  for (const r of accepted.entries.map((e) => e.item)) {
    if (r.residualAcceptance) {
      raw.push({
        source: 'RESIDUAL_RISK_ACCEPTANCE',
        at: r.residualAcceptance.acceptedAt,
        userId: r.residualAcceptance.acceptedBy,
        subjectType: 'Risk',
        subjectId: r.id,
        description: `accepted the residual risk "${r.title}" (score ${r.residualAcceptance.residualScore})`,
      });
    }
  }
  for (const s of soas) {
    if (s) {
      raw.push({
        source: 'SOA_APPROVAL',
        at: s.approvedAt,
        userId: s.approvedBy,
        subjectType: 'ApprovedSoa',
        subjectId: String(s.number),
        description: `approved the Statement of Applicability, version ${s.number}`,
      });
    }
  }
  for (const s of scopes.entries.map((e) => e.item)) {
    if (s.approval) {
      raw.push({
        source: 'SCOPE_APPROVAL',
        at: s.approval.at,
        userId: s.approval.by,
        subjectType: 'ScopeStatement',
        subjectId: s.id,
        description: `approved the scope of the AIMS, edition ${s.number}`,
      });
    }
  }
  for (const p of plans) {
    if (p) {
      raw.push({
        source: 'TREATMENT_PLAN_APPROVAL',
        at: p.approval.at,
        userId: p.approval.by,
        subjectType: 'ApprovedTreatmentPlan',
        subjectId: `plan-v${p.number}`,
        description: `approved the AI risk treatment plan, version ${p.number}`,
      });
    }
  }
  meetings.forEach((page, i) => {
    const committee = committees[i];
    for (const m of page.entries.map((e) => e.item)) {
      for (const userId of m.attendees) {
        raw.push({
          source: 'COMMITTEE_ATTENDANCE',
          at: `${m.heldOn}T23:59:59.999Z`,
          userId,
          subjectType: 'CommitteeMeeting',
          subjectId: m.id,
          description: `attended the ${committee?.name ?? 'committee'} meeting of ${m.heldOn}`,
        });
      }
    }
  });

  const inRange = (at: string, start: string) => at.slice(0, 10) >= start && at.slice(0, 10) <= to;
  const byManagement = raw.filter(
    (r) =>
      inRange(r.at, readFrom) && managers.some((a) => a.userId === r.userId && activeAt(a, new Date(r.at))),
  );
  const items = byManagement
    .filter((r) => inRange(r.at, from))
    .sort(
      (a, b) =>
        b.at.localeCompare(a.at) ||
        a.source.localeCompare(b.source) ||
        a.subjectId.localeCompare(b.subjectId) ||
        a.userId.localeCompare(b.userId),
    );
  const counts = EVIDENCE_SOURCES.map((source) => ({
    source,
    count: items.filter((i) => i.source === source).length,
  }));
  const lastYear = byManagement.some((r) => inRange(r.at, gapFrom));
  return {
    from,
    to,
    total: items.length,
    counts,
    items,
    truncated,
    gaps: lastYear ? [] : ['NO_TOP_MANAGEMENT_EVIDENCE'],
  };
}
