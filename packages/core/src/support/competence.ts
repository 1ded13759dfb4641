// Competence (7.2, A.4.6): what each governance role must know, what people
// are assessed to know, and the gap between the two with the action taken to
// close it and whether that action worked (7.2 c). Pure rules; use cases read.
import * as z from 'zod';
import { APPOINTMENT_KINDS, type Appointment, type AppointmentKind } from '../governance/appointment';
import { singleLine } from '../shared/validation';
import { ROLES, type Role } from '../tenancy/roles';

export const COMPETENCE_AREAS = [
  'AI_ETHICS_PRINCIPLES',
  'AI_REGULATION',
  'AI_RISK_METHOD',
  'AI_THREATS',
  'AI_IMPACT_ASSESSMENT',
  'AUDIT_METHOD',
  'DATA_GOVERNANCE',
  'ML_ENGINEERING',
  'AIMS_STANDARD',
] as const;
export type CompetenceArea = (typeof COMPETENCE_AREAS)[number];

export const COMPETENCE_BASES = ['EDUCATION', 'TRAINING', 'EXPERIENCE'] as const;
export type CompetenceBasis = (typeof COMPETENCE_BASES)[number];

export const GAP_ACTION_KINDS = ['TRAINING', 'MENTORING', 'RECRUITMENT', 'REASSIGNMENT'] as const;
export type GapActionKind = (typeof GAP_ACTION_KINDS)[number];

/** Who a requirement applies to: holders of an appointment kind, or members with a (permission) role as job role. */
export type CompetenceHolder = { appointmentKind: AppointmentKind } | { jobRole: Role };

