// How AI objectives are stored: the objective (with its newest measurement)
// and its progress recordings in the objective's own partition.
import * as z from 'zod';
import { POLICY_ELEMENTS } from '../policy/policy';
import { defineAggregate } from '../shared/store';
import {
  type AiObjective,
  DIRECTIONS,
  OBJECTIVE_KINDS,
  OBJECTIVE_STATUSES,
  type ObjectiveProgressRecord,
} from './objective';

const planText = z.string().nullable();

export const objectiveSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  title: z.string(),
  kind: z.enum(OBJECTIVE_KINDS),
  policyElementRef: z.object({ documentId: z.string(), element: z.enum(POLICY_ELEMENTS) }).nullable(),
  measure: z.object({
    kpiId: z.string().nullable(),
    manualMetric: z.string().nullable(),
    notPracticableJustification: z.string().nullable(),
  }),
  baseline: z.number(),
  target: z.number(),
  direction: z.enum(DIRECTIONS),
  dueOn: z.string(),
  ownerAppointmentId: z.string(),
  plan: z.object({
    what: planText,
    resources: planText,
    responsible: planText,
    when: planText,
    evaluationMethod: planText,
  }),
  status: z.enum(OBJECTIVE_STATUSES),
  current: z.object({ value: z.number(), measuredOn: z.string() }).nullable(),
  communicatedOn: z.string().nullable(),
  lastReviewedOn: z.string().nullable(),
  createdBy: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<AiObjective>;

const registerOrder = (o: AiObjective) => `${o.dueOn}#${o.id}`;

export const AiObjectives = defineAggregate({
  name: 'AiObjective',
  schema: objectiveSchema as z.ZodType<AiObjective>,
  schemaVersion: 1,
  key: (k: { id: string }) => ({ partition: ['OBJ', k.id], sort: '#META' }),
  keyOf: (o: AiObjective) => ({ id: o.id }),
  describes: 'AI objective by id',
  patterns: {
    register: {
      index: 'GSI1',
      partition: () => ['OBJ'],
      params: () => ({}),
      sort: registerOrder,
      describes: 'AI objectives, earliest due first',
    },
    byStatus: {
      index: 'GSI2',
      partition: (p: { status: string }) => ['OBJ', 'STATUS', p.status],
      params: (o: AiObjective) => ({ status: o.status }),
      sort: registerOrder,
      describes: 'AI objectives by status, earliest due first',
    },
  },
});

export const ObjectiveProgressRecords = defineAggregate({
  name: 'ObjectiveProgress',
  schema: z.object({
    tenantId: z.string(),
    objectiveId: z.string(),
    id: z.string(),
    value: z.number(),
    measuredOn: z.string(),
    note: z.string().nullable(),
    recordedBy: z.string(),
    recordedAt: z.string(),
    version: z.number(),
  }) as z.ZodType<ObjectiveProgressRecord>,
  schemaVersion: 1,
  key: (k: { objectiveId: string; measuredOn: string; id: string }) => ({
    partition: ['OBJ', k.objectiveId],
    sort: `P#${k.measuredOn}#${k.id}`,
  }),
  keyOf: (p: ObjectiveProgressRecord) => ({ objectiveId: p.objectiveId, measuredOn: p.measuredOn, id: p.id }),
  describes: "an objective's progress recordings by measurement date (Query begins_with P#, descending)",
  entityId: (p: ObjectiveProgressRecord) => p.id,
  patterns: {},
});
