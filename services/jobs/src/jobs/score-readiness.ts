// The readiness-scoring job for one tenant (§3.14, §3.12.3): the nightly
// snapshot of the run's day, ReadinessChanged when the level or a showstopper
// changed, and the portfolio's summary of the client (§3.16). Core writes the
// snapshot with a create-only marker per day, so a rerun or a duplicate delivery
// writes nothing; a rerun after a failure between that commit and the event
// recovers the day's change from the stored snapshots and reports it again
// (consumers drop duplicates by runKey, the portfolio write is idempotent).
import {
  audienceOfMembers,
  clientReadinessOf,
  isReadinessChanged,
  type ReadinessChange,
  ReadinessRuns,
  type ReadinessSnapshot,
  ReadinessSnapshots,
  readinessChange,
  type TenantStore,
  takeNightlyReadinessSnapshot,
} from '@aims/core';
import type { JobContext, JobRunner } from './job';

export const READINESS_CHANGED = 'ReadinessChanged';

/**
 * The instant the period's snapshot is taken as of: now while the day lasts; for
 * a late run of an earlier day, the day's last instant, so the snapshot (its day,
 * evidence date and place in the timeline) belongs to the period, not the run.
 */
export function snapshotInstant(period: string, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  if (period === today) return now.toISOString();
  if (period < today) return `${period}T23:59:59.999Z`;
  throw new Error(`readiness of ${period} cannot be scored on ${today}: the day has not come`);
}

export const scoreReadiness: JobRunner = async (context) => {
  const { tenant, period, store, ids, clock, members } = context;
  const night = await takeNightlyReadinessSnapshot(store, {
    now: snapshotInstant(period, clock.now()),
    snapshotId: ids.next(),
    // RQ-10's acknowledgement rate is over the policy audience.
    sources: { policyAudience: async () => audienceOfMembers(await members()) },
  });
  const day =
    night.status === 'WRITTEN'
      ? latestOf(night.prepared.snapshot, night.prepared.previous, night.prepared.change)
      : await recoverDay(store, period);
  if (!day) {
    // A later snapshot exists (a backfilled day, or a submission since): it reported itself.
    return { status: night.status, reported: false };
  }
  const changed = isReadinessChanged(day.change);
  if (changed) await publishChange(context, day);
  await context.portfolio.recordReadiness(tenant, clientReadinessOf(day.snapshot));
  return {
    status: night.status,
    snapshotId: day.snapshot.id,
    readinessLevel: day.snapshot.readinessLevel,
    changed,
    reported: true,
  };
};

interface DaySnapshot {
  snapshot: ReadinessSnapshot;
  previous: ReadinessSnapshot | null;
  change: ReadinessChange;
}

/** The day's snapshot is reported only while it is the tenant's latest. */
function latestOf(
  snapshot: ReadinessSnapshot,
  previous: ReadinessSnapshot | null,
  change: ReadinessChange,
): DaySnapshot | null {
  return !previous || previous.takenAt <= snapshot.takenAt ? { snapshot, previous, change } : null;
}

/** The period already ran: its snapshot and the one before it, if it is still the latest. */
async function recoverDay(store: TenantStore, day: string): Promise<DaySnapshot | null> {
  const run = await store.get(ReadinessRuns, { day });
  if (!run) throw new Error(`readiness run marker of ${day} is missing`);
  const page = await store.query(ReadinessSnapshots, 'timeline', {}, { limit: 2 }, { descending: true });
  const [latest, previous] = page.entries.map((e) => e.item);
  if (latest?.id !== run.snapshotId) return null;
  return { snapshot: latest, previous: previous ?? null, change: readinessChange(previous ?? null, latest) };
}

async function publishChange(context: JobContext, { snapshot, previous, change }: DaySnapshot) {
  const { tenant, period, events } = context;
  await events.publish({
    detailType: READINESS_CHANGED,
    detail: {
      // Stable per (tenant, job, period): consumers can drop a redelivered event.
      runKey: `${tenant.id}/readiness-scoring/${period}`,
      tenantId: tenant.id,
      period,
      snapshotId: snapshot.id,
      previousSnapshotId: previous?.id ?? null,
      levelBefore: previous?.readinessLevel ?? null,
      levelAfter: snapshot.readinessLevel,
      showstoppersAdded: change.showstoppersAdded,
      showstoppersResolved: change.showstoppersResolved,
    },
  });
}
