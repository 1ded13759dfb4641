// EFFECTIVENESS_VERIFICATION_DUE (X-12, §3.14): a treatment action done (100 %,
// not cancelled) with no effectiveness check planned or recorded yet. Pure: the
// job applies it to the plan it already reads for ACTION_OVERDUE.
import type { TreatmentAction } from '../plan/treatment-action';
import { daysBetween, type Reminder } from './reminder';

type Done = Pick<
  TreatmentAction,
  'id' | 'title' | 'ownerId' | 'dueDate' | 'progress' | 'completedAt' | 'cancellation' | 'effectivenessCheck'
>;

/** Due from the day the action was completed (its due date if no completion was recorded). */
export function effectivenessVerificationReminders(actions: readonly Done[], today: string): Reminder[] {
  return actions.flatMap((a) => {
    if (a.progress < 100 || a.cancellation || a.effectivenessCheck) return [];
    const since = a.completedAt?.slice(0, 10) ?? a.dueDate;
    if (since > today) return [];
    return [
      {
        kind: 'EFFECTIVENESS_VERIFICATION_DUE' as const,
        entityId: a.id,
        title: a.title,
        ownerId: a.ownerId,
        dueDate: since,
        daysOverdue: daysBetween(since, today),
      },
    ];
  });
}
