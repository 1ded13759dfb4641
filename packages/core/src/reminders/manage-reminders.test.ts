import { beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec } from '../shared/pagination';
import { put } from '../shared/store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { dismissReminder, getReminder, listReminders, remindersToIssue } from './manage-reminders';
import { REMINDER_RETENTION_DAYS, Reminders, reminderId } from './model';
import type { Reminder } from './reminder';

const T = 't1';
const cursors = new CursorCodec({ current: { id: 'k0', secret: 'a'.repeat(32) } });
const as = (actorId: string, role: TenantScope['role']): TenantScope => ({ tenantId: T, actorId, role });
const manager = as('u-manager', 'AIMS_MANAGER');
const sam = as('u-sam', 'AI_SYSTEM_OWNER');
const rafa = as('u-rafa', 'AI_RISK_OWNER');
const consultant = as('u-priya', 'CONSULTANT');

const due = (
  kind: Reminder['kind'],
  entityId: string,
  ownerId: string,
  dueDate = '2026-03-01',
): Reminder => ({
  kind,
  entityId,
  title: `${kind} ${entityId}`,
  ownerId,
  dueDate,
  daysOverdue: 9,
});

let store: InMemoryTenantStore;
let deps: {
  store: InMemoryTenantStore;
  cursors: CursorCodec;
  clock: { now: () => Date };
  ids: { next: () => string };
};

async function issue(period: string, reminders: Reminder[]) {
  for (const r of await remindersToIssue(store, reminders, period, `${period}T05:00:00.000Z`)) {
    await store.commit([put(Reminders, r, 'absent')]);
  }
}

beforeEach(async () => {
  store = new InMemoryTenantStore(T);
  let n = 0;
  deps = {
    store,
    cursors,
    clock: { now: () => new Date('2026-03-10T09:00:00.000Z') },
    ids: { next: () => `id-${++n}` },
  };
  await issue('2026-03-09', [
    due('RISK_REVIEW_OVERDUE', 'r1', 'u-rafa'),
    due('ACTION_OVERDUE', 'a1', 'u-sam'),
  ]);
  await issue('2026-03-10', [
    due('RISK_REVIEW_OVERDUE', 'r1', 'u-rafa'),
    due('ACTION_OVERDUE', 'a1', 'u-sam'),
    due('IA_REASSESSMENT_DUE', 'ia1', 'u-sam'),
  ]);
});

const ids = async (scope: TenantScope, filter?: unknown) =>
  (await listReminders(scope, { first: 50, filter }, deps)).edges.map((e) => reminderId(e.node));

