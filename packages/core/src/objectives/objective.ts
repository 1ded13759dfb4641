// AI objectives (ISO/IEC 42001 6.2, A.6.1.2, A.9.3; REQUIREMENTS §3.2.3):
// measurable targets set within the policy's objectives framework, each owned
// by an appointee and planned (what, resources, who, when, how evaluated).
// Pure rules: measurability, plan completeness, progress, the state machine.
import * as z from 'zod';
import { POLICY_ELEMENTS, type PolicyElement } from '../policy/policy';
import { ConflictError, type FieldError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';

export const OBJECTIVE_KINDS = ['AIMS', 'RESPONSIBLE_DEVELOPMENT', 'RESPONSIBLE_USE'] as const;
export type ObjectiveKind = (typeof OBJECTIVE_KINDS)[number];

export const OBJECTIVE_STATUSES = ['DRAFT', 'ACTIVE', 'ACHIEVED', 'NOT_ACHIEVED', 'CANCELLED'] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];

export const OBJECTIVE_TRANSITIONS: Readonly<Record<ObjectiveStatus, readonly ObjectiveStatus[]>> = {
  DRAFT: ['ACTIVE', 'CANCELLED'],
  ACTIVE: ['ACHIEVED', 'NOT_ACHIEVED', 'CANCELLED'],
  ACHIEVED: [],
  NOT_ACHIEVED: [],
  CANCELLED: [],
};

export const DIRECTIONS = ['INCREASE', 'DECREASE'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * How the objective is measured: a KPI (§3.8) when one exists, else a manual
 * metric with the reason a KPI is not practicable (6.2: measurable if practicable).
 */
export interface ObjectiveMeasure {
  kpiId: string | null;
  manualMetric: string | null;
  notPracticableJustification: string | null;
}

export const PLAN_FIELDS = ['what', 'resources', 'responsible', 'when', 'evaluationMethod'] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];
/** 6.2: what will be done, with what resources, who is responsible, when, how results are evaluated. */
export type ObjectivePlan = Record<PlanField, string | null>;

export interface ObjectiveMeasurement {
  value: number;
  measuredOn: string;
}

