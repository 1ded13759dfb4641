// The risk register (Clause 6.1.2–6.1.3) and the treatment rules that make a
// register auditable: accept only at or under the threshold unless the AI risk
// owner signs off with a justification; transfer keeps an accountable internal
// owner; mitigate names Annex A controls; avoid marks the use case to stop.
import * as z from 'zod';
import { type ControlId, isControlId } from '../annex-a/catalogue';
import { type FieldError, ForbiddenError, ValidationError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';
import type { Role } from '../tenancy/roles';
import { IMPACT_AREAS, type RiskBand, type RiskMethodology, type RiskScore } from './methodology';

export const TREATMENT_OPTIONS = ['MITIGATE', 'ACCEPT', 'TRANSFER', 'AVOID'] as const;
export type TreatmentOption = (typeof TREATMENT_OPTIONS)[number];

export const RISK_STATUSES = ['OPEN', 'TREATED', 'ACCEPTED', 'CLOSED'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

export interface RiskAcceptance {
  signedOffBy: string;
  signedOffAt: string;
  justification: string;
  /** True when the score was above the threshold, so the sign-off was required. */
  aboveThreshold: boolean;
}

export interface RiskTreatment {
  option: TreatmentOption;
  controlIds: ControlId[];
  transferParty: string | null;
  acceptance: RiskAcceptance | null;
  /** AVOID: the linked AI systems are to be stopped or decommissioned. */
  stopUseCase: boolean;
  notes: string | null;
  decidedBy: string;
  decidedAt: string;
}

export interface ImpactFindingLink {
  assessmentId: string;
  dimension: string;
}

export interface Risk {
  id: string;
  tenantId: string;
  title: string;
  description: string | null;
  category: string;
  aiSystemIds: string[];
  ownerId: string;
  methodologyVersion: number;
  inherent: RiskScore;
  treatment: RiskTreatment | null;
  residual: RiskScore | null;
  reviewDate: string;
  status: RiskStatus;
  sourceFinding: ImpactFindingLink | null;
  /** Derived on every write from the methodology the risk is scored under. */
  currentBand: RiskBand;
  aboveThreshold: boolean;
  gap: RiskGap | null;
  /** the organisation's acceptance of the residual risk, with its expiry. */
  residualAcceptance: ResidualRiskAcceptance | null;
  /** why the risk was closed (set by closeRisk only). */
  closure: RiskClosure | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** why a risk is a gap in the register. */
export const RISK_GAP_REASONS = [
  'UNTREATED_ABOVE_THRESHOLD',
  'RESIDUAL_ABOVE_THRESHOLD',
  'ACCEPTANCE_EXPIRED',
] as const;
export type RiskGap = (typeof RISK_GAP_REASONS)[number];

/** a residual risk accepted by designated management, until `expiresOn`. */
export interface ResidualRiskAcceptance {
  /** The residual score accepted; a higher residual later is not covered. */
  residualScore: number;
  justification: string;
  acceptedBy: string;
  acceptedAt: string;
  /** YYYY-MM-DD; from the day after, the risk is a gap ACCEPTANCE_EXPIRED. */
  expiresOn: string;
  conditions: string | null;
}

/** why a risk may leave the register. */
export const CLOSURE_REASONS = [
  'RISK_NO_LONGER_EXISTS',
  'SYSTEM_DECOMMISSIONED',
  'MERGED_INTO',
  'ACCEPTED_AND_EXPIRED_REVIEWED',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export interface RiskClosure {
  reason: ClosureReason;
  explanation: string;
  closedBy: string;
  closedAt: string;
}

export interface RiskFilter {
  aiSystemId?: string | null;
  category?: string | null;
  band?: RiskBand | null;
  ownerId?: string | null;
  status?: RiskStatus | null;
}

/** Per area: a level, or `{ notApplicable: reason }` (scoreRisk checks every area is covered). */
const ratings = z.partialRecord(
  z.enum(IMPACT_AREAS),
  z.union([z.number().int(), z.object({ notApplicable: multiLine(1000) })]),
);
const isoDate = z.iso.date({ message: 'must be a date, YYYY-MM-DD' });

export const riskFields = {
  title: singleLine(200).min(3, 'at least 3 characters'),
  description: multiLine(4000).nullish(),
  category: singleLine(60).min(2),
  // A re-score moves every system link (delete + put) in one transaction of at most
  // 100 items, beside the risk, its change record, its control links and counters.
  aiSystemIds: z.array(z.string().min(1)).max(25, 'link at most 25 AI systems to one risk').nullish(),
  ownerId: z.string().min(1),
  likelihood: z.number().int(),
  impacts: ratings,
  reviewDate: isoDate,
};

export const createRiskInput = z.object(riskFields);

export const updateRiskInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  title: riskFields.title.optional(),
  description: riskFields.description,
  category: riskFields.category.optional(),
  aiSystemIds: riskFields.aiSystemIds,
  ownerId: riskFields.ownerId.optional(),
  likelihood: riskFields.likelihood.optional(),
  impacts: ratings.optional(),
  reviewDate: isoDate.optional(),
  status: z.enum(['OPEN', 'CLOSED']).optional(),
});

export const treatRiskInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  option: z.enum(TREATMENT_OPTIONS),
  controlIds: z.array(z.string()).max(38).nullish(),
  transferParty: singleLine(200).min(2).nullish(),
  justification: multiLine(4000).min(10, 'explain the decision in at least 10 characters').nullish(),
  notes: multiLine(4000).nullish(),
});

