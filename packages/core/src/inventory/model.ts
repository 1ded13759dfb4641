// How AI systems are stored and found: one declaration, read by both stores.
import * as z from 'zod';
import { defineAggregate } from '../shared/store';
import { AI_ROLES, type AiSystem, LIFECYCLE_STAGES, PROVENANCES } from './ai-system';
import { euAiActProfileSchema, euAiActViewClass } from './eu-ai-act';

const nameSort = (s: Pick<AiSystem, 'name' | 'id'>) => `${s.name.trim().toLowerCase().slice(0, 100)}#${s.id}`;

export const aiSystemSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  purpose: z.string(),
  description: z.string().nullable(),
  dataProcessed: z.array(z.string()),
  decisionsInfluenced: z.array(z.string()),
  affectedStakeholders: z.array(z.string()),
  businessProcess: z.string().nullable(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  ownerId: z.string().nullable(),
  provenance: z.enum(PROVENANCES),
  vendor: z
    .object({
      name: z.string(),
      modelOrService: z.string().nullable(),
      contractReference: z.string().nullable(),
      dpaReference: z.string().nullable(),
    })
    .nullable(),
  // Read defaults: items written before schema version 3 lack V1, V3 and I9 fields.
  aiRoles: z.array(z.enum(AI_ROLES)).default([]),
  intendedUse: z.string().nullable().default(null),
  humanOversight: z.string().nullable().default(null),
  nextReviewOn: z.string().nullable().default(null),
  decommissionedAt: z.string().nullable(),
  decommissionReason: z.string().nullable(),
  dataDisposal: z
    .object({ method: z.string(), doneOn: z.string(), evidenceRef: z.string() })
    .nullable()
    .default(null),
  knowledgeTransfer: z.string().nullable().default(null),
  euAiActProfile: euAiActProfileSchema.nullable().default(null),
  stopRequested: z
    .object({
      reason: z.string(),
      assessmentId: z.string().nullable(),
      requestedBy: z.string(),
      requestedAt: z.string(),
    })
    .nullable()
    .default(null),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<AiSystem>;

export const AiSystems = defineAggregate({
  name: 'AiSystem',
  schema: aiSystemSchema as z.ZodType<AiSystem>,
  schemaVersion: 3,
  key: (k: { id: string }) => ({ partition: ['AISYS', k.id], sort: '#META' }),
  keyOf: (s: AiSystem) => ({ id: s.id }),
  describes: 'AI system by id (GetItem, BatchGetItem for owners/links)',
  patterns: {
    inventory: {
      index: 'GSI1',
      partition: () => ['AISYS'],
      params: () => ({}),
      sort: nameSort,
      describes: 'inventory, by name',
    },
    byStage: {
      index: 'GSI2',
      partition: (p: { stage: string }) => ['AISYS', 'STAGE', p.stage],
      params: (s: AiSystem) => ({ stage: s.lifecycleStage }),
      sort: nameSort,
      describes: 'inventory by lifecycle stage, by name',
    },
    byProvenance: {
      index: 'GSI3',
      partition: (p: { provenance: string }) => ['AISYS', 'PROV', p.provenance],
      params: (s: AiSystem) => ({ provenance: s.provenance }),
      sort: nameSort,
      describes: 'inventory by provenance, by name',
    },
    byStageAndProvenance: {
      index: 'GSI4',
      partition: (p: { stage: string; provenance: string }) => [
        'AISYS',
        'STAGE',
        p.stage,
        'PROV',
        p.provenance,
      ],
      params: (s: AiSystem) => ({ stage: s.lifecycleStage, provenance: s.provenance }),
      sort: nameSort,
      describes: 'inventory by stage and provenance together, by name',
    },
    byEuAiActClass: {
      index: 'GSI5',
      partition: (p: { euClass: string }) => ['AISYS', 'EUAIA', p.euClass],
      params: (s: AiSystem) => ({ euClass: euAiActViewClass(s.euAiActProfile) }),
      sort: nameSort,
      describes: 'EU AI Act view: systems by class (UNASSESSED when no profile), by name',
    },
  },
});
