// How readiness is stored (§3.12): every submitted assessment, every snapshot
// (with the roadmap generated with it) and one marker per nightly run, so the
// readiness-scoring job is idempotent per (tenant, day).
import * as z from 'zod';
import type { AppointmentKind } from '../governance/appointment';
import { defineAggregate } from '../shared/store';
import type { ReadinessSnapshotScores, ReadinessSnapshotSource } from './compare';
import { READINESS_SNAPSHOT_SOURCES } from './compare';
import type { Roadmap } from './roadmap';
import {
  type ReadinessAnswer,
  type ReadinessProfile,
  readinessAnswerSchema,
  readinessProfileSchema,
} from './scale';
import { READINESS_LEVELS, type ReadinessLevel } from './score';

/** A submitted questionnaire: kept for ever, never edited. */
export interface ReadinessSubmission {
  id: string;
  tenantId: string;
  submittedAt: string;
  submittedBy: string;
  questionBankVersion: string;
  profile: ReadinessProfile;
  answers: ReadinessAnswer[];
}

export const SNAPSHOT_KINDS = ['REGULAR', 'CONVERSION_BASELINE'] as const;
export type ReadinessSnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/** §3.12.3 ReadinessSnapshot, plus what the portfolio and the trend need of the roadmap. */
export interface ReadinessSnapshot extends Omit<ReadinessSnapshotScores, 'gaps'> {
  id: string;
  tenantId: string;
  takenAt: string;
  /** The UTC day the snapshot belongs to (nightly runs write at most one per day). */
  day: string;
  source: ReadinessSnapshotSource;
  kind: ReadinessSnapshotKind;
  /** The submission whose answers were scored; null for an evidence-only snapshot. */
  submissionId: string | null;
  method: string;
  questionBankVersion: string;
  inputsHash: string;
  readinessLevel: ReadinessLevel;
  /** The full ranked gap list (itemId, gap): comparisons use it, not only the top 20. */
  gaps: readonly { itemId: string; gap: number }[];
  /** The roadmap month `day` falls in (1…horizon; horizon + 1 once past its end). */
  roadmapMonth: number;
  horizonMonths: number;
  atRisk: boolean;
  /**
   * Every item as scored, so the gap list, showstoppers and common mistakes are
   * served from the snapshot alone. Absent (read as []) on snapshots before v2.
   */
  items?: readonly ReadinessSnapshotItem[];
}

/** One item as scored in a snapshot (§3.12.3 d_i, c_i, e_i, w_i, T_i, g_i). */
export interface ReadinessSnapshotItem {
  itemId: string;
  applicable: boolean;
  /** The submission answered it (an unanswered applicable item scores as 0). */
  answered: boolean;
  declared: number | null;
  cap: number;
  capBasis: string | null;
  effective: number | null;
  verified: boolean;
  weight: number;
  target: number;
  gap: number;
}

/** The roadmap generated with a snapshot, stored beside it. */
export interface ReadinessRoadmapRecord {
  tenantId: string;
  snapshotId: string;
  roadmap: Roadmap;
}

/** One per (tenant, day): the nightly run already happened. */
export interface ReadinessRun {
  tenantId: string;
  day: string;
  snapshotId: string | null;
  ranAt: string;
}

const blockScores = z.record(z.string(), z.number().nullable());
const gapList = z.array(z.object({ itemId: z.string(), gap: z.number() }));

export const ReadinessSubmissions = defineAggregate({
  name: 'ReadinessSubmission',
  schema: z.object({
    id: z.string(),
    tenantId: z.string(),
    submittedAt: z.string(),
    submittedBy: z.string(),
    questionBankVersion: z.string(),
    profile: readinessProfileSchema,
    answers: z.array(readinessAnswerSchema),
  }) as z.ZodType<ReadinessSubmission>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['RDY', 'SUB', k.id], sort: '#META' }),
  keyOf: (s: ReadinessSubmission) => ({ id: s.id }),
  describes: 'readiness submission by id',
  patterns: {
    timeline: {
      index: 'GSI1',
      partition: () => ['RDY', 'SUBS'],
      params: () => ({}),
      sort: (s: ReadinessSubmission) => `${s.submittedAt}#${s.id}`,
      describes: 'readiness submissions, by time (the latest: descending, limit 1)',
    },
  },
});

export const ReadinessSnapshots = defineAggregate({
  name: 'ReadinessSnapshot',
  schema: z.object({
    id: z.string(),
    tenantId: z.string(),
    takenAt: z.string(),
    day: z.string(),
    source: z.enum(READINESS_SNAPSHOT_SOURCES),
    kind: z.enum(SNAPSHOT_KINDS),
    submissionId: z.string().nullable(),
    method: z.string(),
    questionBankVersion: z.string(),
    inputsHash: z.string(),
    readinessLevel: z.enum(READINESS_LEVELS),
    overall: z.number(),
    stage1: z.number().nullable(),
    perClause: blockScores,
    perStep: blockScores,
    perAnnexTopic: blockScores,
    perTheme: blockScores,
    showstoppers: z.array(z.string()),
    gaps: gapList,
    topGaps: gapList,
    overclaim: z.number(),
    verifiedShare: z.number(),
    roadmapMonth: z.number(),
    horizonMonths: z.number(),
    atRisk: z.boolean(),
    items: z
      .array(
        z.object({
          itemId: z.string(),
          applicable: z.boolean(),
          answered: z.boolean(),
          declared: z.number().nullable(),
          cap: z.number(),
          capBasis: z.string().nullable(),
          effective: z.number().nullable(),
          verified: z.boolean(),
          weight: z.number(),
          target: z.number(),
          gap: z.number(),
        }),
      )
      .default([]),
  }) as unknown as z.ZodType<ReadinessSnapshot>,
  // v2 adds `items` (v1 items read with []).
  schemaVersion: 2,
  key: (k: { id: string }) => ({ partition: ['RDY', 'SNAP', k.id], sort: '#META' }),
  keyOf: (s: ReadinessSnapshot) => ({ id: s.id }),
  describes: 'readiness snapshot by id',
  patterns: {
    timeline: {
      index: 'GSI1',
      partition: () => ['RDY', 'SNAPS'],
      params: () => ({}),
      sort: (s: ReadinessSnapshot) => `${s.takenAt}#${s.id}`,
      describes: 'readiness snapshots, by time (trend; the latest: descending, limit 1)',
    },
  },
});