describe('§3.14 reminders over the API', () => {
  it('§3.14 a manager lists every open reminder, newest day first; an addressee only their own', async () => {
    expect(await ids(manager)).toEqual([
      '2026-03-10:RISK_REVIEW_OVERDUE:r1',
      '2026-03-10:IA_REASSESSMENT_DUE:ia1',
      '2026-03-10:ACTION_OVERDUE:a1',
      '2026-03-09:RISK_REVIEW_OVERDUE:r1',
      '2026-03-09:ACTION_OVERDUE:a1',
    ]);
    expect(await ids(sam)).toEqual([
      '2026-03-10:IA_REASSESSMENT_DUE:ia1',
      '2026-03-10:ACTION_OVERDUE:a1',
      '2026-03-09:ACTION_OVERDUE:a1',
    ]);
    await expect(getReminder(sam, '2026-03-10:RISK_REVIEW_OVERDUE:r1', deps)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('§3.14 filters by kind and by subject type; a kind outside the subject matches nothing', async () => {
    expect(await ids(manager, { kind: 'ACTION_OVERDUE' })).toEqual([
      '2026-03-10:ACTION_OVERDUE:a1',
      '2026-03-09:ACTION_OVERDUE:a1',
    ]);
    expect(await ids(manager, { subjectType: 'IMPACT_ASSESSMENT' })).toEqual([
      '2026-03-10:IA_REASSESSMENT_DUE:ia1',
    ]);
    expect(await ids(manager, { subjectType: 'RISK', kind: 'ACTION_OVERDUE' })).toEqual([]);
    await expect(ids(manager, { kind: 'NOPE' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('§3.14 a subject with several kinds (TREATMENT_ACTION: overdue, effectiveness) lists only those kinds', async () => {
    await issue('2026-03-11', [
      due('EFFECTIVENESS_VERIFICATION_DUE', 'a2', 'u-sam'),
      due('TRAINING_OVERDUE', 'ta1', 'u-sam'),
    ]);
    expect(await ids(manager, { subjectType: 'TREATMENT_ACTION' })).toEqual([
      '2026-03-11:EFFECTIVENESS_VERIFICATION_DUE:a2',
      '2026-03-10:ACTION_OVERDUE:a1',
      '2026-03-09:ACTION_OVERDUE:a1',
    ]);
    expect(await ids(sam, { subjectType: 'TRAINING_ASSIGNMENT' })).toEqual([
      '2026-03-11:TRAINING_OVERDUE:ta1',
    ]);
  });

  it('§3.14 the addressee dismisses a reminder: version 2, a change record, and it leaves the open list', async () => {
    const id = '2026-03-10:ACTION_OVERDUE:a1';
    const saved = await dismissReminder(
      sam,
      { id, expectedVersion: 1, reason: 'Done, progress not yet updated' },
      deps,
    );
    expect(saved).toMatchObject({
      version: 2,
      dismissal: { by: 'u-sam', at: '2026-03-10T09:00:00.000Z', reason: 'Done, progress not yet updated' },
    });
    expect(await ids(sam)).not.toContain(id);
    expect(await ids(sam, { includeDismissed: true })).toContain(id);
    const history = await store.history('Reminder', id, { limit: 10 });
    expect(history.entries.map((e) => [e.item.action, e.item.version, e.item.actorId])).toEqual([
      ['UPDATED', 2, 'u-sam'],
    ]);
    await expect(
      dismissReminder(manager, { id, expectedVersion: 2, reason: 'again' }, deps),
    ).rejects.toMatchObject({ code: 'CONFLICT', extensions: { reason: 'INVALID_STATE' } });
  });

  it('§3.14 an AIMS manager may dismiss any reminder; another member or a consultant may not', async () => {
    const id = '2026-03-10:RISK_REVIEW_OVERDUE:r1';
    await expect(
      dismissReminder(sam, { id, expectedVersion: 1, reason: 'not mine' }, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      dismissReminder(consultant, { id, expectedVersion: 1, reason: 'tidying up' }, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      dismissReminder(manager, { id, expectedVersion: 1, reason: 'Review booked' }, deps),
    ).resolves.toMatchObject({
      version: 2,
    });
  });

  it('§3.14 stale version → CONFLICT VERSION_MISMATCH; bad input → field paths', async () => {
    const id = '2026-03-10:RISK_REVIEW_OVERDUE:r1';
    await expect(
      dismissReminder(rafa, { id, expectedVersion: 3, reason: 'Review booked' }, deps),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'VERSION_MISMATCH' },
    });
    const bad = await dismissReminder(rafa, { id: 'nope', expectedVersion: 0, reason: '' }, deps).catch(
      (e) => e,
    );
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.extensions.fieldErrors.map((f: { path: string[] }) => f.path.join('.'))).toEqual([
      'input.id',
      'input.expectedVersion',
      'input.reason',
    ]);
  });

  it('§3.14 an issued reminder expires 90 days after its period; a dismissal carries to the next day while the due date holds', async () => {
    await dismissReminder(
      rafa,
      { id: '2026-03-10:RISK_REVIEW_OVERDUE:r1', expectedVersion: 1, reason: 'Review booked' },
      deps,
    );
    const next = await remindersToIssue(
      store,
      [due('RISK_REVIEW_OVERDUE', 'r1', 'u-rafa'), due('ACTION_OVERDUE', 'a1', 'u-sam')],
      '2026-03-11',
      '2026-03-11T05:00:00.000Z',
    );
    expect(next[0]?.expiresAt).toBe(
      Date.parse('2026-03-11T00:00:00Z') / 1000 + REMINDER_RETENTION_DAYS * 86_400,
    );
    expect(next.map((r) => r.dismissal?.reason ?? null)).toEqual(['Review booked', null]);
    // A new review date: the item is overdue afresh, so the reminder is open again.
    const moved = await remindersToIssue(
      store,
      [due('RISK_REVIEW_OVERDUE', 'r1', 'u-rafa', '2026-03-05')],
      '2026-03-11',
      'x',
    );
    expect(moved[0]?.dismissal).toBeNull();
  });
});
