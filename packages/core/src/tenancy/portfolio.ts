// What a consultancy's portfolio shows of each client (§3.16), kept in the control
// plane so one query serves a page of clients: the readiness fields are written
// with every snapshot, the overdue counts by the review-reminders run.
import type { ReadinessSnapshot } from '../readiness/model';
import type { ReadinessLevel } from '../readiness/score';
import type { Tenant } from './model';

export interface ClientReadiness {
  snapshotId: string;
  takenAt: string;
  readinessLevel: ReadinessLevel;
  overall: number;
  stage1: number | null;
  showstoppers: number;
  overclaim: number;
  verifiedShare: number;
  roadmapMonth: number;
  horizonMonths: number;
  atRisk: boolean;
}

export interface ClientOverdue {
  /** The reminders run's period (day). */
  day: string;
  byKind: Record<string, number>;
}

/** Where snapshots and reminder runs report to the portfolio. Writes are idempotent. */
export interface PortfolioSink {
  recordReadiness(tenant: Tenant, readiness: ClientReadiness): Promise<void>;
  recordOverdue(tenant: Tenant, overdue: ClientOverdue): Promise<void>;
}

export function clientReadinessOf(s: ReadinessSnapshot): ClientReadiness {
  return {
    snapshotId: s.id,
    takenAt: s.takenAt,
    readinessLevel: s.readinessLevel,
    overall: s.overall,
    stage1: s.stage1,
    showstoppers: s.showstoppers.length,
    overclaim: s.overclaim,
    verifiedShare: s.verifiedShare,
    roadmapMonth: s.roadmapMonth,
    horizonMonths: s.horizonMonths,
    atRisk: s.atRisk,
  };
}

/** Riskiest first: never assessed, then NOT_READY_FOR_STAGE_1 … READY. */
const LEVEL_RISK: Record<ReadinessLevel | 'UNASSESSED', number> = {
  UNASSESSED: 0,
  NOT_READY_FOR_STAGE_1: 1,
  FOUNDATION: 2,
  BUILDING: 3,
  NEARLY_READY: 4,
  READY: 5,
};

/**
 * A sort key that orders clients riskiest first when read ascending: level, then
 * more showstoppers, then at risk, then lower score, then the tenant id for ties.
 */
export function portfolioRiskKey(readiness: ClientReadiness | null, tenantId: string): string {
  if (!readiness) return `${LEVEL_RISK.UNASSESSED}#${tenantId}`;
  const showstoppers = String(99 - Math.min(99, readiness.showstoppers)).padStart(2, '0');
  const onTrack = readiness.atRisk ? 0 : 1;
  const score = String(Math.round(readiness.overall * 10)).padStart(4, '0');
  return `${LEVEL_RISK[readiness.readinessLevel]}#${showstoppers}#${onTrack}#${score}#${tenantId}`;
}
