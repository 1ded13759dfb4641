// COMMITTEE_MEETING_DUE (5.3, §3.14): a committee whose next meeting by its
// cadence is due within 14 days or overdue, addressed to whoever set it up (a
// committee has no chair of record). A tenant has one committee or a few, kept
// with their last meeting date, so the job reads them all and no meetings.
import { type Committee, nextMeetingDue } from '../governance/committee';
import { Committees } from '../governance/model';
import { addDays } from '../risk/risk';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { daysBetween, type Reminder } from './reminder';

export const COMMITTEE_MEETING_WARNING_DAYS = 14;

type Row = Pick<Committee, 'id' | 'name' | 'cadenceMonths' | 'lastMeetingOn' | 'createdAt' | 'createdBy'>;

export function committeeMeetingDueReminders(committees: readonly Row[], today: string): Reminder[] {
  const horizon = addDays(today, COMMITTEE_MEETING_WARNING_DAYS);
  return committees.flatMap((c) => {
    const due = nextMeetingDue(c);
    if (due > horizon) return [];
    return [
      {
        kind: 'COMMITTEE_MEETING_DUE' as const,
        entityId: c.id,
        title: `Meeting of ${c.name}`,
        ownerId: c.createdBy,
        dueDate: due,
        daysOverdue: daysBetween(due, today),
      },
    ];
  });
}

export async function dueCommitteeMeetings(store: TenantStore, today: string): Promise<Reminder[]> {
  return committeeMeetingDueReminders(await readAll(store, Committees, 'all', {}), today);
}
