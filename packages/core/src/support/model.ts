// How Clause 7 support records are stored: competence requirements, records
// and gap actions; training courses and assignments; the communication plan
// and its log. Each listing a request serves is one key pattern.
import * as z from 'zod';
import { APPOINTMENT_KINDS } from '../governance/appointment';
import { defineAggregate } from '../shared/store';
import { ROLES } from '../tenancy/roles';
import {
  COMMUNICATION_DIRECTIONS,
  COMMUNICATION_FREQUENCIES,
  COMMUNICATION_TRIGGERS,
  type CommunicationLog,
  type CommunicationPlanEntry,
} from './communication';
import {
  COMPETENCE_AREAS,
  COMPETENCE_BASES,
  type CompetenceCell,
  type CompetenceCellsIndexed,
  type CompetenceGapAction,
  type CompetenceRecord,
  type CompetenceRequirement,
  GAP_ACTION_KINDS,
} from './competence';
import {
  ASSIGNMENT_REASONS,
  AWARENESS_ITEMS,
  type TrainingAssignment,
  type TrainingCourse,
} from './training';

const stamps = { version: z.number(), createdAt: z.string(), updatedAt: z.string() };

export const CompetenceRequirements = defineAggregate({
  name: 'CompetenceRequirement',
  schema: z.object({
    id: z.string(),
    tenantId: z.string(),
    appointmentKind: z.enum(APPOINTMENT_KINDS).nullable(),
    jobRole: z.enum(ROLES).nullable(),
    area: z.enum(COMPETENCE_AREAS),
    requiredLevel: z.number(),
    retired: z.boolean(),
    ...stamps,
  }) satisfies z.ZodType<CompetenceRequirement> as z.ZodType<CompetenceRequirement>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['CREQ', k.id], sort: '#META' }),
  keyOf: (r: CompetenceRequirement) => ({ id: r.id }),
  describes: 'competence requirement by its deterministic id (KIND:<kind>:<area> or ROLE:<role>:<area>)',
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['CREQ'],
      params: () => ({}),
      sort: (r: CompetenceRequirement) => r.id,
      describes: "the tenant's competence requirements (a few dozen), by holder then area",
    },
  },
});

const recordSort = (r: CompetenceRecord) => `${r.userId}#${r.area}#${r.assessedOn}#${r.id}`;

export const CompetenceRecords = defineAggregate({
  name: 'CompetenceRecord',
  schema: z.object({
    id: z.string(),
    tenantId: z.string(),
    userId: z.string(),
    area: z.enum(COMPETENCE_AREAS),
    level: z.number(),
    basis: z.enum(COMPETENCE_BASES),
    evidenceRef: z.string(),
    assessedBy: z.string(),
    assessedOn: z.string(),
    validUntil: z.string().nullable(),
    ...stamps,
  }) satisfies z.ZodType<CompetenceRecord> as z.ZodType<CompetenceRecord>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['CREC', k.id], sort: '#META' }),
  keyOf: (r: CompetenceRecord) => ({ id: r.id }),
  describes: 'competence record (evidence of competence, D-10) by id',
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['CREC'],
      params: () => ({}),
      sort: recordSort,
      describes: 'every competence record, by person, area, then assessment date (the matrix and gaps)',
    },
    byUser: {
      index: 'GSI2',
      partition: (p: { userId: string }) => ['CREC', 'USER', p.userId],
      params: (r: CompetenceRecord) => ({ userId: r.userId }),
      sort: recordSort,
      describes: "one person's competence records, by area then assessment date",
    },
  },
});

export const CompetenceGapActions = defineAggregate({
  name: 'CompetenceGapAction',
  schema: z.object({
    tenantId: z.string(),
    userId: z.string(),
    area: z.enum(COMPETENCE_AREAS),
    kind: z.enum(GAP_ACTION_KINDS),
    description: z.string().nullable(),
    dueOn: z.string(),
    effectivenessEvaluation: z
      .object({ on: z.string(), result: z.string(), effective: z.boolean(), evaluatedBy: z.string() })
      .nullable(),
    ...stamps,
  }) satisfies z.ZodType<CompetenceGapAction> as z.ZodType<CompetenceGapAction>,
  schemaVersion: 1,
  key: (k: { userId: string; area: string }) => ({ partition: ['CACT', k.userId, k.area], sort: '#META' }),
  keyOf: (a: CompetenceGapAction) => ({ userId: a.userId, area: a.area }),
  entityId: (a: CompetenceGapAction) => `${a.userId}:${a.area}`,
  describes: "the action on one person's competence gap in one area (7.2 c)",
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['CACT'],
      params: () => ({}),
      sort: (a: CompetenceGapAction) => `${a.userId}#${a.area}`,
      describes: 'every competence gap action, by person then area',
    },
  },
});