export interface CompetenceRequirement {
  /** Deterministic: `KIND:<appointmentKind>:<area>` or `ROLE:<jobRole>:<area>`. */
  id: string;
  tenantId: string;
  appointmentKind: AppointmentKind | null;
  jobRole: Role | null;
  area: CompetenceArea;
  requiredLevel: number;
  /** A retired requirement no longer counts; kept so the change history stays whole. */
  retired: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CompetenceRecord {
  id: string;
  tenantId: string;
  userId: string;
  area: CompetenceArea;
  level: number;
  basis: CompetenceBasis;
  evidenceRef: string;
  assessedBy: string;
  assessedOn: string;
  validUntil: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EffectivenessEvaluation {
  on: string;
  result: string;
  effective: boolean;
  evaluatedBy: string;
}

/** The action taken on one person's gap in one area (7.2 c); one per person and area, re-planned in place. */
export interface CompetenceGapAction {
  tenantId: string;
  userId: string;
  area: CompetenceArea;
  kind: GapActionKind;
  description: string | null;
  dueOn: string;
  effectivenessEvaluation: EffectivenessEvaluation | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const requirementId = (holder: CompetenceHolder, area: CompetenceArea) =>
  'appointmentKind' in holder ? `KIND:${holder.appointmentKind}:${area}` : `ROLE:${holder.jobRole}:${area}`;

/**
 * Default requirements per guide role, seeded when a tenant adopts them and
 * used until it stores its own. Levels: 1 aware, 2 practitioner, 3 expert.
 * Why each: the role's decisions need the area (auditors audit against 42001
 * with 19011 method; the risk owner runs the 6.1.2 method; system owners
 * answer for a model's threats and impacts; committee seats weigh regulation
 * and ethics).
 */
export const DEFAULT_COMPETENCE_REQUIREMENTS: readonly {
  appointmentKind: AppointmentKind;
  area: CompetenceArea;
  requiredLevel: number;
}[] = [
  { appointmentKind: 'TOP_MANAGEMENT', area: 'AI_ETHICS_PRINCIPLES', requiredLevel: 1 },
  { appointmentKind: 'TOP_MANAGEMENT', area: 'AI_REGULATION', requiredLevel: 1 },
  { appointmentKind: 'TOP_MANAGEMENT', area: 'AIMS_STANDARD', requiredLevel: 1 },
  { appointmentKind: 'AIMS_MANAGER', area: 'AIMS_STANDARD', requiredLevel: 3 },
  { appointmentKind: 'AIMS_MANAGER', area: 'AI_RISK_METHOD', requiredLevel: 2 },
  { appointmentKind: 'AIMS_MANAGER', area: 'AI_REGULATION', requiredLevel: 2 },
  { appointmentKind: 'AI_RISK_OWNER', area: 'AI_RISK_METHOD', requiredLevel: 2 },
  { appointmentKind: 'AI_RISK_OWNER', area: 'AI_THREATS', requiredLevel: 2 },
  { appointmentKind: 'AI_RISK_OWNER', area: 'AI_IMPACT_ASSESSMENT', requiredLevel: 1 },
  { appointmentKind: 'DATA_GOVERNANCE_LEAD', area: 'DATA_GOVERNANCE', requiredLevel: 2 },
  { appointmentKind: 'DATA_GOVERNANCE_LEAD', area: 'AI_REGULATION', requiredLevel: 1 },
  { appointmentKind: 'AI_SYSTEM_OWNER', area: 'ML_ENGINEERING', requiredLevel: 1 },
  { appointmentKind: 'AI_SYSTEM_OWNER', area: 'AI_THREATS', requiredLevel: 2 },
  { appointmentKind: 'AI_SYSTEM_OWNER', area: 'AI_IMPACT_ASSESSMENT', requiredLevel: 1 },
  { appointmentKind: 'COMMITTEE_CHAIR', area: 'AI_REGULATION', requiredLevel: 2 },
  { appointmentKind: 'COMMITTEE_CHAIR', area: 'AI_ETHICS_PRINCIPLES', requiredLevel: 2 },
  { appointmentKind: 'COMMITTEE_MEMBER', area: 'AI_REGULATION', requiredLevel: 1 },
  { appointmentKind: 'COMMITTEE_MEMBER', area: 'AI_ETHICS_PRINCIPLES', requiredLevel: 1 },
  { appointmentKind: 'INTERNAL_AUDITOR', area: 'AUDIT_METHOD', requiredLevel: 2 },
  { appointmentKind: 'INTERNAL_AUDITOR', area: 'AIMS_STANDARD', requiredLevel: 2 },
  { appointmentKind: 'PROCESS_OWNER', area: 'AIMS_STANDARD', requiredLevel: 1 },
];

export function defaultRequirements(tenantId: string, now: string): CompetenceRequirement[] {
  return DEFAULT_COMPETENCE_REQUIREMENTS.map((d) => ({
    id: requirementId({ appointmentKind: d.appointmentKind }, d.area),
    tenantId,
    appointmentKind: d.appointmentKind,
    jobRole: null,
    area: d.area,
    requiredLevel: d.requiredLevel,
    retired: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
  }));
}

const level = z.number().int().min(1, 'must be from 1 to 3').max(3, 'must be from 1 to 3');
const date = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const version = z.number().int().min(1);

export const setCompetenceRequirementInput = z
  .object({
    appointmentKind: z.enum(APPOINTMENT_KINDS).nullish(),
    jobRole: z.enum(ROLES).nullish(),
    area: z.enum(COMPETENCE_AREAS),
    requiredLevel: level,
    retired: z.boolean().nullish(),
    /** Absent: the requirement must not exist yet; otherwise the version read. */
    expectedVersion: version.nullish(),
  })
  .superRefine((v, ctx) => {
    if (!v.appointmentKind === !v.jobRole) {
      ctx.addIssue({
        code: 'custom',
        path: ['appointmentKind'],
        message: 'give exactly one of appointmentKind or jobRole',
      });
    }
  });

export const adoptDefaultCompetenceRequirementsInput = z.object({
  appointmentKinds: z.array(z.enum(APPOINTMENT_KINDS)).nullish(),
});

export const recordCompetenceInput = z.object({
  userId: z.string().min(1),
  area: z.enum(COMPETENCE_AREAS),
  level,
  basis: z.enum(COMPETENCE_BASES),
  evidenceRef: singleLine(500).min(1, 'must not be empty'),
  assessedOn: date,
  validUntil: date.nullish(),
});

export const updateCompetenceRecordInput = z.object({
  id: z.string().min(1),
  expectedVersion: version,
  level: level.nullish(),
  evidenceRef: singleLine(500).min(1, 'must not be empty').nullish(),
  validUntil: date.nullish(),
});

export const planCompetenceActionInput = z.object({
  userId: z.string().min(1),
  area: z.enum(COMPETENCE_AREAS),
  kind: z.enum(GAP_ACTION_KINDS),
  description: singleLine(500).nullish(),
  dueOn: date,
  /** Absent for the first plan; the version read to re-plan. */
  expectedVersion: version.nullish(),
});

export const evaluateCompetenceActionInput = z.object({
  userId: z.string().min(1),
  area: z.enum(COMPETENCE_AREAS),
  expectedVersion: version,
  on: date,
  result: singleLine(1000).min(1, 'must not be empty'),
  effective: z.boolean(),
});

/** Assessed by `today` and not expired: only such records show competence held. */
/** What of a record decides held levels and expiries: who, which area, level and validity. */
export type CompetenceStandingOf = Pick<
  CompetenceRecord,
  'userId' | 'area' | 'level' | 'assessedOn' | 'validUntil'
>;

/** The distinct standings in one person × area cell, with how many records hold each. */
export interface CompetenceStanding {
  level: number;
  assessedOn: string;
  validUntil: string | null;
  records: number;
}

/** One person × area cell of the matrix, kept in step with every competence record write. */
export interface CompetenceCell {
  tenantId: string;
  userId: string;
  area: CompetenceArea;
  standings: CompetenceStanding[];
  version: number;
  updatedAt: string;
}

/** Says the tenant's competence cells are complete (written with the first record, or the rebuild). */
export interface CompetenceCellsIndexed {
  tenantId: string;
  version: number;
  updatedAt: string;
}

export const validOn = (r: Pick<CompetenceRecord, 'assessedOn' | 'validUntil'>, today: string) =>
  r.assessedOn <= today && (!r.validUntil || r.validUntil >= today);

/** The highest valid level per person and area. */
export function heldLevels(records: readonly CompetenceStandingOf[], today: string): Map<string, number> {
  const held = new Map<string, number>();
  for (const r of records) {
    if (!validOn(r, today)) continue;
    const k = `${r.userId}|${r.area}`;
    held.set(k, Math.max(held.get(k) ?? 0, r.level));
  }
  return held;
}

/**
 * Whether `userId` holds `area` at `level` or above on `today` (valid records
 * only): the check behind rules such as "an auditor without AUDIT_METHOD ≥ 2
 * cannot lead an audit" (§3.9).
 */
export function holdsCompetence(
  records: readonly CompetenceRecord[],
  userId: string,
  area: CompetenceArea,
  level: number,
  today: string,
): boolean {
  return (heldLevels(records, today).get(`${userId}|${area}`) ?? 0) >= level;
}

export interface Member {
  userId: string;
  role: Role;
  /** YYYY-MM-DD the person joined the tenant. */
  joinedOn: string;
}

/** What one person must hold in one area, and why (the appointments and roles that require it). */
export interface RequiredCompetence {
  userId: string;
  area: CompetenceArea;
  requiredLevel: number;
  requiredBy: string[];
}

/**
 * Every person's requirement per area: the highest level any of their
 * appointments in force (accepted or awaiting acceptance: the role is filled
 * either way) or their member role asks for.
 */
export function requiredCompetences(input: {
  requirements: readonly CompetenceRequirement[];
  appointments: readonly Appointment[];
  members: readonly Member[];
}): RequiredCompetence[] {
  const active = input.requirements.filter((r) => !r.retired);
  const out = new Map<string, RequiredCompetence>();
  const need = (userId: string, r: CompetenceRequirement, why: string) => {
    const k = `${userId}|${r.area}`;
    const row = out.get(k) ?? { userId, area: r.area, requiredLevel: 0, requiredBy: [] };
    row.requiredLevel = Math.max(row.requiredLevel, r.requiredLevel);
    if (!row.requiredBy.includes(why)) row.requiredBy.push(why);
    out.set(k, row);
  };
  for (const a of input.appointments) {
    if (a.endedAt) continue;
    for (const r of active) if (r.appointmentKind === a.kind) need(a.userId, r, a.kind);
  }
  for (const m of input.members) {
    for (const r of active) if (r.jobRole === m.role) need(m.userId, r, `ROLE:${m.role}`);
  }
  return [...out.values()].sort((x, y) =>
    x.userId === y.userId
      ? COMPETENCE_AREAS.indexOf(x.area) - COMPETENCE_AREAS.indexOf(y.area)
      : x.userId.localeCompare(y.userId),
  );
}

export interface CompetenceGap extends RequiredCompetence {
  heldLevel: number;
  /** max(0, required − held valid level), never 0 in a gap list. */
  gap: number;
  action: CompetenceGapAction | null;
  /** No action planned, or its due date has passed without an effective evaluation. */
  unaddressed: boolean;
}

export function competenceGapsOf(input: {
  required: readonly RequiredCompetence[];
  records: readonly CompetenceRecord[];
  actions: readonly CompetenceGapAction[];
  today: string;
}): CompetenceGap[] {
  const held = heldLevels(input.records, input.today);
  const actions = new Map(input.actions.map((a) => [`${a.userId}|${a.area}`, a]));
  return input.required.flatMap((r) => {
    const k = `${r.userId}|${r.area}`;
    const heldLevel = held.get(k) ?? 0;
    const gap = Math.max(0, r.requiredLevel - heldLevel);
    if (!gap) return [];
    const action = actions.get(k) ?? null;
    const unaddressed = !action || (action.dueOn < input.today && !action.effectivenessEvaluation?.effective);
    return [{ ...r, heldLevel, gap, action, unaddressed }];
  });
}

export interface CompetenceMatrixCell {
  area: CompetenceArea;
  heldLevel: number;
  requiredLevel: number;
  /** Earliest expiry among the valid records giving the held level; null when none expires. */
  validUntil: string | null;
}

export interface CompetenceMatrixRow {
  userId: string;
  cells: CompetenceMatrixCell[];
}

/** People × areas, for everyone who is required to hold something or has a record. */
export function competenceMatrixOf(input: {
  required: readonly RequiredCompetence[];
  /** Records, or the distinct standings of a cell (the matrix needs only these fields). */
  records: readonly CompetenceStandingOf[];
  people: readonly string[];
  today: string;
}): CompetenceMatrixRow[] {
  const held = heldLevels(input.records, input.today);
  const required = new Map(input.required.map((r) => [`${r.userId}|${r.area}`, r.requiredLevel]));
  const users = [
    ...new Set([
      ...input.people,
      ...input.required.map((r) => r.userId),
      ...input.records.map((r) => r.userId),
    ]),
  ].sort();
  return users.map((userId) => ({
    userId,
    cells: COMPETENCE_AREAS.map((area) => {
      const heldLevel = held.get(`${userId}|${area}`) ?? 0;
      const giving = input.records.filter(
        (r) => r.userId === userId && r.area === area && r.level === heldLevel && validOn(r, input.today),
      );
      const expiries = giving.map((r) => r.validUntil);
      return {
        area,
        heldLevel,
        requiredLevel: required.get(`${userId}|${area}`) ?? 0,
        validUntil: expiries.length && expiries.every(Boolean) ? ([...expiries].sort()[0] ?? null) : null,
      };
    }),
  }));
}
