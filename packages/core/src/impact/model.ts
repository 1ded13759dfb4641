// How impact assessments are stored: revisions by system, a guard item that
// keeps revision numbers unique, and the links to risks raised from findings.
import * as z from 'zod';
import { defineAggregate, padded } from '../shared/store';
import {
  ASSESSMENT_DIMENSIONS,
  ASSESSMENT_STATUSES,
  DIMENSION_SETS,
  type DimensionSet,
  EU_AI_ACT_CLASSES,
  type ImpactAssessment,
  LEGACY_FINDING_CRITERIA,
} from './impact-assessment';

export const impactAssessmentSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  aiSystemId: z.string(),
  revision: z.number(),
  status: z.enum(ASSESSMENT_STATUSES),
  dimensions: z.array(
    z.object({
      dimension: z.enum(ASSESSMENT_DIMENSIONS),
      severity: z.number(),
      likelihood: z.number(),
      affectedGroups: z.array(z.string()),
      existingMitigations: z.array(z.string()),
      plannedMitigations: z.array(z.string()),
      notes: z.string().nullable(),
      // Read defaults: items written before schema version 2 lack the fields below.
      noRiskJustification: z.string().nullable().default(null),
    }),
  ),
  euAiActClass: z.enum(EU_AI_ACT_CLASSES).nullable(),
  euAiActReasons: z.array(z.string()),
  // Before schema version 3 a revision held its own EU AI Act profile (now on the system, I9:
  // dropped on read) and assessed the guide's seven on the fixed 5×5 criteria (I2, I4).
  dimensionSet: z.enum(DIMENSION_SETS).default('GUIDE_SEVEN'),
  findingCriteria: z
    .object({
      maxSeverity: z.number(),
      maxLikelihood: z.number(),
      acceptanceThreshold: z.number(),
      methodologyVersion: z.number().nullable(),
    })
    .default(LEGACY_FINDING_CRITERIA),
  intendedUse: z.string().nullable().default(null),
  foreseeableMisuse: z.array(z.string()).default([]),
  deploymentContext: z.object({ technical: z.string(), societal: z.string() }).nullable().default(null),
  jurisdictions: z.array(z.string()).default([]),
  participants: z
    .array(z.object({ name: z.string(), role: z.string(), stakeholderGroup: z.string() }))
    .default([]),
  positiveImpacts: z.array(z.string()).default([]),
  nextReassessmentOn: z.string().nullable().default(null),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
  supersededBy: z.string().nullable(),
  version: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<ImpactAssessment>;

export const ImpactAssessments = defineAggregate({
  name: 'ImpactAssessment',
  schema: impactAssessmentSchema as z.ZodType<ImpactAssessment>,
  schemaVersion: 3,
  key: (k: { id: string }) => ({ partition: ['IA', k.id], sort: '#META' }),
  keyOf: (a: ImpactAssessment) => ({ id: a.id }),
  describes: 'impact assessment by id',
  patterns: {
    bySystem: {
      index: 'GSI1',
      partition: (p: { aiSystemId: string }) => ['IA', 'SYS', p.aiSystemId],
      params: (a: ImpactAssessment) => ({ aiSystemId: a.aiSystemId }),
      sort: (a: ImpactAssessment) => `REV#${padded(a.revision, 6)}`,
      describes: "a system's assessment revisions (newest first: descending)",
    },
    byTenant: {
      index: 'GSI2',
      partition: (_: Record<string, never>) => ['IA', 'ALL'],
      params: () => ({}),
      sort: (a: ImpactAssessment) => `${a.createdAt}#${a.id}`,
      describes: "the tenant's assessments across systems by creation time (newest first: descending)",
    },
    highRiskInForce: {
      index: 'GSI3',
      partition: (_: Record<string, never>) => ['IA', 'HIGH'],
      params: (a: ImpactAssessment) => (a.euAiActClass === 'HIGH' && a.status !== 'SUPERSEDED' ? {} : null),
      sort: (a: ImpactAssessment) => `${a.aiSystemId}#${a.id}`,
      describes: 'sparse: assessments not superseded that class their system HIGH under the EU AI Act',
    },
    reassessmentDue: {
      index: 'GSI4',
      partition: (_: Record<string, never>) => ['IA', 'REASSESS'],
      params: (a: ImpactAssessment) => (a.status === 'APPROVED' && a.nextReassessmentOn ? {} : null),
      sort: (a: ImpactAssessment) => `${a.nextReassessmentOn}#${a.id}`,
      describes: 'sparse: approved revisions by next reassessment date (the IA_REASSESSMENT_DUE reminder)',
    },
  },
});

export interface ImpactRevisionGuard {
  aiSystemId: string;
  revision: number;
  assessmentId: string;
}

/** One per (system, revision): created with the revision, so two concurrent starts cannot both take a number. */
export const ImpactRevisionGuards = defineAggregate({
  name: 'ImpactRevisionGuard',
  schema: z.object({
    aiSystemId: z.string(),
    revision: z.number(),
    assessmentId: z.string(),
  }) as z.ZodType<ImpactRevisionGuard>,
  schemaVersion: 1,
  key: (k: { aiSystemId: string; revision: number }) => ({
    partition: ['IASYS', k.aiSystemId],
    sort: `REV#${padded(k.revision, 6)}`,
  }),
  keyOf: (g: ImpactRevisionGuard) => ({ aiSystemId: g.aiSystemId, revision: g.revision }),
  describes: 'revision-number guard per (system, revision), create-only',
  patterns: {},
});

export interface ImpactRiskLink {
  assessmentId: string;
  riskId: string;
  dimension: string;
}

export const ImpactRiskLinks = defineAggregate({
  name: 'ImpactRiskLink',
  schema: z.object({
    assessmentId: z.string(),
    riskId: z.string(),
    dimension: z.string(),
  }) as z.ZodType<ImpactRiskLink>,
  schemaVersion: 1,
  key: (k: { assessmentId: string; riskId: string }) => ({
    partition: ['IA', k.assessmentId],
    sort: `RISK#${k.riskId}`,
  }),
  keyOf: (l: ImpactRiskLink) => ({ assessmentId: l.assessmentId, riskId: l.riskId }),
  describes: "risks raised from an assessment's findings (the assessment's collection, begins_with RISK#)",
  patterns: {},
});

export interface ImpactSettings {
  /** I2: ALL (the eleven) unless the tenant restricts new revisions to the guide's seven. */
  dimensionSet: DimensionSet;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export const DEFAULT_DIMENSION_SET: DimensionSet = 'ALL';

/** One per tenant; absent until first set (the default then applies). */
export const ImpactSettingsItems = defineAggregate({
  name: 'ImpactSettings',
  schema: z.object({
    dimensionSet: z.enum(DIMENSION_SETS),
    version: z.number(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  }) as z.ZodType<ImpactSettings>,
  schemaVersion: 1,
  key: (_: Record<string, never>) => ({ partition: ['IASETTINGS'], sort: '#META' }),
  keyOf: (_: ImpactSettings) => ({}),
  entityId: () => 'impact-settings',
  describes: "the tenant's impact-assessment options (dimension set)",
  patterns: {},
});
