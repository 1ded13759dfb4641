import { describe, expect, it } from 'vitest';
import { REMINDER_KINDS } from './reminder';
import { countByKind, reviewReminders } from './review-reminders';

const risk = (
  id: string,
  reviewDate: string,
  status: 'OPEN' | 'TREATMENT_DECIDED' | 'ACCEPTED' | 'CLOSED' = 'OPEN',
) => ({
  id,
  title: `Risk ${id}`,
  ownerId: 'owner-1',
  reviewDate,
  status,
});
const action = (id: string, dueDate: string, progress = 0) => ({
  id,
  title: `Action ${id}`,
  ownerId: 'owner-2',
  dueDate,
  progress,
});
const today = '2026-03-15';

describe('reviewReminders', () => {
  it('reminds about a risk whose review date has passed, with the days it is overdue', () => {
    expect(reviewReminders({ risks: [risk('r1', '2026-03-05')], actions: [], today })).toEqual([
      {
        kind: 'RISK_REVIEW_OVERDUE',
        entityId: 'r1',
        title: 'Risk r1',
        ownerId: 'owner-1',
        dueDate: '2026-03-05',
        daysOverdue: 10,
      },
    ]);
  });

  it('does not remind about a review due today or later', () => {
    expect(
      reviewReminders({ risks: [risk('r1', today), risk('r2', '2026-04-01')], actions: [], today }),
    ).toEqual([]);
  });

  it('does not remind about a closed risk, however stale, but does about treated and accepted ones', () => {
    const reminders = reviewReminders({
      risks: [
        risk('closed', '2025-01-01', 'CLOSED'),
        risk('t', '2026-03-01', 'TREATMENT_DECIDED'),
        risk('a', '2026-03-01', 'ACCEPTED'),
      ],
      actions: [],
      today,
    });
    expect(reminders.map((r) => r.entityId).sort()).toEqual(['a', 't']);
  });

  it('reminds about an unfinished action past its due date, not a finished or future one', () => {
    const reminders = reviewReminders({
      risks: [],
      actions: [
        action('late', '2026-03-14', 60),
        action('done', '2026-02-01', 100),
        action('due-today', today, 0),
        action('future', '2026-05-01', 0),
      ],
      today,
    });
    expect(reminders).toEqual([
      {
        kind: 'ACTION_OVERDUE',
        entityId: 'late',
        title: 'Action late',
        ownerId: 'owner-2',
        dueDate: '2026-03-14',
        daysOverdue: 1,
      },
    ]);
  });

  it('lists the most overdue first, then by kind and id, so reruns produce the same order', () => {
    const input = {
      risks: [risk('r2', '2026-03-10'), risk('r1', '2026-03-10')],
      actions: [action('a1', '2026-03-10'), action('a0', '2026-01-10')],
      today,
    };
    const order = reviewReminders(input).map((r) => `${r.kind}:${r.entityId}`);
    expect(order).toEqual([
      'ACTION_OVERDUE:a0',
      'ACTION_OVERDUE:a1',
      'RISK_REVIEW_OVERDUE:r1',
      'RISK_REVIEW_OVERDUE:r2',
    ]);
    expect(reviewReminders({ ...input, risks: [...input.risks].reverse() }).map((r) => r.entityId)).toEqual(
      reviewReminders(input).map((r) => r.entityId),
    );
  });

  it('counts days across month and year ends', () => {
    const [r] = reviewReminders({ risks: [risk('r', '2025-12-31')], actions: [], today: '2026-03-01' });
    expect(r?.daysOverdue).toBe(60);
  });

  it('counts reminders by kind', () => {
    const reminders = reviewReminders({
      risks: [risk('r1', '2026-03-01')],
      actions: [action('a1', '2026-03-01'), action('a2', '2026-03-02')],
      today,
    });
    const none = Object.fromEntries(REMINDER_KINDS.map((k) => [k, 0]));
    expect(countByKind(reminders)).toEqual({ ...none, RISK_REVIEW_OVERDUE: 1, ACTION_OVERDUE: 2 });
    expect(countByKind([])).toEqual(none);
  });
});
