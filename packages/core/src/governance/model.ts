// How governance appointments are stored and found: one declaration, read by both stores.
import * as z from 'zod';
import { defineAggregate } from '../shared/store';
import { APPOINTMENT_KINDS, type Appointment, COMMITTEE_FUNCTIONS } from './appointment';

export const appointmentSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: z.enum(APPOINTMENT_KINDS),
  userId: z.string(),
  subjectRef: z.string().nullable(),
  committeeFunction: z.enum(COMMITTEE_FUNCTIONS).nullable(),
  responsibilities: z.array(z.string()),
  authorities: z.array(z.string()),
  appointedBy: z.string(),
  appointedAt: z.string(),
  acceptedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<Appointment>;

/** Kind first so one kind is a sort-key prefix; then oldest appointment first. */
const byKind = (a: Appointment) => `${a.kind}#${a.appointedAt}#${a.id}`;

export const Appointments = defineAggregate({
  name: 'Appointment',
  schema: appointmentSchema as z.ZodType<Appointment>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['APPT', k.id], sort: '#META' }),
  keyOf: (a: Appointment) => ({ id: a.id }),
  describes: 'appointment by id',
  patterns: {
    inForce: {
      index: 'GSI1',
      partition: () => ['APPT', 'IN_FORCE'],
      // Sparse: an ended appointment leaves the index, so gap checks read only what stands.
      params: (a: Appointment) => (a.endedAt ? null : {}),
      sort: byKind,
      describes: 'appointments in force (accepted or awaiting acceptance), by kind (prefix) then date',
    },
    register: {
      index: 'GSI2',
      partition: () => ['APPT'],
      params: () => ({}),
      sort: byKind,
      describes: 'every appointment, ended ones included, by kind (prefix) then date',
    },
    byUser: {
      index: 'GSI3',
      partition: (p: { userId: string }) => ['APPT', 'USER', p.userId],
      params: (a: Appointment) => ({ userId: a.userId }),
      sort: (a: Appointment) => `${a.appointedAt}#${a.id}`,
      describes: "a person's appointments, oldest first",
    },
    bySubject: {
      index: 'GSI4',
      partition: (p: { subjectRef: string }) => ['APPT', 'SUBJECT', p.subjectRef],
      params: (a: Appointment) => (a.subjectRef ? { subjectRef: a.subjectRef } : null),
      sort: byKind,
      describes: 'appointments for one subject (AI system, clause process), by kind then date',
    },
  },
});