export const assessResidualInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  likelihood: z.number().int(),
  impacts: ratings,
});

export const acceptResidualRiskInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  justification: multiLine(4000).min(10, 'explain the acceptance in at least 10 characters'),
  expiresOn: isoDate,
  conditions: multiLine(4000).nullish(),
});

export const closeRiskInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  closureReason: z.enum(CLOSURE_REASONS),
  explanation: multiLine(4000).min(10, 'explain the closure in at least 10 characters'),
});

export const rescoreRiskInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  likelihood: z.number().int().nullish(),
  impacts: ratings.nullish(),
});

export type TreatRiskInput = z.infer<typeof treatRiskInput>;

/** The score a treatment decision is judged on: residual once assessed, inherent before. */
export function currentScore(risk: Pick<Risk, 'inherent' | 'residual'>): RiskScore {
  return risk.residual ?? risk.inherent;
}

export function isAboveThreshold(
  risk: Pick<Risk, 'inherent' | 'residual'>,
  m: Pick<RiskMethodology, 'acceptanceThreshold'>,
) {
  return currentScore(risk).score > m.acceptanceThreshold;
}

/**
 * Decides a treatment, enforcing the rules. `actor` is who records it; whether
 * they may accept above the threshold is decided by the caller from their
 * appointments (the membership role is only the fallback of pure callers).
 */
export function decideTreatment(
  risk: Risk,
  input: TreatRiskInput,
  methodology: RiskMethodology,
  actor: { id: string; role: Role; mayAcceptAboveThreshold?: boolean },
  now: string,
): RiskTreatment {
  const errors: FieldError[] = [];
  const controlIds = [...new Set(input.controlIds ?? [])];
  const unknown = controlIds.filter((c) => !isControlId(c));
  if (unknown.length) {
    errors.push({ path: ['input', 'controlIds'], message: `not Annex A controls: ${unknown.join(', ')}` });
  }
  let acceptance: RiskAcceptance | null = null;
  switch (input.option) {
    case 'MITIGATE':
      if (!controlIds.length) {
        errors.push({
          path: ['input', 'controlIds'],
          message: 'mitigation must name at least one Annex A control',
        });
      }
      break;
    case 'ACCEPT': {
      const above = isAboveThreshold(risk, methodology);
      // Who may accept is a permission, not a property of the input: FORBIDDEN, not BAD_USER_INPUT.
      // treatRisk decides `mayAcceptAboveThreshold` from the actor's appointments (X-5, R13).
      if (above && !(actor.mayAcceptAboveThreshold ?? actor.role === 'AI_RISK_OWNER')) {
        throw new ForbiddenError(
          `score ${currentScore(risk).score} is above the acceptance threshold ${methodology.acceptanceThreshold}: only the appointed AI risk owner or the committee can sign off its acceptance`,
        );
      }
      if (above && !input.justification) {
        errors.push({
          path: ['input', 'justification'],
          message: 'accepting a risk above the threshold needs a justification',
        });
      }
      acceptance = {
        signedOffBy: actor.id,
        signedOffAt: now,
        justification: input.justification ?? 'Within the acceptance threshold',
        aboveThreshold: above,
      };
      break;
    }
    case 'TRANSFER':
      if (!input.transferParty) {
        errors.push({
          path: ['input', 'transferParty'],
          message: 'name the party the risk is transferred to',
        });
      }
      // Accountability stays inside: the risk's owner is an internal member and is kept.
      if (!risk.ownerId)
        errors.push({ path: ['input', 'ownerId'], message: 'a transferred risk keeps an internal owner' });
      break;
    case 'AVOID':
      if (!risk.aiSystemIds.length) {
        errors.push({
          path: ['input', 'option'],
          message: 'avoiding a risk stops a use case: link the AI systems first',
        });
      }
      break;
  }
  if (errors.length) throw new ValidationError(errors);
  return {
    option: input.option,
    controlIds: controlIds.filter(isControlId),
    transferParty: input.option === 'TRANSFER' ? (input.transferParty ?? null) : null,
    acceptance,
    stopUseCase: input.option === 'AVOID',
    notes: input.notes ?? null,
    decidedBy: actor.id,
    decidedAt: now,
  };
}