export const ReadinessRoadmaps = defineAggregate({
  name: 'ReadinessRoadmap',
  // The roadmap is generated by core and only ever read back whole.
  schema: z.object({
    tenantId: z.string(),
    snapshotId: z.string(),
    roadmap: z.record(z.string(), z.unknown()),
  }) as unknown as z.ZodType<ReadinessRoadmapRecord>,
  schemaVersion: 1,
  key: (k: { snapshotId: string }) => ({ partition: ['RDY', 'SNAP', k.snapshotId], sort: 'ROADMAP' }),
  keyOf: (r: ReadinessRoadmapRecord) => ({ snapshotId: r.snapshotId }),
  describes: "the roadmap generated with a snapshot (in the snapshot's partition)",
  patterns: {},
});

export const ReadinessRuns = defineAggregate({
  name: 'ReadinessRun',
  schema: z.object({
    tenantId: z.string(),
    day: z.string(),
    snapshotId: z.string().nullable(),
    ranAt: z.string(),
  }) as z.ZodType<ReadinessRun>,
  schemaVersion: 1,
  key: (k: { day: string }) => ({ partition: ['RDY', 'RUN', k.day], sort: '#META' }),
  keyOf: (r: ReadinessRun) => ({ day: r.day }),
  describes: 'nightly readiness-scoring run of a day (create-only: a rerun finds it)',
  patterns: {},
});

/** The questionnaire being filled in (one per tenant): saved in parts, submitted whole, kept for the next round. */
export interface ReadinessDraft {
  tenantId: string;
  profile: ReadinessProfile;
  answers: ReadinessAnswer[];
  /** The submission the last submit wrote from this draft. */
  lastSubmissionId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const ReadinessDrafts = defineAggregate({
  name: 'ReadinessDraft',
  schema: z.object({
    tenantId: z.string(),
    profile: readinessProfileSchema,
    answers: z.array(readinessAnswerSchema),
    lastSubmissionId: z.string().nullable().default(null),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }) as unknown as z.ZodType<ReadinessDraft>,
  schemaVersion: 1,
  key: (_: Record<string, never>) => ({ partition: ['RDY', 'DRAFT'], sort: '#META' }),
  keyOf: (_: ReadinessDraft) => ({}),
  entityId: () => 'draft',
  describes: "the tenant's readiness questionnaire draft: one item, versioned",
  patterns: {},
});

export const READINESS_ACTION_STATUSES = ['OPEN', 'DONE', 'CANCELLED'] as const;
export type ReadinessActionStatus = (typeof READINESS_ACTION_STATUSES)[number];
/** How an action left OPEN: its evidence reached target, someone marked it done, or it was cancelled. */
export const READINESS_ACTION_CLOSURES = ['EVIDENCE_AT_TARGET', 'MARKED_DONE', 'CANCELLED'] as const;
export type ReadinessActionClosureKind = (typeof READINESS_ACTION_CLOSURES)[number];

/** A roadmap task adopted as tracked work (§3.12.4 "adopt roadmap"). */
export interface ReadinessAction {
  /** `<snapshotId>.<itemId>`: adopting one roadmap twice cannot add a task twice. */
  id: string;
  tenantId: string;
  snapshotId: string;
  itemId: string;
  title: string;
  /** g_i when adopted. */
  gap: number;
  ownerAppointmentKind: AppointmentKind;
  /** A member of the tenant; null until assigned. */
  ownerId: string | null;
  dueOn: string;
  status: ReadinessActionStatus;
  closure: { kind: ReadinessActionClosureKind; by: string; at: string; note: string | null } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const actionSort = (a: Pick<ReadinessAction, 'dueOn' | 'id'>) => `${a.dueOn}#${a.id}`;

export const ReadinessActions = defineAggregate({
  name: 'ReadinessAction',
  schema: z.object({
    id: z.string(),
    tenantId: z.string(),
    snapshotId: z.string(),
    itemId: z.string(),
    title: z.string(),
    gap: z.number(),
    ownerAppointmentKind: z.string(),
    ownerId: z.string().nullable(),
    dueOn: z.string(),
    status: z.enum(READINESS_ACTION_STATUSES),
    closure: z
      .object({
        kind: z.enum(READINESS_ACTION_CLOSURES),
        by: z.string(),
        at: z.string(),
        note: z.string().nullable(),
      })
      .nullable(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }) as unknown as z.ZodType<ReadinessAction>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['RDY', 'ACT', k.id], sort: '#META' }),
  keyOf: (a: ReadinessAction) => ({ id: a.id }),
  describes: 'readiness action by id',
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['RDY', 'ACTS'],
      params: () => ({}),
      sort: actionSort,
      describes: 'readiness actions, earliest due first',
    },
    byStatus: {
      index: 'GSI2',
      partition: (p: { status: ReadinessActionStatus }) => ['RDY', 'ACTS', p.status],
      params: (a: ReadinessAction) => ({ status: a.status }),
      sort: actionSort,
      describes: 'readiness actions of one status, earliest due first (overdue: OPEN before today)',
    },
  },
});
