// How issued reminders are stored: one partition per tenant and day, one item
// per (kind, entity), created only if absent so a rerun adds nothing. Four
// indexes serve the reminder list without a Scan: all or open (sparse) ones,
// for the tenant or for one addressee, newest day first.
import * as z from 'zod';
import { defineAggregate } from '../shared/store';
import { REMINDER_KINDS, type Reminder, type ReminderKind } from './reminder';

export interface ReminderDismissal {
  by: string;
  at: string;
  reason: string;
}

export interface StoredReminder extends Reminder {
  tenantId: string;
  /** The job period (day) that issued it. */
  period: string;
  createdAt: string;
  /** Bumped by a dismissal; items of schema 1 had none (read as 1). */
  version: number;
  updatedAt: string;
  dismissal: ReminderDismissal | null;
  /** Epoch seconds: DynamoDB TTL deletes the item after this (REMINDER_RETENTION_DAYS after the period). */
  expiresAt: number;
}

const schema = z.object({
  tenantId: z.string(),
  period: z.string(),
  kind: z.enum(REMINDER_KINDS),
  entityId: z.string(),
  title: z.string(),
  ownerId: z.string(),
  dueDate: z.string(),
  daysOverdue: z.number(),
  createdAt: z.string(),
  // Schema 2 (§3.14): versioned, dismissible, expiring. Schema-1 items parse with these defaults.
  version: z.number().default(1),
  updatedAt: z.string().optional(),
  dismissal: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable().default(null),
  expiresAt: z.number().optional(),
});

/** A reminder's public id: its key, `<period>:<kind>:<entityId>`. */
export const reminderId = (r: { period: string; kind: string; entityId: string }) =>
  `${r.period}:${r.kind}:${r.entityId}`;

export function parseReminderId(id: string): { period: string; kind: ReminderKind; entityId: string } | null {
  const [period, kind, ...rest] = id.split(':');
  const entityId = rest.join(':');
  if (!period || !kind || !entityId || !/^\d{4}-\d{2}-\d{2}$/.test(period)) return null;
  if (!(REMINDER_KINDS as readonly string[]).includes(kind)) return null;
  return { period, kind: kind as ReminderKind, entityId };
}

const newestFirst = (r: StoredReminder) => `${r.period}#${r.kind}#${r.entityId}`;

export const Reminders = defineAggregate({
  name: 'Reminder',
  schema: schema.transform((r) => ({
    ...r,
    updatedAt: r.updatedAt ?? r.createdAt,
    expiresAt: r.expiresAt ?? reminderExpiresAt(r.period),
  })) as unknown as z.ZodType<StoredReminder>,
  schemaVersion: 2,
  key: (k: { period: string; kind: string; entityId: string }) => ({
    partition: ['REMINDER', k.period],
    sort: `${k.kind}#${k.entityId}`,
  }),
  keyOf: (r: StoredReminder) => ({ period: r.period, kind: r.kind, entityId: r.entityId }),
  entityId: (r: StoredReminder) => reminderId(r),
  describes:
    "a day's reminders (Query the day's partition), written by the review-reminders job, create-only",
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['REMINDERS', 'ALL'],
      params: () => ({}),
      sort: newestFirst,
      describes: "the tenant's reminders, by day, kind and entity",
    },
    open: {
      index: 'GSI2',
      partition: () => ['REMINDERS', 'OPEN'],
      params: (r: StoredReminder) => (r.dismissal ? null : {}),
      sort: newestFirst,
      describes: "the tenant's reminders not dismissed (sparse), by day",
    },
    byAddressee: {
      index: 'GSI3',
      partition: (p: { ownerId: string }) => ['REMINDERS', 'TO', p.ownerId],
      params: (r: StoredReminder) => ({ ownerId: r.ownerId }),
      sort: newestFirst,
      describes: "one addressee's reminders, by day",
    },
    openByAddressee: {
      index: 'GSI4',
      partition: (p: { ownerId: string }) => ['REMINDERS', 'OPENTO', p.ownerId],
      params: (r: StoredReminder) => (r.dismissal ? null : { ownerId: r.ownerId }),
      sort: newestFirst,
      describes: "one addressee's reminders not dismissed (sparse), by day",
    },
  },
});

/** How long after its period a reminder is kept before DynamoDB TTL deletes it. */
export const REMINDER_RETENTION_DAYS = 90;

/** Epoch seconds, REMINDER_RETENTION_DAYS after the start of the period (UTC). */
export function reminderExpiresAt(period: string): number {
  return Date.parse(`${period}T00:00:00.000Z`) / 1000 + REMINDER_RETENTION_DAYS * 86_400;
}
