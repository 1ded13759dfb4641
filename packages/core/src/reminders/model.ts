// How issued reminders are stored: one partition per tenant and day, one item
// per (kind, entity), created only if absent so a rerun adds nothing.
import * as z from 'zod';
import { defineAggregate } from '../shared/store';
import type { Reminder } from './review-reminders';

export interface StoredReminder extends Reminder {
  tenantId: string;
  /** The job period (day) that issued it. */
  period: string;
  createdAt: string;
}

export const Reminders = defineAggregate({
  name: 'Reminder',
  schema: z.object({
    tenantId: z.string(),
    period: z.string(),
    kind: z.enum(['RISK_REVIEW_OVERDUE', 'ACTION_OVERDUE', 'IA_REASSESSMENT_DUE']),
    entityId: z.string(),
    title: z.string(),
    ownerId: z.string(),
    dueDate: z.string(),
    daysOverdue: z.number(),
    createdAt: z.string(),
  }) as z.ZodType<StoredReminder>,
  schemaVersion: 1,
  key: (k: { period: string; kind: string; entityId: string }) => ({
    partition: ['REMINDER', k.period],
    sort: `${k.kind}#${k.entityId}`,
  }),
  keyOf: (r: StoredReminder) => ({ period: r.period, kind: r.kind, entityId: r.entityId }),
  describes:
    "a day's reminders (Query the day's partition), written by the review-reminders job, create-only",
  patterns: {},
});
