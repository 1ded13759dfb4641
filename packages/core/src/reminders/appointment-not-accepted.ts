// APPOINTMENT_NOT_ACCEPTED (5.3, §3.14): an appointment still not accepted 14
// days after it was made, addressed to the appointee. Reads the sparse index of
// appointments in force (standing ones only, a bounded set; it is sorted by
// kind, not date, so it is read whole).

import type { Appointment } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { addDays } from '../risk/risk';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { daysBetween, type Reminder } from './reminder';

/** Days an appointee has to accept before they are reminded. */
export const APPOINTMENT_ACCEPTANCE_DAYS = 14;

type Pending = Pick<Appointment, 'id' | 'kind' | 'userId' | 'appointedAt' | 'acceptedAt' | 'endedAt'>;

export function appointmentNotAcceptedReminders(appointments: readonly Pending[], today: string): Reminder[] {
  return appointments.flatMap((a) => {
    if (a.acceptedAt || a.endedAt) return [];
    const due = addDays(a.appointedAt.slice(0, 10), APPOINTMENT_ACCEPTANCE_DAYS);
    if (!(due <= today)) return [];
    return [
      {
        kind: 'APPOINTMENT_NOT_ACCEPTED' as const,
        entityId: a.id,
        title: `Appointment as ${a.kind} not accepted`,
        ownerId: a.userId,
        dueDate: due,
        daysOverdue: daysBetween(due, today),
      },
    ];
  });
}

export async function dueAppointmentAcceptances(store: TenantStore, today: string): Promise<Reminder[]> {
  const inForce = await readAll(store, Appointments, 'inForce', {});
  return appointmentNotAcceptedReminders(inForce, today);
}
