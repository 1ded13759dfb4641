// How the treatment plan is stored: treatment actions by due date, a head
// counting edits and approved plan versions frozen one item each.
import * as z from 'zod';
import { defineAggregate, padded } from '../shared/store';
import {
  type ApprovedTreatmentPlan,
  EFFECTIVENESS_RESULTS,
  type TreatmentAction,
  type TreatmentPlanHead,
} from './treatment-action';

export const treatmentActionSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  title: z.string(),
  riskId: z.string().nullable(),
  controlId: z.string().nullable(),
  ownerId: z.string(),
  dueDate: z.string(),
  progress: z.number(),
  completedAt: z.string().nullable(),
  // Actions stored before X-12 have no resources, cancellation or effectiveness check.
  resources: z.string().nullable().default(null),
  cancellation: z.object({ reason: z.string(), by: z.string(), at: z.string() }).nullable().default(null),
  effectivenessCheck: z
    .object({
      method: z.string(),
      dueOn: z.string(),
      result: z.enum(EFFECTIVENESS_RESULTS).nullable(),
      by: z.string().nullable(),
      at: z.string().nullable(),
      notes: z.string().nullable(),
    })
    .nullable()
    .default(null),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<TreatmentAction, unknown>;

export const TreatmentActions = defineAggregate({
  name: 'TreatmentAction',
  schema: treatmentActionSchema as z.ZodType<TreatmentAction>,
  // 2: resources, cancellation, effectivenessCheck (read as null from version 1 items).
  schemaVersion: 2,
  key: (k: { id: string }) => ({ partition: ['ACTION', k.id], sort: '#META' }),
  keyOf: (a: TreatmentAction) => ({ id: a.id }),
  describes: 'treatment action by id (GetItem; BatchGetItem per page of risks)',
  patterns: {
    plan: {
      index: 'GSI1',
      partition: () => ['ACTION'],
      params: () => ({}),
      sort: (a: TreatmentAction) => `${a.dueDate}#${a.id}`,
      describes: 'treatment plan by due date',
    },
    byControl: {
      index: 'GSI2',
      partition: (p: { controlId: string }) => ['ACTION', 'CTRL', p.controlId],
      params: (a: TreatmentAction) => (a.controlId ? { controlId: a.controlId } : null),
      sort: (a: TreatmentAction) => `${a.dueDate}#${a.id}`,
      describes: "a control's treatment actions by due date",
    },
  },
});

export const TreatmentPlanHeads = defineAggregate({
  name: 'TreatmentPlanHead',
  schema: z.object({
    tenantId: z.string(),
    version: z.number().default(0),
    approvedNumber: z.number().nullable().default(null),
    approvedAtVersion: z.number().nullable().default(null),
    updatedAt: z.string().default(''),
  }) as unknown as z.ZodType<TreatmentPlanHead>,
  schemaVersion: 1,
  key: (_: Record<string, never>) => ({ partition: ['PLAN'], sort: '#HEAD' }),
  keyOf: () => ({}),
  describes: 'treatment plan head: edit count (ADD on every action write) and the latest approved number',
  entityId: () => 'plan',
  patterns: {},
});

export const ApprovedTreatmentPlans = defineAggregate({
  name: 'ApprovedTreatmentPlan',
  schema: z.object({
    tenantId: z.string(),
    number: z.number(),
    planVersion: z.number(),
    approval: z.object({
      by: z.string(),
      appointmentKind: z.enum(['COMMITTEE_CHAIR', 'COMMITTEE_MEMBER', 'TOP_MANAGEMENT']),
      at: z.string(),
      comment: z.string().nullable(),
    }),
    actions: z.array(z.object({ id: z.string(), version: z.number() })),
  }) as unknown as z.ZodType<ApprovedTreatmentPlan>,
  schemaVersion: 1,
  key: (k: { number: number }) => ({ partition: ['PLAN', 'V', padded(k.number, 6)], sort: '#HEAD' }),
  keyOf: (a: ApprovedTreatmentPlan) => ({ number: a.number }),
  describes: 'approved treatment plan n: approval and the action versions approved (GetItem)',
  entityId: (a: ApprovedTreatmentPlan) => `plan-v${a.number}`,
  patterns: {},
});