export function statusAfterTreatment(option: TreatmentOption): RiskStatus {
  return option === 'ACCEPT' ? 'ACCEPTED' : 'TREATED';
}

/** A gap in the register: above threshold with no treatment decided. */
export function isUntreatedAboveThreshold(risk: Risk, m: RiskMethodology): boolean {
  return risk.status !== 'CLOSED' && !risk.treatment && isAboveThreshold(risk, m);
}

/**
 * An acceptance made at or under the threshold lapses when the risk is re-scored
 * above it: the risk goes back to OPEN, untreated, and shows as a gap again,
 * since accepting it now needs the AI risk owner's sign-off.
 */
export function recheckAcceptance(risk: Risk, m: RiskMethodology): Risk {
  const acceptance = risk.treatment?.option === 'ACCEPT' ? risk.treatment.acceptance : null;
  if (!acceptance || acceptance.aboveThreshold || !isAboveThreshold(risk, m)) return risk;
  return { ...risk, treatment: null, status: risk.status === 'CLOSED' ? 'CLOSED' : 'OPEN' };
}

/** the residual acceptance is in force on `today` (YYYY-MM-DD) and covers the current residual. */
export function residualAcceptanceCovers(
  risk: Pick<Risk, 'residual' | 'residualAcceptance'>,
  today: string,
): boolean {
  const a = risk.residualAcceptance;
  return !!a && !!risk.residual && risk.residual.score <= a.residualScore && a.expiresOn >= today;
}

/**
 * why the risk is a gap, if it is. Expiry is judged on `today`; a stored
 * risk only changes when written, so the daily job re-saves risks whose
 * acceptance lapsed (until then the gap index lags by up to a day).
 */
export function gapOf(risk: Risk, m: RiskMethodology, today: string): RiskGap | null {
  if (risk.status === 'CLOSED') return null;
  if (isUntreatedAboveThreshold(risk, m)) return 'UNTREATED_ABOVE_THRESHOLD';
  // AVOID stops the use case; the stopRequests index shares GSI6 with gaps, so an AVOID risk is never a gap.
  if (risk.treatment?.option === 'AVOID') return null;
  const a = risk.residualAcceptance;
  if (a && a.expiresOn < today) return 'ACCEPTANCE_EXPIRED';
  // An ACCEPT treatment carries its own sign-off (re-checked by recheckAcceptance).
  if (risk.treatment?.option === 'ACCEPT' && risk.treatment.acceptance) return null;
  if (risk.treatment && risk.residual && risk.residual.score > m.acceptanceThreshold) {
    return residualAcceptanceCovers(risk, today) ? null : 'RESIDUAL_ABOVE_THRESHOLD';
  }
  return null;
}

/**
 * The risk as stored: acceptance re-checked, and the band, threshold and gap
 * facts the indexes use. `today` (YYYY-MM-DD) judges acceptance expiry.
 */
export function withDerivedFacts(risk: Risk, m: RiskMethodology, today?: string): Risk {
  const checked = recheckAcceptance(risk, m);
  return {
    ...checked,
    currentBand: currentScore(checked).band,
    aboveThreshold: isAboveThreshold(checked, m),
    gap: gapOf(checked, m, today ?? new Date().toISOString().slice(0, 10)),
  };
}