export const TrainingCourses = defineAggregate({
  name: 'TrainingCourse',
  schema: z.object({
    id: z.string(),
    tenantId: z.string(),
    title: z.string(),
    topics: z.array(z.string()),
    validityMonths: z.number().nullable(),
    awarenessItems: z.array(z.enum(AWARENESS_ITEMS)),
    rules: z.object({
      onboarding: z.boolean(),
      refresher: z.boolean(),
      appointmentKinds: z.array(z.enum(APPOINTMENT_KINDS)),
      documentIds: z.array(z.string()),
    }),
    retired: z.boolean(),
    createdBy: z.string(),
    ...stamps,
  }) satisfies z.ZodType<TrainingCourse> as z.ZodType<TrainingCourse>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['TCRS', k.id], sort: '#META' }),
  keyOf: (c: TrainingCourse) => ({ id: c.id }),
  describes: 'training course by id',
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['TCRS'],
      params: () => ({}),
      sort: (c: TrainingCourse) => `${c.createdAt}#${c.id}`,
      describes: "the tenant's training courses, oldest first",
    },
  },
});

const byDue = (a: TrainingAssignment) => `${a.dueOn}#${a.id}`;

export const TrainingAssignments = defineAggregate({
  name: 'TrainingAssignment',
  schema: z.object({
    id: z.string(),
    tenantId: z.string(),
    userId: z.string(),
    courseId: z.string(),
    reason: z.enum(ASSIGNMENT_REASONS),
    trigger: z.string().nullable(),
    assignedOn: z.string(),
    dueOn: z.string(),
    completedOn: z.string().nullable(),
    score: z.number().nullable(),
    expiresOn: z.string().nullable(),
    ...stamps,
  }) satisfies z.ZodType<TrainingAssignment> as z.ZodType<TrainingAssignment>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['TASG', k.id], sort: '#META' }),
  keyOf: (a: TrainingAssignment) => ({ id: a.id }),
  describes: 'training assignment by id (automatic ones: a deterministic id from rule and trigger)',
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['TASG'],
      params: () => ({}),
      sort: byDue,
      describes: 'every training assignment by due date (reconciliation, completion rate)',
    },
    byUser: {
      index: 'GSI2',
      partition: (p: { userId: string }) => ['TASG', 'USER', p.userId],
      params: (a: TrainingAssignment) => ({ userId: a.userId }),
      sort: byDue,
      describes: "one person's training assignments by due date",
    },
    byCourse: {
      index: 'GSI3',
      partition: (p: { courseId: string }) => ['TASG', 'COURSE', p.courseId],
      params: (a: TrainingAssignment) => ({ courseId: a.courseId }),
      sort: byDue,
      describes: "one course's assignments by due date",
    },
    open: {
      index: 'GSI4',
      partition: () => ['TASG', 'OPEN'],
      // Sparse: a completion leaves the index, so the overdue list reads only what is open.
      params: (a: TrainingAssignment) => (a.completedOn ? null : {}),
      sort: byDue,
      describes: 'open (not completed) training assignments by due date: overdue ones first',
    },
  },
});

