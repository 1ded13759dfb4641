// Awareness and training (7.3): courses, who must take them and why, and the
// four automatic assignment rules as one pure derivation. The derivation names
// each expected assignment by a deterministic id, so the use case that writes
// them can run any number of times and write each one once.
import * as z from 'zod';
import { APPOINTMENT_KINDS, type Appointment, type AppointmentKind } from '../governance/appointment';
import { addMonths } from '../governance/committee';
import { singleLine } from '../shared/validation';
import type { Member } from './competence';

/** The 7.3 awareness content: the AI policy, one's contribution, the implications of not conforming. */
export const AWARENESS_ITEMS = ['POLICY', 'CONTRIBUTION', 'NONCONFORMITY_IMPLICATIONS'] as const;
export type AwarenessItem = (typeof AWARENESS_ITEMS)[number];

export const ASSIGNMENT_REASONS = ['ONBOARDING', 'REFRESHER', 'CHANGE_DRIVEN', 'ROLE_SPECIFIC'] as const;
export type AssignmentReason = (typeof ASSIGNMENT_REASONS)[number];

/** Days a new member, a changed document or a new appointment gives to complete the course. */
export const ASSIGNMENT_DUE_DAYS = 30;
/** Refreshers recur this often unless the course's validity says otherwise. */
export const DEFAULT_REFRESHER_MONTHS = 12;
/** A refresher is assigned this many days before the previous completion runs out. */
export const REFRESHER_LEAD_DAYS = 30;

/** A published version of a controlled document (the AI policy, a procedure): the policy module's port. */
export interface PublishedDocumentVersion {
  documentId: string;
  version: number;
  /** YYYY-MM-DD. */
  publishedOn: string;
}

/** Which automatic rules assign a course. */
export interface CourseAssignmentRules {
  /** Every new member (ONBOARDING). */
  onboarding: boolean;
  /** Again every validityMonths (default 12) after a completion (REFRESHER). */
  refresher: boolean;
  /** Holders of a new appointment of these kinds (ROLE_SPECIFIC). */
  appointmentKinds: AppointmentKind[];
  /** Every member when a new version of one of these documents is published (CHANGE_DRIVEN). */
  documentIds: string[];
}

