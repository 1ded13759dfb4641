// Reminder resolvers (§3.14): the review-reminders job's output, read and dismissed.
import {
  dismissReminder,
  entityHistory,
  getReminder,
  listReminders,
  REMINDER_SUBJECTS,
  reminderId,
} from '@aims/core';
import type { Resolvers } from '../generated/resolvers';
import { withTenant } from './tenant-deps';

export const remindersResolvers: Resolvers = {
  Query: {
    reminder: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => getReminder(a.scope, args.id, deps)),
    reminders: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => listReminders(a.scope, args, deps)),
  },
  Mutation: {
    dismissReminder: (_, args, ctx) =>
      withTenant(ctx, args.tenantId, (a, deps) => dismissReminder(a.scope, args.input, deps)),
  },
  Reminder: {
    id: (r) => reminderId(r),
    subjectType: (r) => REMINDER_SUBJECTS[r.kind],
    subjectId: (r) => r.entityId,
    addressee: (r, _, ctx) => ctx.loaders.users.load(r.ownerId),
    expiresAt: (r) => new Date(r.expiresAt * 1000).toISOString(),
    history: (r, args, ctx) =>
      withTenant(ctx, r.tenantId, (a, deps) =>
        entityHistory(a.scope, 'Reminder', reminderId(r), args, { history: deps.store, ...deps }, r.version),
      ),
  },
  ReminderDismissal: {
    by: (d, _, ctx) => ctx.loaders.users.load(d.by),
  },
};
