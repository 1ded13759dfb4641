// Review reminders: which of a tenant's commitments have slipped on a given day.
// A risk whose review date has passed is stale unless the risk is closed; a
// treatment action whose due date has passed is overdue until it reaches 100 %.
// Pure: the day comes in as the job's period, so a rerun sees the same day.

import { TreatmentActions } from '../plan/model';
import type { TreatmentAction } from '../plan/treatment-action';
import { Risks } from '../risk/model';
import type { Risk } from '../risk/risk';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { effectivenessVerificationReminders } from './effectiveness-verification-due';
import { daysBetween, REMINDER_KINDS, type Reminder, type ReminderKind } from './reminder';

export interface ReminderInput {
  risks: readonly Pick<Risk, 'id' | 'title' | 'ownerId' | 'reviewDate' | 'status'>[];
  actions: readonly Pick<TreatmentAction, 'id' | 'title' | 'ownerId' | 'dueDate' | 'progress'>[];
  /** `YYYY-MM-DD`. */
  today: string;
}

/** Most overdue first; ties by kind, then id, so the order is stable. */
export function reviewReminders({ risks, actions, today }: ReminderInput): Reminder[] {
  const reminders: Reminder[] = [];
  for (const risk of risks) {
    if (risk.status === 'CLOSED' || !(risk.reviewDate < today)) continue;
    reminders.push({
      kind: 'RISK_REVIEW_OVERDUE',
      entityId: risk.id,
      title: risk.title,
      ownerId: risk.ownerId,
      dueDate: risk.reviewDate,
      daysOverdue: daysBetween(risk.reviewDate, today),
    });
  }
  for (const action of actions) {
    if (action.progress >= 100 || !(action.dueDate < today)) continue;
    reminders.push({
      kind: 'ACTION_OVERDUE',
      entityId: action.id,
      title: action.title,
      ownerId: action.ownerId,
      dueDate: action.dueDate,
      daysOverdue: daysBetween(action.dueDate, today),
    });
  }
  return reminders.sort(byOverdue);
}

/** Most overdue first; ties by kind, then id, so the order is stable. */
export const byOverdue = (a: Reminder, b: Reminder) =>
  b.daysOverdue - a.daysOverdue || a.kind.localeCompare(b.kind) || a.entityId.localeCompare(b.entityId);

export function countByKind(reminders: readonly Reminder[]): Record<ReminderKind, number> {
  const counts = Object.fromEntries(REMINDER_KINDS.map((k) => [k, 0])) as Record<ReminderKind, number>;
  for (const r of reminders) counts[r.kind]++;
  return counts;
}

/**
 * The reminders due for one tenant on `today`, read through the store: a
 * scheduled job over one tenant reads its register and plan whole (the plan
 * also gives EFFECTIVENESS_VERIFICATION_DUE).
 */
export async function dueReviewReminders(store: TenantStore, today: string): Promise<Reminder[]> {
  const [risks, actions] = await Promise.all([
    readAll(store, Risks, 'register', {}),
    readAll(store, TreatmentActions, 'plan', {}),
  ]);
  // EFFECTIVENESS_VERIFICATION_DUE from the same read of the plan.
  return [
    ...reviewReminders({ risks, actions, today }),
    ...effectivenessVerificationReminders(actions, today),
  ];
}