export interface TrainingCourse {
  id: string;
  tenantId: string;
  title: string;
  topics: string[];
  validityMonths: number | null;
  awarenessItems: AwarenessItem[];
  rules: CourseAssignmentRules;
  retired: boolean;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TrainingAssignment {
  /** Automatic ones are keyed by their rule and trigger (`ONBOARDING.<course>.<user>` …); manual ones get a fresh id. */
  id: string;
  tenantId: string;
  userId: string;
  courseId: string;
  reason: AssignmentReason;
  /** What fired it: the joining, the completion renewed, the document version, the appointment; null when manual. */
  trigger: string | null;
  assignedOn: string;
  dueOn: string;
  completedOn: string | null;
  score: number | null;
  expiresOn: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const date = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const version = z.number().int().min(1);
const topics = z.array(singleLine(200).min(1, 'must not be empty')).max(30, 'at most 30 topics');
const rulesInput = z.object({
  onboarding: z.boolean().nullish(),
  refresher: z.boolean().nullish(),
  appointmentKinds: z.array(z.enum(APPOINTMENT_KINDS)).max(20).nullish(),
  documentIds: z.array(z.string().min(1).max(128)).max(20, 'at most 20 documents').nullish(),
});
const validity = z
  .number()
  .int()
  .min(1, 'must be from 1 to 60 months')
  .max(60, 'must be from 1 to 60 months');

export const createTrainingCourseInput = z.object({
  title: singleLine(200).min(1, 'must not be empty'),
  topics: topics.nullish(),
  validityMonths: validity.nullish(),
  awarenessItems: z.array(z.enum(AWARENESS_ITEMS)).nullish(),
  rules: rulesInput.nullish(),
});

export const updateTrainingCourseInput = z.object({
  id: z.string().min(1),
  expectedVersion: version,
  title: singleLine(200).min(1, 'must not be empty').nullish(),
  topics: topics.nullish(),
  validityMonths: validity.nullish(),
  awarenessItems: z.array(z.enum(AWARENESS_ITEMS)).nullish(),
  rules: rulesInput.nullish(),
  retired: z.boolean().nullish(),
});

export const assignTrainingInput = z.object({
  userId: z.string().min(1),
  courseId: z.string().min(1),
  reason: z.enum(ASSIGNMENT_REASONS),
  dueOn: date,
});

export const completeTrainingAssignmentInput = z.object({
  id: z.string().min(1),
  expectedVersion: version,
  completedOn: date,
  score: z.number().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100').nullish(),
});

export const rulesOf = (input: z.infer<typeof rulesInput> | null | undefined): CourseAssignmentRules => ({
  onboarding: input?.onboarding ?? false,
  refresher: input?.refresher ?? false,
  appointmentKinds: [...new Set(input?.appointmentKinds ?? [])],
  documentIds: [...new Set(input?.documentIds ?? [])],
});

const addDays = (on: string, days: number) =>
  new Date(Date.parse(on) + days * 86_400_000).toISOString().slice(0, 10);

export const expiryOf = (course: Pick<TrainingCourse, 'validityMonths'>, completedOn: string) =>
  course.validityMonths ? addMonths(completedOn, course.validityMonths) : null;

/** An assignment the rules expect, before it is stored. */
export type ExpectedAssignment = Pick<
  TrainingAssignment,
  'id' | 'userId' | 'courseId' | 'reason' | 'trigger' | 'assignedOn' | 'dueOn'
>;

const later = (a: string, b: string) => (a > b ? a : b);

/**
 * The assignments the four rules expect as of `today`, missing ones and
 * existing ones alike (the caller writes those not stored yet):
 * - ONBOARDING: each member, for each onboarding course, due 30 days after
 *   joining (or after the course was set up, for people who joined before it);
 * - REFRESHER: each completion of a refresher course is renewed when it runs
 *   out (validityMonths, default 12), assigned 30 days before, unless the
 *   person already has that course open;
 * - CHANGE_DRIVEN: the latest published version of each document a course
 *   covers, for every member who had joined by then and has not completed the
 *   course since, due 30 days after publication;
 * - ROLE_SPECIFIC: each appointment in force of a kind the course is for,
 *   due 30 days after the appointment (or the course's set-up).
 * Consultants are the consultancy's people, not the organisation's: no rule assigns them.
 */
export function expectedAssignments(input: {
  courses: readonly TrainingCourse[];
  members: readonly Member[];
  appointments: readonly Appointment[];
  assignments: readonly TrainingAssignment[];
  published: readonly PublishedDocumentVersion[];
  today: string;
}): ExpectedAssignment[] {
  const people = input.members.filter((m) => m.role !== 'CONSULTANT');
  const isPerson = new Set(people.map((m) => m.userId));
  const out: ExpectedAssignment[] = [];
  const due = (assignedOn: string) => addDays(assignedOn, ASSIGNMENT_DUE_DAYS);
  const latest = new Map<string, PublishedDocumentVersion>();
  for (const p of input.published) {
    const seen = latest.get(p.documentId);
    if (!seen || p.version > seen.version) latest.set(p.documentId, p);
  }

  for (const course of input.courses) {
    if (course.retired) continue;
    const setUp = course.createdAt.slice(0, 10);
    const mine = (userId: string) =>
      input.assignments.filter((a) => a.courseId === course.id && a.userId === userId);

    if (course.rules.onboarding) {
      for (const m of people) {
        const assignedOn = later(m.joinedOn, setUp);
        if (assignedOn > input.today) continue;
        out.push({
          id: `ONBOARDING.${course.id}.${m.userId}`,
          userId: m.userId,
          courseId: course.id,
          reason: 'ONBOARDING',
          trigger: `JOINED:${m.joinedOn}`,
          assignedOn,
          dueOn: due(assignedOn),
        });
      }
    }

    if (course.rules.refresher) {
      for (const m of people) {
        const taken = mine(m.userId);
        if (taken.some((a) => !a.completedOn)) continue;
        const last = taken
          .map((a) => a.completedOn as string)
          .sort()
          .at(-1);
        if (!last) continue;
        const dueOn = addMonths(last, course.validityMonths ?? DEFAULT_REFRESHER_MONTHS);
        const assignedOn = addDays(dueOn, -REFRESHER_LEAD_DAYS);
        if (assignedOn > input.today) continue;
        out.push({
          id: `REFRESHER.${course.id}.${m.userId}.${dueOn}`,
          userId: m.userId,
          courseId: course.id,
          reason: 'REFRESHER',
          trigger: `COMPLETED:${last}`,
          assignedOn,
          dueOn,
        });
      }
    }

    for (const documentId of course.rules.documentIds) {
      const version = latest.get(documentId);
      if (!version || version.publishedOn > input.today) continue;
      for (const m of people) {
        // Joined later: onboarding brings them the current version.
        if (m.joinedOn > version.publishedOn) continue;
        const since = mine(m.userId).some((a) => a.completedOn && a.completedOn >= version.publishedOn);
        const id = `CHANGE.${course.id}.${m.userId}.${documentId}@${version.version}`;
        if (since && !input.assignments.some((a) => a.id === id)) continue;
        out.push({
          id,
          userId: m.userId,
          courseId: course.id,
          reason: 'CHANGE_DRIVEN',
          trigger: `PUBLISHED:${documentId}@${version.version}`,
          assignedOn: version.publishedOn,
          dueOn: due(version.publishedOn),
        });
      }
    }

    for (const a of input.appointments) {
      if (a.endedAt || !course.rules.appointmentKinds.includes(a.kind) || !isPerson.has(a.userId)) continue;
      const assignedOn = later(a.appointedAt.slice(0, 10), setUp);
      out.push({
        id: `ROLE.${course.id}.${a.id}`,
        userId: a.userId,
        courseId: course.id,
        reason: 'ROLE_SPECIFIC',
        trigger: `APPOINTED:${a.kind}:${a.id}`,
        assignedOn,
        dueOn: due(assignedOn),
      });
    }
  }
  return out;
}

export interface TrainingCompletion {
  assigned: number;
  completed: number;
  overdue: number;
  /** completed / assigned, 0–1; 1 when nothing is assigned. */
  rate: number;
}

export function trainingCompletionOf(assignments: readonly TrainingAssignment[], today: string) {
  const completed = assignments.filter((a) => a.completedOn).length;
  const overdue = assignments.filter((a) => !a.completedOn && a.dueOn < today).length;
  return {
    assigned: assignments.length,
    completed,
    overdue,
    rate: assignments.length ? completed / assignments.length : 1,
  } satisfies TrainingCompletion;
}

export interface AwarenessItemCoverage {
  tenantId: string;
  item: AwarenessItem;
  /** Active courses covering it. */
  courseIds: string[];
  /** Covered by at least one onboarding course, so every new member meets it. */
  coveredAtOnboarding: boolean;
}

export interface PersonAwareness {
  userId: string;
  /** Items covered by a completion of theirs still valid today. */
  covered: AwarenessItem[];
  missing: AwarenessItem[];
}

export interface AwarenessCoverage {
  tenantId: string;
  items: AwarenessItemCoverage[];
  people: PersonAwareness[];
}

/** 7.3 a)–c): which items the courses cover, and which each person has covered by a valid completion. */
export function awarenessCoverageOf(input: {
  tenantId: string;
  courses: readonly TrainingCourse[];
  assignments: readonly TrainingAssignment[];
  members: readonly Member[];
  today: string;
}): AwarenessCoverage {
  const active = input.courses.filter((c) => !c.retired);
  const byId = new Map(input.courses.map((c) => [c.id, c]));
  const items = AWARENESS_ITEMS.map((item) => {
    const covering = active.filter((c) => c.awarenessItems.includes(item));
    return {
      tenantId: input.tenantId,
      item,
      courseIds: covering.map((c) => c.id),
      coveredAtOnboarding: covering.some((c) => c.rules.onboarding),
    };
  });
  const people = input.members
    .filter((m) => m.role !== 'CONSULTANT')
    .map((m) => {
      const covered = new Set<AwarenessItem>();
      for (const a of input.assignments) {
        if (a.userId !== m.userId || !a.completedOn || (a.expiresOn && a.expiresOn < input.today)) continue;
        for (const item of byId.get(a.courseId)?.awarenessItems ?? []) covered.add(item);
      }
      return {
        userId: m.userId,
        covered: AWARENESS_ITEMS.filter((i) => covered.has(i)),
        missing: AWARENESS_ITEMS.filter((i) => !covered.has(i)),
      };
    });
  return { tenantId: input.tenantId, items, people };
}
