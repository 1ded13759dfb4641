// The AI governance committee (5.3, A.3.2): a standing body with a charter and
// a meeting cadence. Its seats are the COMMITTEE_CHAIR / COMMITTEE_MEMBER
// appointments (linked by `subjectRef` = committee id), not a copy of them, and
// its meetings are items of their own so the committee never grows with them.
import * as z from 'zod';
import { multiLine, singleLine } from '../shared/validation';

export interface Committee {
  id: string;
  tenantId: string;
  name: string;
  /** Where the charter lives (a document reference until the document register exists). */
  charterDocumentRef: string | null;
  /** At most this many months may pass between meetings (COMMITTEE_NOT_MEETING). */
  cadenceMonths: number;
  /** Date of the latest meeting recorded (YYYY-MM-DD); kept here so gap checks read no meetings. */
  lastMeetingOn: string | null;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const DECISION_TYPES = ['APPROVAL', 'RISK_ACCEPTANCE', 'RESOURCE', 'POLICY', 'OTHER'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export interface CommitteeDecision {
  text: string;
  type: DecisionType;
  /** What the decision is about (a risk id, a document, a plan version), when it names one. */
  ref: string | null;
}

export interface CommitteeMeeting {
  id: string;
  tenantId: string;
  committeeId: string;
  /** YYYY-MM-DD. */
  heldOn: string;
  /** User ids, each holding a committee or top-management appointment on `heldOn`. */
  attendees: string[];
  /** Invited participants without a seat (a consultant, an expert); names or user ids. */
  guests: string[];
  agenda: string[];
  decisions: CommitteeDecision[];
  minutesRef: string;
  recordedBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const version = z.number().int().min(1);
const date = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const name = singleLine(200).min(1, 'must not be empty');
const ref = singleLine(500).min(1, 'must not be empty');
const cadence = z.number().int().min(1, 'must be at least 1 month').max(12, 'at most 12 months');

/** A committee's newest meetings, kept beside it (see committee-meeting-digest.ts). */
export interface RecentMeeting {
  id: string;
  heldOn: string;
}

export interface CommitteeMeetingDigest {
  committeeId: string;
  tenantId: string;
  /** Newest first, in the order of the byCommittee index read descending. */
  recent: RecentMeeting[];
  /** Older meetings exist beyond `recent`. */
  more: boolean;
  version: number;
  updatedAt: string;
}

export const createCommitteeInput = z.object({
  name,
  charterDocumentRef: ref.nullish(),
  cadenceMonths: cadence,
});

export const updateCommitteeInput = z.object({
  id: z.string().min(1),
  expectedVersion: version,
  name: name.nullish(),
  charterDocumentRef: ref.nullish(),
  cadenceMonths: cadence.nullish(),
});

const line = (max: number) => singleLine(max).min(1, 'must not be empty');

export const recordCommitteeMeetingInput = z.object({
  committeeId: z.string().min(1),
  heldOn: date,
  attendees: z.array(z.string().min(1)).min(1, 'at least one attendee').max(50, 'at most 50 attendees'),
  guests: z.array(line(200)).max(20, 'at most 20 guests').nullish(),
  agenda: z.array(line(500)).min(1, 'at least one agenda item').max(50, 'at most 50 agenda items'),
  decisions: z
    .array(
      z.object({
        text: multiLine(2000).min(1, 'must not be empty'),
        type: z.enum(DECISION_TYPES),
        ref: line(200).nullish(),
      }),
    )
    .max(50, 'at most 50 decisions')
    .nullish(),
  minutesRef: ref,
});
export type RecordCommitteeMeetingInput = z.infer<typeof recordCommitteeMeetingInput>;

/** `on` (YYYY-MM-DD) plus `months`, clamped to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(on: string, months: number): string {
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** The date by which the committee must next meet: one cadence after its last meeting, or after it was set up. */
export function nextMeetingDue(c: Pick<Committee, 'lastMeetingOn' | 'createdAt' | 'cadenceMonths'>): string {
  return addMonths(c.lastMeetingOn ?? c.createdAt.slice(0, 10), c.cadenceMonths);
}
