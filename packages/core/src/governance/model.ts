// How governance appointments are stored and found: one declaration, read by both stores.
import * as z from 'zod';
import { defineAggregate } from '../shared/store';
import { APPOINTMENT_KINDS, type Appointment, COMMITTEE_FUNCTIONS } from './appointment';
import {
  type Committee,
  type CommitteeMeeting,
  type CommitteeMeetingDigest,
  DECISION_TYPES,
} from './committee';

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

export const committeeSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  charterDocumentRef: z.string().nullable(),
  cadenceMonths: z.number(),
  lastMeetingOn: z.string().nullable(),
  createdBy: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<Committee>;

export const Committees = defineAggregate({
  name: 'Committee',
  schema: committeeSchema as z.ZodType<Committee>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['CMTE', k.id], sort: '#META' }),
  keyOf: (c: Committee) => ({ id: c.id }),
  describes: 'governance committee by id',
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['CMTE'],
      params: () => ({}),
      sort: (c: Committee) => `${c.createdAt}#${c.id}`,
      // A tenant has one committee, or a few: gap checks read them all, with their last meeting date.
      describes: "the tenant's committees, oldest first",
    },
  },
});

export const committeeMeetingSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  committeeId: z.string(),
  heldOn: z.string(),
  attendees: z.array(z.string()),
  guests: z.array(z.string()),
  agenda: z.array(z.string()),
  decisions: z.array(
    z.object({ text: z.string(), type: z.enum(DECISION_TYPES), ref: z.string().nullable() }),
  ),
  minutesRef: z.string(),
  recordedBy: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<CommitteeMeeting>;

export const CommitteeMeetings = defineAggregate({
  name: 'CommitteeMeeting',
  schema: committeeMeetingSchema as z.ZodType<CommitteeMeeting>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['CMTG', k.id], sort: '#META' }),
  keyOf: (m: CommitteeMeeting) => ({ id: m.id }),
  describes: 'committee meeting (minutes, attendance, decisions) by id',
  patterns: {
    byCommittee: {
      index: 'GSI1',
      partition: (p: { committeeId: string }) => ['CMTG', 'CMTE', p.committeeId],
      params: (m: CommitteeMeeting) => ({ committeeId: m.committeeId }),
      sort: (m: CommitteeMeeting) => `${m.heldOn}#${m.id}`,
      describes: "one committee's meetings by date (read descending: newest first)",
    },
  },
});

export const committeeMeetingDigestSchema = z.object({
  committeeId: z.string(),
  tenantId: z.string(),
  recent: z.array(z.object({ id: z.string(), heldOn: z.string() })),
  more: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
}) satisfies z.ZodType<CommitteeMeetingDigest>;

export const CommitteeMeetingDigests = defineAggregate({
  name: 'CommitteeMeetingDigest',
  schema: committeeMeetingDigestSchema as z.ZodType<CommitteeMeetingDigest>,
  schemaVersion: 1,
  // Beside the committee in its partition; read by key only (BatchGet for a page of committees).
  key: (k: { committeeId: string }) => ({ partition: ['CMTE', k.committeeId], sort: '#RECENT_MEETINGS' }),
  keyOf: (d: CommitteeMeetingDigest) => ({ committeeId: d.committeeId }),
  describes: "a committee's newest meetings (ids and dates, bounded), kept with each meeting",
  patterns: {},
});
