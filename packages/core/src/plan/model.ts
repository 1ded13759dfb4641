// How the treatment plan is stored: treatment actions by due date.
import * as z from 'zod';
import { defineAggregate } from '../shared/store';
import type { TreatmentAction } from './treatment-action';

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
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<TreatmentAction>;

export const TreatmentActions = defineAggregate({
  name: 'TreatmentAction',
  schema: treatmentActionSchema as z.ZodType<TreatmentAction>,
  schemaVersion: 1,
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