export const CommunicationPlanEntries = defineAggregate({
  name: 'CommunicationPlanEntry',
  schema: z.object({
    id: z.string(),
    tenantId: z.string(),
    subject: z.string(),
    direction: z.enum(COMMUNICATION_DIRECTIONS),
    audience: z.string(),
    interestedPartyIds: z.array(z.string()),
    timing: z.object({
      frequency: z.enum(COMMUNICATION_FREQUENCIES).nullable(),
      trigger: z.enum(COMMUNICATION_TRIGGERS).nullable(),
    }),
    senderAppointmentKind: z.enum(APPOINTMENT_KINDS),
    channel: z.string(),
    linkedRequirementIds: z.array(z.string()),
    linkedControlRefs: z.array(z.string()),
    templateCode: z.string().nullable(),
    lastSentOn: z.string().nullable(),
    retired: z.boolean(),
    ...stamps,
  }) satisfies z.ZodType<CommunicationPlanEntry> as z.ZodType<CommunicationPlanEntry>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['CPLN', k.id], sort: '#META' }),
  keyOf: (e: CommunicationPlanEntry) => ({ id: e.id }),
  describes: 'communication plan entry by id (template entries: TEMPLATE.<code>)',
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['CPLN'],
      params: () => ({}),
      sort: (e: CommunicationPlanEntry) => `${e.direction}#${e.createdAt}#${e.id}`,
      describes: 'the communication plan, internal entries then external (prefix), oldest first',
    },
  },
});

export const CommunicationLogs = defineAggregate({
  name: 'CommunicationLog',
  schema: z.object({
    id: z.string(),
    tenantId: z.string(),
    entryId: z.string(),
    sentOn: z.string(),
    summary: z.string(),
    evidenceRef: z.string(),
    recordedBy: z.string(),
    ...stamps,
  }) satisfies z.ZodType<CommunicationLog> as z.ZodType<CommunicationLog>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['CLOG', k.id], sort: '#META' }),
  keyOf: (l: CommunicationLog) => ({ id: l.id }),
  describes: 'communication log record by id',
  patterns: {
    byEntry: {
      index: 'GSI1',
      partition: (p: { entryId: string }) => ['CLOG', 'ENTRY', p.entryId],
      params: (l: CommunicationLog) => ({ entryId: l.entryId }),
      sort: (l: CommunicationLog) => `${l.sentOn}#${l.id}`,
      describes: "one plan entry's communications by date (read descending: newest first)",
    },
  },
});

export const CompetenceCells = defineAggregate({
  name: 'CompetenceCell',
  schema: z.object({
    tenantId: z.string(),
    userId: z.string(),
    area: z.enum(COMPETENCE_AREAS),
    standings: z.array(
      z.object({
        level: z.number(),
        assessedOn: z.string(),
        validUntil: z.string().nullable(),
        records: z.number(),
      }),
    ),
    version: z.number(),
    updatedAt: z.string(),
  }) satisfies z.ZodType<CompetenceCell> as z.ZodType<CompetenceCell>,
  schemaVersion: 1,
  key: (k: { userId: string; area: string }) => ({ partition: ['CCELL', k.userId, k.area], sort: '#META' }),
  keyOf: (c: CompetenceCell) => ({ userId: c.userId, area: c.area }),
  entityId: (c: CompetenceCell) => `${c.userId}:${c.area}`,
  describes: "one person × area of the competence matrix: the distinct standings of that cell's records",
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['CCELL'],
      params: () => ({}),
      sort: (c: CompetenceCell) => `${c.userId}#${c.area}`,
      // People × areas, not the history: the matrix reads this, never the records.
      describes: 'every competence cell, by person then area (the matrix)',
    },
  },
});

export const CompetenceCellsIndexedMarker = defineAggregate({
  name: 'CompetenceCellsIndexed',
  schema: z.object({
    tenantId: z.string(),
    version: z.number(),
    updatedAt: z.string(),
  }) satisfies z.ZodType<CompetenceCellsIndexed> as z.ZodType<CompetenceCellsIndexed>,
  schemaVersion: 1,
  key: (_: Record<string, never>) => ({ partition: ['CCELL'], sort: '#INDEXED' }),
  keyOf: () => ({}),
  entityId: () => 'competence-cells',
  describes: "marks the tenant's competence cells complete (absent: the matrix reads the records)",
  patterns: {},
});

export const SUPPORT_AGGREGATES = [
  CompetenceCells,
  CompetenceCellsIndexedMarker,
  CompetenceRequirements,
  CompetenceRecords,
  CompetenceGapActions,
  TrainingCourses,
  TrainingAssignments,
  CommunicationPlanEntries,
  CommunicationLogs,
] as const;
