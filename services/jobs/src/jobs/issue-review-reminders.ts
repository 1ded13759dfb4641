// The review-reminders job for one tenant: work out the reminders for the
// period, store each as an item in the tenant's table (only if absent, so a
// rerun adds nothing), and tell integrations with one event per run.
import { randomUUID } from 'node:crypto';
import {
  byOverdue,
  ConflictError,
  countByKind,
  dueAppointmentAcceptances,
  dueCommitteeMeetings,
  dueDocumentReviews,
  dueImpactReassessments,
  duePolicyReviews,
  dueResidualAcceptanceExpiries,
  dueReviewReminders,
  dueTrainingAssignments,
  put,
  Reminders,
  refreshLapsedRisks,
  remindersToIssue,
  type StoredReminder,
  type TenantStore,
} from '@aims/core';
import type { JobRunner } from './job';

export const REMINDERS_ISSUED = 'ReviewRemindersIssued';

const WRITE_CONCURRENCY = 10;

export const issueReviewReminders: JobRunner = async ({
  tenant,
  period,
  store,
  events,
  portfolio,
  clock,
}) => {
  // risks whose acceptance lapsed or residual assessment fell overdue become gaps first.
  await refreshLapsedRisks(store, period, { clock, ids: { next: () => randomUUID() } });
  // §3.14: each rule reads one bounded index or partition; the reads are independent.
  const reminders = (
    await Promise.all([
      dueReviewReminders(store, period),
      dueImpactReassessments(store, period),
      dueResidualAcceptanceExpiries(store, period),
      dueTrainingAssignments(store, period),
      dueAppointmentAcceptances(store, period),
      dueCommitteeMeetings(store, period),
      duePolicyReviews(store, period),
      dueDocumentReviews(store, period),
    ])
  )
    .flat()
    .sort(byOverdue);
  // Each expires REMINDER_RETENTION_DAYS after the period (DynamoDB TTL on `expiresAt`).
  const toIssue = await remindersToIssue(store, reminders, period, clock.now().toISOString());
  let created = 0;
  for (let i = 0; i < toIssue.length; i += WRITE_CONCURRENCY) {
    const written = await Promise.all(
      toIssue.slice(i, i + WRITE_CONCURRENCY).map((r) => createIfAbsent(store, r)),
    );
    created += written.filter(Boolean).length;
  }
  const byKind = countByKind(reminders);
  // §3.16: the portfolio shows each client's overdue work as of this run (idempotent per day).
  await portfolio.recordOverdue(tenant, { day: period, byKind });
  await events.publish({
    detailType: REMINDERS_ISSUED,
    detail: {
      // Stable per (tenant, job, period): consumers can drop a redelivered event.
      runKey: `${tenant.id}/review-reminders/${period}`,
      tenantId: tenant.id,
      period,
      reminders: reminders.length,
      created,
      byKind,
    },
  });
  return { reminders: reminders.length, created, byKind };
};

/** A reminder already issued for the same day is left as it is: reruns add nothing. */
async function createIfAbsent(store: TenantStore, reminder: StoredReminder): Promise<boolean> {
  try {
    await store.commit([put(Reminders, reminder, 'absent')]);
    return true;
  } catch (error) {
    if (error instanceof ConflictError && error.extensions.reason === 'ALREADY_EXISTS') return false;
    throw error;
  }
}
