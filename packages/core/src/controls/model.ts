// How custom controls are stored and found: one declaration, read by both stores.
import * as z from 'zod';
import { isControlId } from '../annex-a/catalogue';
import { defineAggregate } from '../shared/store';
import { CUSTOM_CONTROL_SOURCES, type CustomControl } from './custom-control';

export const customControlSchema = z.object({
  ref: z.string(),
  tenantId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  source: z.enum(CUSTOM_CONTROL_SOURCES),
  mappedAnnexA: z.array(z.string().refine(isControlId)),
  ownerId: z.string().nullable(),
  retiredAt: z.string().nullable(),
  // Controls stored before retirement reasons existed have none.
  retiredReason: z.string().nullable().default(null),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) as unknown as z.ZodType<CustomControl>;

export const CustomControls = defineAggregate({
  name: 'CustomControl',
  schema: customControlSchema,
  schemaVersion: 1,
  key: (k: { ref: string }) => ({ partition: ['CTRL', k.ref], sort: '#META' }),
  keyOf: (c: CustomControl) => ({ ref: c.ref }),
  entityId: (c: CustomControl) => c.ref,
  describes: 'custom control by ref',
  patterns: {
    all: {
      index: 'GSI1',
      partition: () => ['CTRL'],
      params: () => ({}),
      sort: (c: CustomControl) => c.ref,
      describes: "the tenant's custom controls, by ref",
    },
  },
});