export interface AiObjective {
  id: string;
  tenantId: string;
  title: string;
  kind: ObjectiveKind;
  /** The policy element the objective implements (normally OBJECTIVES_FRAMEWORK) and its policy. */
  policyElementRef: { documentId: string; element: PolicyElement } | null;
  measure: ObjectiveMeasure;
  baseline: number;
  target: number;
  direction: Direction;
  dueOn: string;
  ownerAppointmentId: string;
  plan: ObjectivePlan;
  status: ObjectiveStatus;
  /** The newest progress recording. */
  current: ObjectiveMeasurement | null;
  communicatedOn: string | null;
  lastReviewedOn: string | null;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A progress recording, one item each (the objective keeps only the newest). */
export interface ObjectiveProgressRecord {
  tenantId: string;
  objectiveId: string;
  id: string;
  value: number;
  measuredOn: string;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
  version: number;
}

/** (current − baseline) / (target − baseline): 0 at the baseline, 1 at the target; null before any recording. */
export function objectiveProgress(o: Pick<AiObjective, 'baseline' | 'target' | 'current'>): number | null {
  if (!o.current || o.target === o.baseline) return null;
  return (o.current.value - o.baseline) / (o.target - o.baseline);
}

/** Plan fields an ACTIVE objective still needs. */
export const missingPlanFields = (plan: ObjectivePlan): PlanField[] => PLAN_FIELDS.filter((f) => !plan[f]);

/** Measurable: a KPI, or a manual metric with the reason a KPI is not practicable. */
export function measureProblems(measure: ObjectiveMeasure, root: (string | number)[]): FieldError[] {
  if (measure.kpiId && measure.manualMetric) {
    return [{ path: [...root, 'manualMetric'], message: 'give either a kpiId or a manual metric, not both' }];
  }
  if (measure.kpiId) return [];
  if (!measure.manualMetric) {
    return [{ path: [...root, 'kpiId'], message: 'is required unless a manual metric is justified' }];
  }
  if (!measure.notPracticableJustification) {
    return [
      {
        path: [...root, 'notPracticableJustification'],
        message: 'a manual metric needs the reason a KPI is not practicable (6.2)',
      },
    ];
  }
  return [];
}

/** The target lies in the objective's direction from the baseline. */
export function targetProblems(o: Pick<AiObjective, 'baseline' | 'target' | 'direction'>): FieldError[] {
  const ok = o.direction === 'INCREASE' ? o.target > o.baseline : o.target < o.baseline;
  return ok
    ? []
    : [
        {
          path: ['input', 'target'],
          message: `must be ${o.direction === 'INCREASE' ? 'above' : 'below'} the baseline for ${o.direction}`,
        },
      ];
}

export function assertObjectiveTransition(o: AiObjective, to: ObjectiveStatus): void {
  if (!OBJECTIVE_TRANSITIONS[o.status].includes(to)) {
    const allowed = OBJECTIVE_TRANSITIONS[o.status];
    throw new ConflictError(
      `objective ${o.id} is ${o.status} and cannot move to ${to}` +
        (allowed.length ? `; allowed: ${allowed.join(', ')}` : ': it is final'),
      'INVALID_STATE',
    );
  }
}

const id = z.string().trim().min(1, 'must not be empty').max(100);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const planText = multiLine(2000).transform((s) => s || null);
const num = z.number().finite();

const measureInput = z
  .object({
    kpiId: id.nullish(),
    manualMetric: singleLine(300).nullish(),
    notPracticableJustification: multiLine(2000)
      .refine((s) => s.length >= 10, 'explain in at least 10 characters')
      .nullish(),
  })
  .transform((m) => ({
    kpiId: m.kpiId || null,
    manualMetric: m.manualMetric || null,
    notPracticableJustification: m.notPracticableJustification || null,
  }));

const planInput = z
  .object({
    what: planText.nullish(),
    resources: planText.nullish(),
    responsible: planText.nullish(),
    when: planText.nullish(),
    evaluationMethod: planText.nullish(),
  })
  .transform(
    (p): ObjectivePlan => ({
      what: p.what ?? null,
      resources: p.resources ?? null,
      responsible: p.responsible ?? null,
      when: p.when ?? null,
      evaluationMethod: p.evaluationMethod ?? null,
    }),
  );

const policyElementRefInput = z.object({ documentId: id, element: z.enum(POLICY_ELEMENTS) });

export const createObjectiveInput = z.object({
  title: singleLine(200).min(1, 'must not be empty'),
  kind: z.enum(OBJECTIVE_KINDS),
  policyElementRef: policyElementRefInput.nullish(),
  measure: measureInput,
  baseline: num,
  target: num,
  direction: z.enum(DIRECTIONS),
  dueOn: date,
  ownerAppointmentId: id,
  plan: planInput.optional(),
  communicatedOn: date.nullish(),
});

export const updateObjectiveInput = z.object({
  id,
  expectedVersion: z.number().int().min(1),
  title: singleLine(200).min(1, 'must not be empty').optional(),
  kind: z.enum(OBJECTIVE_KINDS).optional(),
  policyElementRef: policyElementRefInput.nullish(),
  measure: measureInput.optional(),
  baseline: num.optional(),
  target: num.optional(),
  direction: z.enum(DIRECTIONS).optional(),
  dueOn: date.optional(),
  ownerAppointmentId: id.optional(),
  plan: planInput.optional(),
  communicatedOn: date.nullish(),
  lastReviewedOn: date.nullish(),
});

export const transitionObjectiveInput = z.object({
  id,
  expectedVersion: z.number().int().min(1),
  status: z.enum(['ACTIVE', 'ACHIEVED', 'NOT_ACHIEVED', 'CANCELLED']),
});

export const recordProgressInput = z.object({
  id,
  expectedVersion: z.number().int().min(1),
  value: num,
  measuredOn: date,
  note: multiLine(2000).nullish(),
});
