// Reading and dismissing issued reminders (§3.14). Everyone reads the reminders
// addressed to them; the AIMS office (AIMS manager, consultant) and internal
// auditors read the tenant's. A reminder is dismissed by its addressee or by an
// AIMS manager: acknowledging that an overdue item needs no more nagging is the
// owner's or the organisation's call, so a consultant who is not the addressee
// cannot. A dismissal carries to the next day's reminder of the same item as
// long as the date it is overdue against has not changed.
import * as z from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { TenantStore } from '../shared/store';
import { parseInput, singleLine } from '../shared/validation';
import { loadVersioned, type StoreDeps, saveVersioned } from '../shared/versioned';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  parseReminderId,
  type ReminderDismissal,
  Reminders,
  reminderExpiresAt,
  type StoredReminder,
} from './model';
import { REMINDER_KINDS, type Reminder, type ReminderKind } from './reminder';

/** What each kind of reminder is about. */
export const REMINDER_SUBJECTS = {
  RISK_REVIEW_OVERDUE: 'RISK',
  ACTION_OVERDUE: 'TREATMENT_ACTION',
  IA_REASSESSMENT_DUE: 'IMPACT_ASSESSMENT',
  RESIDUAL_ACCEPTANCE_EXPIRING: 'RISK',
  EFFECTIVENESS_VERIFICATION_DUE: 'TREATMENT_ACTION',
  TRAINING_OVERDUE: 'TRAINING_ASSIGNMENT',
  APPOINTMENT_NOT_ACCEPTED: 'APPOINTMENT',
  COMMITTEE_MEETING_DUE: 'COMMITTEE',
  POLICY_REVIEW_DUE: 'POLICY',
  DOCUMENT_REVIEW_DUE: 'CONTROLLED_DOCUMENT',
} as const satisfies Record<ReminderKind, string>;
export type ReminderSubjectType = (typeof REMINDER_SUBJECTS)[ReminderKind];
const SUBJECT_TYPES = [
  'RISK',
  'TREATMENT_ACTION',
  'IMPACT_ASSESSMENT',
  'TRAINING_ASSIGNMENT',
  'APPOINTMENT',
  'COMMITTEE',
  'POLICY',
  'CONTROLLED_DOCUMENT',
] as const satisfies readonly ReminderSubjectType[];

/** Roles that read every reminder of the tenant; the rest read their own. */
const READ_ALL_ROLES = new Set(['AIMS_MANAGER', 'CONSULTANT', 'INTERNAL_AUDITOR']);

export const reminderFilter = z
  .object({
    kind: z.enum(REMINDER_KINDS).nullish(),
    subjectType: z.enum(SUBJECT_TYPES).nullish(),
    includeDismissed: z.boolean().nullish(),
  })
  .nullish();

export const dismissReminderInput = z.object({
  id: z.string().refine((id) => parseReminderId(id) !== null, 'not a reminder id'),
  expectedVersion: z.number().int().min(1),
  reason: singleLine(500).pipe(z.string().min(3, 'say why, in at least 3 characters')),
});

/** Newest day first; open ones unless `includeDismissed`; one kind or subject if asked. */
export function listReminders(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: unknown },
  deps: { store: TenantStore; cursors: CursorCodec },
): Promise<Connection<StoredReminder>> {
  const filter = parseInput(reminderFilter, args.filter, ['filter']) ?? {};
  const subjectKinds = filter.subjectType
    ? REMINDER_KINDS.filter((k) => REMINDER_SUBJECTS[k] === filter.subjectType)
    : null;
  const kind = filter.kind ?? (subjectKinds?.length === 1 ? subjectKinds[0] : undefined);
  const all = READ_ALL_ROLES.has(scope.role);
  const open = !filter.includeDismissed;
  const listing = `reminders|to=${all ? '*' : scope.actorId}|open=${open}|kind=${kind ?? ''}|subject=${filter.subjectType ?? ''}`;
  return pagedConnection(scope.tenantId, listing, args, deps.cursors, async (page) => {
    // A kind that is not about the subject asked for: nothing can match.
    if (kind && subjectKinds && !subjectKinds.includes(kind)) return { entries: [], hasMore: false };
    const options = { descending: true, ...(kind ? { where: { kind } } : {}) };
    const to = { ownerId: scope.actorId };
    const read = all
      ? await deps.store.query(Reminders, open ? 'open' : 'all', {}, page, options)
      : await deps.store.query(Reminders, open ? 'openByAddressee' : 'byAddressee', to, page, options);
    if (kind || !subjectKinds) return read;
    // A subject of several kinds: keep those kinds; the next page starts after what was read.
    return {
      entries: read.entries.filter((e) => subjectKinds.includes(e.item.kind)),
      hasMore: read.hasMore,
      ...(read.endKey || read.entries.length ? { endKey: read.endKey ?? read.entries.at(-1)?.key } : {}),
    };
  });
}

export async function getReminder(scope: TenantScope, id: string, deps: { store: TenantStore }) {
  const key = parseReminderId(id);
  const reminder = key ? await deps.store.get(Reminders, key) : null;
  // Someone else's reminder is NOT_FOUND to a reader who may only see their own.
  if (!reminder || !(READ_ALL_ROLES.has(scope.role) || reminder.ownerId === scope.actorId)) {
    throw new NotFoundError('Reminder', id);
  }
  return reminder;
}

export async function dismissReminder(
  scope: TenantScope,
  rawInput: unknown,
  deps: StoreDeps,
): Promise<StoredReminder> {
  const input = parseInput(dismissReminderInput, rawInput, ['input']);
  const key = parseReminderId(input.id);
  if (!key) throw new ValidationError([{ path: ['input', 'id'], message: 'not a reminder id' }]);
  const current = await loadVersioned(deps.store, Reminders, key, input.expectedVersion);
  if (current.ownerId !== scope.actorId && scope.role !== 'AIMS_MANAGER') {
    throw new ForbiddenError("only the reminder's addressee or an AIMS manager dismisses it");
  }
  if (current.dismissal) throw new ConflictError('this reminder is already dismissed', 'INVALID_STATE');
  const dismissal = { by: scope.actorId, at: deps.clock.now().toISOString(), reason: input.reason };
  return saveVersioned(deps, scope, Reminders, current, { ...current, dismissal });
}

/**
 * The stored reminders a run issues for `period`: each expires with the period,
 * and keeps the dismissal of the previous day's reminder of the same item when
 * that one was overdue against the same date (one BatchGet per hundred).
 */
export async function remindersToIssue(
  store: TenantStore,
  reminders: readonly Reminder[],
  period: string,
  createdAt: string,
): Promise<StoredReminder[]> {
  const previousDay = new Date(Date.parse(`${period}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);
  const dismissals = new Map<string, ReminderDismissal>();
  for (let i = 0; i < reminders.length; i += 100) {
    const chunk = reminders.slice(i, i + 100);
    const previous = await store.getMany(
      Reminders,
      chunk.map((r) => ({ period: previousDay, kind: r.kind, entityId: r.entityId })),
    );
    chunk.forEach((r, j) => {
      const before = previous[j];
      if (before?.dismissal && before.dueDate === r.dueDate)
        dismissals.set(`${r.kind}#${r.entityId}`, before.dismissal);
    });
  }
  return reminders.map((r) => ({
    ...r,
    tenantId: store.tenantId,
    period,
    createdAt,
    updatedAt: createdAt,
    version: 1,
    dismissal: dismissals.get(`${r.kind}#${r.entityId}`) ?? null,
    expiresAt: reminderExpiresAt(period),
  }));
}
