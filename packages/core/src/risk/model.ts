// How the risk register is stored: risks with their filter and gap indexes,
// methodology versions, heat-map counters and the risk↔system, risk↔control
// and risk→action links that keep every read O(1) in the register's size.
import * as z from 'zod';
import { defineAggregate, padded } from '../shared/store';
import { IMPACT_AREAS, METHODOLOGY_STATUSES, RISK_BANDS, type RiskMethodology } from './methodology';
import { CLOSURE_REASONS, RISK_GAP_REASONS, RISK_STATUSES, type Risk, TREATMENT_OPTIONS } from './risk';

/** Highest score first, then id, as a string order. */
export const scoreSort = (score: number, id: string) => `${padded(1000 - score, 4)}#${id}`;

const scoreSchema = z.object({
  likelihood: z.number(),
  impacts: z.partialRecord(z.enum(IMPACT_AREAS), z.number()),
  // Scores stored before R2 rated only some areas and have no reasons.
  notApplicable: z.partialRecord(z.enum(IMPACT_AREAS), z.string()).default({}),
  impact: z.number(),
  score: z.number(),
  band: z.enum(RISK_BANDS),
});

const treatmentSchema = z.object({
  option: z.enum(TREATMENT_OPTIONS),
  controlRefs: z.array(z.string()),
  transferParty: z.string().nullable(),
  acceptance: z
    .object({
      signedOffBy: z.string(),
      signedOffAt: z.string(),
      justification: z.string(),
      aboveThreshold: z.boolean(),
    })
    .nullable(),
  stopUseCase: z.boolean(),
  notes: z.string().nullable(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

const outcomeSchema = z.object({
  activeActions: z.number(),
  doneActions: z.number(),
  allDoneOn: z.string().nullable(),
  effectiveness: z.enum(['EFFECTIVE', 'NOT_EFFECTIVE']).nullable(),
  judgedBy: z.string().nullable(),
  judgedAt: z.string().nullable(),
});

/**
 * Items before schema version 5 hold one `treatment` (with `controlIds`) and the
 * status TREATED: read as a one-element list, and TREATED as the X-4 status it means.
 */
function fromVersion4(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || 'treatments' in raw) return raw;
  const item = raw as Record<string, unknown> & {
    treatment?: (Record<string, unknown> & { controlIds?: string[] }) | null;
  };
  const { treatment, ...rest } = item;
  const treatments = treatment
    ? [{ ...treatment, controlRefs: treatment.controlRefs ?? treatment.controlIds ?? [] }]
    : [];
  const status =
    item.status === 'TREATED' ? (item.residual ? 'RESIDUAL_ASSESSED' : 'TREATMENT_DECIDED') : item.status;
  // The residual's assessment time was not kept: the last write is the best bound.
  const residualAssessedAt = item.residual ? item.updatedAt : null;
  return { ...rest, treatments, status, residualAssessedAt };
}

export const riskSchema = z.preprocess(
  fromVersion4,
  z.object({
    id: z.string(),
    tenantId: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    category: z.string(),
    aiSystemIds: z.array(z.string()),
    ownerId: z.string(),
    methodologyVersion: z.number(),
    inherent: scoreSchema,
    treatments: z.array(treatmentSchema),
    residual: scoreSchema.nullable(),
    residualAssessedAt: z.string().nullable().default(null),
    treatmentOutcome: outcomeSchema.nullable().default(null),
    treatmentImplemented: z.boolean().default(false),
    reviewDate: z.string(),
    status: z.enum(RISK_STATUSES),
    sourceFinding: z.object({ assessmentId: z.string(), dimension: z.string() }).nullable(),
    currentBand: z.enum(RISK_BANDS),
    aboveThreshold: z.boolean(),
    gap: z.enum(RISK_GAP_REASONS).nullable(),
    lapsesOn: z.string().nullable().default(null),
    // Risks stored before have no residual acceptance and no closure record.
    residualAcceptance: z
      .object({
        residualScore: z.number(),
        justification: z.string(),
        acceptedBy: z.string(),
        acceptedAt: z.string(),
        expiresOn: z.string(),
        conditions: z.string().nullable(),
      })
      .nullable()
      .default(null),
    closure: z
      .object({
        reason: z.enum(CLOSURE_REASONS),
        explanation: z.string(),
        closedBy: z.string(),
        closedAt: z.string(),
      })
      .nullable()
      .default(null),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
) as unknown as z.ZodType<Risk>;

const registerOrder = (r: Risk) => scoreSort(r.inherent.score, r.id);

export const Risks = defineAggregate({
  name: 'Risk',
  schema: riskSchema,
  // 3: scores carry notApplicable areas (read as {} from version 2 items).
  // 4: gap reasons, residualAcceptance and closure, read as null from older items.
  // 5: treatments list (X-6, X-8 controlRefs), X-4 statuses, residualAssessedAt, treatmentOutcome; see fromVersion4.
  schemaVersion: 5,
  key: (k: { id: string }) => ({ partition: ['RISK', k.id], sort: '#META' }),
  keyOf: (r: Risk) => ({ id: r.id }),
  describes: 'risk by id (GetItem; BatchGetItem for links and reference checks)',
  patterns: {
    register: {
      index: 'GSI1',
      partition: () => ['RISK'],
      params: () => ({}),
      sort: registerOrder,
      describes: 'risk register, highest inherent score first',
    },
    byBand: {
      index: 'GSI2',
      partition: (p: { band: string }) => ['RISK', 'BAND', p.band],
      params: (r: Risk) => ({ band: r.currentBand }),
      sort: registerOrder,
      describes: 'risks by current band (residual, else inherent)',
    },
    byOwner: {
      index: 'GSI3',
      partition: (p: { ownerId: string }) => ['RISK', 'OWNER', p.ownerId],
      params: (r: Risk) => ({ ownerId: r.ownerId }),
      sort: registerOrder,
      describes: 'risks by owner',
    },
    byCategory: {
      index: 'GSI4',
      partition: (p: { category: string }) => ['RISK', 'CAT', p.category],
      params: (r: Risk) => ({ category: r.category }),
      sort: registerOrder,
      describes: 'risks by category',
    },
    byStatus: {
      index: 'GSI5',
      partition: (p: { status: string }) => ['RISK', 'STATUS', p.status],
      params: (r: Risk) => ({ status: r.status }),
      sort: registerOrder,
      describes: 'risks by status',
    },
    gaps: {
      index: 'GSI6',
      partition: () => ['RISK', 'GAP'],
      params: (r: Risk) => (r.gap ? {} : null),
      sort: registerOrder,
      describes:
        'sparse: register gaps (untreated, residual above threshold or overdue, expired acceptance, ineffective treatment), highest score first',
    },
    // Shares GSI6 with gaps: an AVOID risk is never a gap (see gapOf).
    stopRequests: {
      index: 'GSI6',
      partition: () => ['RISK', 'STOP'],
      params: (r: Risk) =>
        r.status !== 'CLOSED' && r.treatments.some((t) => t.option === 'AVOID' && t.stopUseCase) ? {} : null,
      sort: registerOrder,
      describes: 'sparse: open AVOID risks asking for their AI systems to stop',
    },
    // Shares GSI6 too: only a risk that is not a gap (and not AVOID) can lapse into one.
    lapses: {
      index: 'GSI6',
      partition: () => ['RISK', 'LAPSE'],
      params: (r: Risk) => (r.lapsesOn ? {} : null),
      sort: (r: Risk) => `${r.lapsesOn}#${r.id}`,
      describes:
        'sparse: risks by the day they become a gap (acceptance expired, residual assessment overdue), earliest first; the daily job reads up to today',
    },
  },
});

export const methodologySchema = z.object({
  tenantId: z.string(),
  version: z.number(),
  likelihoodScale: z.array(z.object({ level: z.number(), label: z.string(), definition: z.string() })),
  impactScale: z.array(z.object({ level: z.number(), label: z.string(), definition: z.string() })),
  impactAreas: z.array(z.enum(IMPACT_AREAS)),
  aggregation: z.enum(['MAX', 'MEAN']),
  bands: z.array(z.object({ band: z.enum(RISK_BANDS), minScore: z.number() })),
  acceptanceThreshold: z.number(),
  categories: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
  // Versions written before approval existed were in force when written: the newest one is current.
  status: z.enum(METHODOLOGY_STATUSES).default('APPROVED'),
  approvedBy: z.string().nullable().default(null),
  approvedAt: z.string().nullable().default(null),
  statusRevision: z.number().default(1),
}) satisfies z.ZodType<RiskMethodology, unknown>;

export const Methodologies = defineAggregate({
  name: 'RiskMethodology',
  schema: methodologySchema as z.ZodType<RiskMethodology>,
  // 2: status, approvedBy, approvedAt, statusRevision (read with defaults from version 1 items).
  schemaVersion: 2,
  key: (k: { version: number }) => ({ partition: ['RISKMETH'], sort: `V#${padded(k.version)}` }),
  keyOf: (m: RiskMethodology) => ({ version: m.version }),
  describes:
    'methodology version n (GetItem); newest = pending draft check (Query, descending, Limit 1); current = newest APPROVED (Query, descending, Limit 2; the small partition only while drafts sit on top)',
  entityId: () => 'current',
  patterns: {},
});

/** Heat-map counters per methodology version: `i_<l>_<i>` inherent and `r_<l>_<i>` current cells of open risks. */
export interface RiskCounts {
  methodologyVersion: number;
  cells: Record<string, number>;
}

export const RiskCountsStore = defineAggregate({
  name: 'RiskCounts',
  schema: z.looseObject({ SK: z.string() }).transform((item): RiskCounts => {
    const cells: Record<string, number> = {};
    for (const [k, v] of Object.entries(item)) if (/^[ir]_\d+_\d+$/.test(k)) cells[k] = Number(v);
    return { methodologyVersion: Number(item.SK.slice(2)), cells };
  }) as unknown as z.ZodType<RiskCounts>,
  schemaVersion: 1,
  key: (k: { methodologyVersion: number }) => ({
    partition: ['RISKCOUNT'],
    sort: `V#${padded(k.methodologyVersion)}`,
  }),
  keyOf: (c: RiskCounts) => ({ methodologyVersion: c.methodologyVersion }),
  describes: 'heat-map counters per methodology version, updated in every risk write (Query: all versions)',
  patterns: {},
});

export interface RiskSystemLink {
  riskId: string;
  aiSystemId: string;
  score: number;
}

export const RiskSystemLinks = defineAggregate({
  name: 'RiskSystemLink',
  schema: z.object({
    riskId: z.string(),
    aiSystemId: z.string(),
    score: z.number(),
  }) as z.ZodType<RiskSystemLink>,
  schemaVersion: 1,
  key: (k: RiskSystemLink) => ({
    partition: ['LINK', 'RISK-SYSTEM'],
    sort: `${k.aiSystemId}#${scoreSort(k.score, k.riskId)}`,
  }),
  keyOf: (l: RiskSystemLink) => l,
  describes: 'risk ↔ AI system link',
  patterns: {
    bySystem: {
      index: 'TABLE',
      partition: () => ['LINK', 'RISK-SYSTEM'],
      params: () => ({}),
      sort: (l: RiskSystemLink) => `${l.aiSystemId}#${scoreSort(l.score, l.riskId)}`,
      describes: "a system's risks in register order (begins_with <systemId>#), then BatchGet",
    },
  },
});

export interface RiskControlLink {
  riskId: string;
  controlRef: string;
  /** The risk's current score is above its methodology's threshold. */
  aboveThreshold: boolean;
}

export const RiskControlLinks = defineAggregate({
  name: 'RiskControlLink',
  schema: z.object({
    riskId: z.string(),
    controlRef: z.string(),
    aboveThreshold: z.boolean(),
  }) as z.ZodType<RiskControlLink>,
  schemaVersion: 1,
  key: (k: Pick<RiskControlLink, 'riskId' | 'controlRef'>) => ({
    partition: ['LINK', 'RISK-CONTROL'],
    sort: `${k.controlRef}#${k.riskId}`,
  }),
  keyOf: (l: RiskControlLink) => ({ riskId: l.riskId, controlRef: l.controlRef }),
  describes:
    'live risks whose treatment relies on a control (the whole link partition, or begins_with <ref>#)',
  patterns: {},
});

export interface RiskActions {
  riskId: string;
  actionIds: string[];
  version: number;
}

export const RiskActionLists = defineAggregate({
  name: 'RiskActions',
  schema: z.object({
    riskId: z.string(),
    actionIds: z.array(z.string()),
    version: z.number(),
  }) as z.ZodType<RiskActions>,
  schemaVersion: 1,
  key: (k: { riskId: string }) => ({ partition: ['RISK', k.riskId], sort: 'ACTIONS' }),
  keyOf: (l: RiskActions) => ({ riskId: l.riskId }),
  describes: "a risk's treatment actions (BatchGet per page of risks, then BatchGet the actions)",
  patterns: {},
});
