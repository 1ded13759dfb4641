// The report of a self-service → managed conversion (SPEC §1, §3.12 last
// paragraph), kept in the control plane: it spans the pooled table and the new
// one, and it must outlive the pooled copies it accounts for.
import * as z from 'zod';
import { defineAggregate } from '../shared/store';

/** Steps in order; each is recorded once done, so a resumed conversion starts after the last one. */
export const CONVERSION_STEPS = [
  'STARTED',
  'PROVISIONED',
  'COPIED',
  'VERIFIED',
  'SWITCHED',
  'BASELINED',
  'PURGED',
  'COMPLETED',
] as const;
export type ConversionStep = (typeof CONVERSION_STEPS)[number];

export interface EntityCount {
  /** The stored `entity` attribute (aggregate name, or ChangeRecord). */
  entity: string;
  count: number;
}

export interface ConversionTiming {
  step: ConversionStep;
  /** When the step finished. */
  at: string;
  /** How long the step took in this attempt. */
  ms: number;
}

export interface TenantConversion {
  tenantId: string;
  fromTable: string;
  toTable: string;
  consultancyId: string | null;
  requestedBy: string;
  startedAt: string;
  completedAt: string | null;
  step: ConversionStep;
  /** Items per entity, the same on both sides once verified. */
  counts: EntityCount[];
  itemCount: number;
  /** SHA-256 (hex) over the canonical items, equal on both sides once verified. */
  checksum: string | null;
  copiedItems: number;
  purgedItems: number;
  /** Chosen at the start, so a resumed conversion writes the same CONVERSION_BASELINE snapshot once. */
  baselineSnapshotId: string;
  timings: ConversionTiming[];
  /** Calls that worked on it: 1, plus one per resume. */
  attempts: number;
  version: number;
}

const tenantConversionSchema = z.object({
  tenantId: z.string(),
  fromTable: z.string(),
  toTable: z.string(),
  consultancyId: z.string().nullable(),
  requestedBy: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  step: z.enum(CONVERSION_STEPS),
  counts: z.array(z.object({ entity: z.string(), count: z.number() })),
  itemCount: z.number(),
  checksum: z.string().nullable(),
  copiedItems: z.number(),
  purgedItems: z.number(),
  baselineSnapshotId: z.string(),
  timings: z.array(z.object({ step: z.enum(CONVERSION_STEPS), at: z.string(), ms: z.number() })),
  attempts: z.number(),
  version: z.number(),
}) satisfies z.ZodType<TenantConversion>;

export const TenantConversions = defineAggregate({
  name: 'TenantConversion',
  schema: tenantConversionSchema as z.ZodType<TenantConversion>,
  schemaVersion: 1,
  key: (k: { tenantId: string }) => ({ partition: ['TENANT', k.tenantId], sort: 'CONVERSION' }),
  keyOf: (c: TenantConversion) => ({ tenantId: c.tenantId }),
  describes: "a tenant's self-service → managed conversion report (one per tenant)",
  patterns: {},
});
