// How the SoA is stored: one item per control entry (own version), a head
// counting edits, and approved versions frozen per entry.
import * as z from 'zod';
import { CUSTOM_CONTROL_SOURCES } from '../controls/custom-control';
import { defineAggregate, padded } from '../shared/store';
import { FINDING_CODES } from './finding';
import {
  type ApprovedSoaHead,
  type FrozenSoaEntry,
  IMPLEMENTATION_STATUSES,
  SOA_REASONS,
  type SoaEntry,
  type SoaHead,
} from './statement-of-applicability';

const entrySchema = z.object({
  tenantId: z.string(),
  controlId: z.string(),
  applicable: z.boolean().nullable(),
  justification: z.string().nullable(),
  reasons: z.array(z.enum(SOA_REASONS)),
  implementationStatus: z.enum(IMPLEMENTATION_STATUSES),
  ownerId: z.string().nullable(),
  linkedRiskIds: z.array(z.string()),
  evidenceRefs: z.array(z.string()),
  // C3: entries stored before the slot existed have no official title.
  officialTitle: z.string().nullable().default(null),
  version: z.number(),
  updatedAt: z.string().nullable(),
}) as unknown as z.ZodType<SoaEntry>;

export const SoaEntries = defineAggregate({
  name: 'SoaEntry',
  schema: entrySchema,
  schemaVersion: 2,
  key: (k: { controlId: string }) => ({ partition: ['SOA'], sort: `ENTRY#${k.controlId}` }),
  keyOf: (e: SoaEntry) => ({ controlId: e.controlId }),
  describes:
    'working SoA entries, one per Annex A control or custom control ref (Query the SoA partition, begins_with ENTRY#)',
  patterns: {},
});

export const SoaHeads = defineAggregate({
  name: 'SoaHead',
  schema: z.object({
    tenantId: z.string(),
    version: z.number().default(0),
    approvedVersion: z.number().nullable().default(null),
    updatedAt: z.string().default(''),
  }) as unknown as z.ZodType<SoaHead>,
  schemaVersion: 1,
  key: (_: Record<string, never>) => ({ partition: ['SOA'], sort: '#HEAD' }),
  keyOf: () => ({}),
  describes: 'SoA head: edit count (ADD on every entry edit) and the latest approved number',
  patterns: {},
});

export const ApprovedSoaHeads = defineAggregate({
  name: 'ApprovedSoa',
  schema: z.object({
    tenantId: z.string(),
    number: z.number(),
    catalogueVersion: z.string(),
    approvedBy: z.string(),
    approvedAt: z.string(),
    soaVersion: z.number(),
    riskRegisterChangedAt: z.string().nullable(),
    // S7: approvals from before it read as not recorded.
    methodologyVersion: z.number().nullable().default(null),
    openRiskCount: z.number().nullable().default(null),
    // Approvals from before waivers existed read as having none.
    waivers: z
      .array(
        z.object({
          code: z.enum(FINDING_CODES),
          controlId: z.string().nullable(),
          riskId: z.string().nullable(),
          reason: z.string(),
          grantedBy: z.string(),
        }),
      )
      .default([]),
  }) as unknown as z.ZodType<ApprovedSoaHead>,
  schemaVersion: 2,
  key: (k: { number: number }) => ({ partition: ['SOA', 'V', padded(k.number, 6)], sort: '#HEAD' }),
  keyOf: (a: ApprovedSoaHead) => ({ number: a.number }),
  describes: 'approved SoA n: approval record (GetItem)',
  entityId: () => 'soa',
  patterns: {},
});

export interface ApprovedSoaEntry extends FrozenSoaEntry {
  number: number;
}

export const ApprovedSoaEntries = defineAggregate({
  name: 'ApprovedSoaEntry',
  schema: (entrySchema as unknown as z.ZodObject).extend({
    number: z.number(),
    // entries frozen before custom controls existed are all Annex A.
    customControl: z
      .object({
        ref: z.string(),
        title: z.string(),
        description: z.string().nullable(),
        source: z.enum(CUSTOM_CONTROL_SOURCES),
        mappedAnnexA: z.array(z.string()),
      })
      .nullable()
      .default(null),
  }) as unknown as z.ZodType<ApprovedSoaEntry>,
  schemaVersion: 2,
  key: (k: { number: number; controlId: string }) => ({
    partition: ['SOA', 'V', padded(k.number, 6)],
    sort: `ENTRY#${k.controlId}`,
  }),
  keyOf: (e: ApprovedSoaEntry) => ({ number: e.number, controlId: e.controlId }),
  describes:
    'approved SoA n: frozen entries with their links and custom controls (Query the version partition; written in batches before the head)',
  patterns: {},
});
