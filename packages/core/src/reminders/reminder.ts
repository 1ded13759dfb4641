// What a reminder is, apart from how it is stored: its kinds, its shape and day arithmetic.

export const REMINDER_KINDS = [
  'RISK_REVIEW_OVERDUE',
  'ACTION_OVERDUE',
  'IA_REASSESSMENT_DUE',
  'RESIDUAL_ACCEPTANCE_EXPIRING',
  'EFFECTIVENESS_VERIFICATION_DUE',
  'TRAINING_OVERDUE',
  'APPOINTMENT_NOT_ACCEPTED',
  'COMMITTEE_MEETING_DUE',
  'POLICY_REVIEW_DUE',
  'DOCUMENT_REVIEW_DUE',
] as const;

export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface Reminder {
  kind: ReminderKind;
  entityId: string;
  title: string;
  ownerId: string;
  /** The date that passed or is coming: the risk's review date, the action's due date, … */
  dueDate: string;
  /** Negative for a warning ahead of the date (days left). */
  daysOverdue: number;
}

const DAY_MS = 86_400_000;
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
