// The risk register (Clause 6.1.2–6.1.3) and the treatment rules that make a
// register auditable: accept only at or under the threshold unless the AI risk
// owner signs off with a justification; transfer keeps an accountable internal
// owner; mitigate names controls (Annex A or the tenant's own); avoid marks the
// use case to stop; one or more options per risk, never ACCEPT with AVOID.
import * as z from 'zod';
import type { ControlRef } from '../controls/custom-control';
import { type FieldError, ForbiddenError, ValidationError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';
import type { Role } from '../tenancy/roles';
import { IMPACT_AREAS, type RiskBand, type RiskMethodology, type RiskScore } from './methodology';

export const TREATMENT_OPTIONS = ['MITIGATE', 'ACCEPT', 'TRANSFER', 'AVOID'] as const;
export type TreatmentOption = (typeof TREATMENT_OPTIONS)[number];

/**
 * OPEN → TREATMENT_DECIDED → RESIDUAL_ASSESSED → (ACCEPTED | RETREAT) → CLOSED.
 * RETREAT: the treatment was judged not effective and must be decided again.
 */
export const RISK_STATUSES = [
  'OPEN',
  'TREATMENT_DECIDED',
  'RESIDUAL_ASSESSED',
  'ACCEPTED',
  'RETREAT',
  'CLOSED',
] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

export interface RiskAcceptance {
  signedOffBy: string;
  signedOffAt: string;
  justification: string;
  /** True when the score was above the threshold, so the sign-off was required. */
  aboveThreshold: boolean;
}

/** One treatment option of a risk's decision (X-6: a risk has at most one entry per option). */
export interface RiskTreatment {
  option: TreatmentOption;
  /** Annex A ids or refs of the tenant's custom controls. */
  controlRefs: ControlRef[];
  transferParty: string | null;
  /** ACCEPT: the sign-off. */
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
  /** the decided treatment, one entry per option; empty while untreated. */
  treatments: RiskTreatment[];
  residual: RiskScore | null;
  /** When the residual was last assessed (ISO timestamp); X-4 compares it with the actions' completion. */
  residualAssessedAt: string | null;
  /** what the treatment plan last reported about this risk's actions. */
  treatmentOutcome: RecordedTreatmentOutcome | null;
  /** X-12 (8.3): every active action done and the effectiveness check EFFECTIVE. */
  treatmentImplemented: boolean;
  reviewDate: string;
  status: RiskStatus;
  sourceFinding: ImpactFindingLink | null;
  /** Derived on every write from the methodology the risk is scored under. */
  currentBand: RiskBand;
  aboveThreshold: boolean;
  gap: RiskGap | null;
  /** Derived: the day a date passing makes the risk a gap (see lapseDayOf); keys the lapses index. */
  lapsesOn?: string | null;
  /** the organisation's acceptance of the residual risk, with its expiry. */
  residualAcceptance: ResidualRiskAcceptance | null;
  /** why the risk was closed (set by closeRisk only). */
  closure: RiskClosure | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * the outcome as stored on the risk. The plan supplies a TreatmentOutcome
 * (treatment-outcome.ts, which applyTreatmentOutcome stores here); declared
 * apart so this module does not import the one that imports it.
 */
export interface RecordedTreatmentOutcome {
  activeActions: number;
  doneActions: number;
  allDoneOn: string | null;
  effectiveness: 'EFFECTIVE' | 'NOT_EFFECTIVE' | null;
  judgedBy: string | null;
  judgedAt: string | null;
}

/** why a risk is a gap in the register. */
export const RISK_GAP_REASONS = [
  'UNTREATED_ABOVE_THRESHOLD',
  'RESIDUAL_ABOVE_THRESHOLD',
  'ACCEPTANCE_EXPIRED',
  'RESIDUAL_NOT_ASSESSED',
  'TREATMENT_NOT_EFFECTIVE',
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

const treatmentEntryInput = z.object({
  option: z.enum(TREATMENT_OPTIONS),
  // One transaction holds the risk, its change record and one link per control (max 100 items).
  controlRefs: z.array(singleLine(80).min(1)).max(40, 'name at most 40 controls').nullish(),
  transferParty: singleLine(200).min(2).nullish(),
  justification: multiLine(4000).min(10, 'explain the decision in at least 10 characters').nullish(),
  notes: multiLine(4000).nullish(),
});

export const treatRiskInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1),
  treatments: z.array(treatmentEntryInput).min(1, 'decide at least one option').max(TREATMENT_OPTIONS.length),
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

/** What decideTreatments needs to know besides the input, read by the use case. */
export type OwnerStanding = 'INTERNAL' | 'CONSULTANT' | 'NOT_MEMBER';

export interface TreatmentContext {
  /** Whether the risk's owner is an internal member of the tenant. */
  owner: OwnerStanding;
  /** controlRefs that are neither Annex A ids nor live custom controls of the tenant. */
  unknownControlRefs: readonly string[];
}

/**
 * decides a risk's treatment (the whole list, replacing the previous one),
 * enforcing the rules. Whether `actor` may accept above the threshold is
 * decided by the caller from their appointments (the role is only the fallback of pure callers).
 */
export function decideTreatments(
  risk: Risk,
  input: TreatRiskInput,
  methodology: RiskMethodology,
  actor: { id: string; role: Role; mayAcceptAboveThreshold?: boolean },
  context: TreatmentContext,
  now: string,
): RiskTreatment[] {
  const errors: FieldError[] = [];
  const options = input.treatments.map((t) => t.option);
  input.treatments.forEach((t, i) => {
    if (options.indexOf(t.option) !== i) {
      errors.push({ path: ['input', 'treatments', i, 'option'], message: `${t.option} is given twice` });
    }
  });
  if (options.includes('ACCEPT') && options.includes('AVOID')) {
    errors.push({
      path: ['input', 'treatments'],
      message: 'ACCEPT cannot be combined with AVOID: a risk is either accepted or its use case stopped',
    });
  }
  const decided = input.treatments.map((entry, i): RiskTreatment => {
    const at = (field: string) => ['input', 'treatments', i, field];
    const controlRefs = [...new Set(entry.controlRefs ?? [])];
    const unknown = controlRefs.filter((r) => context.unknownControlRefs.includes(r));
    if (unknown.length) {
      errors.push({
        path: at('controlRefs'),
        message: `neither Annex A controls nor custom controls of this organisation: ${unknown.join(', ')}`,
      });
    }
    let acceptance: RiskAcceptance | null = null;
    switch (entry.option) {
      case 'MITIGATE':
        if (!controlRefs.length) {
          errors.push({ path: at('controlRefs'), message: 'mitigation must name at least one control' });
        }
        break;
      case 'ACCEPT': {
        const above = isAboveThreshold(risk, methodology);
        // Who may accept is a permission, not a property of the input: FORBIDDEN, not BAD_USER_INPUT.
        if (above && !(actor.mayAcceptAboveThreshold ?? actor.role === 'AI_RISK_OWNER')) {
          throw new ForbiddenError(
            `score ${currentScore(risk).score} is above the acceptance threshold ${methodology.acceptanceThreshold}: only the appointed AI risk owner or the committee can sign off its acceptance`,
          );
        }
        if (above && !entry.justification) {
          errors.push({
            path: at('justification'),
            message: 'accepting a risk above the threshold needs a justification',
          });
        }
        acceptance = {
          signedOffBy: actor.id,
          signedOffAt: now,
          justification: entry.justification ?? 'Within the acceptance threshold',
          aboveThreshold: above,
        };
        break;
      }
      case 'TRANSFER':
        if (!entry.transferParty) {
          errors.push({ path: at('transferParty'), message: 'name the party the risk is transferred to' });
        }
        // Accountability cannot be transferred: the owner stays an internal member (R6).
        if (context.owner !== 'INTERNAL') {
          errors.push({
            path: ['input', 'ownerId'],
            message: 'a transferred risk keeps an internal owner: the owner is not an internal member',
          });
        }
        break;
      case 'AVOID':
        if (!risk.aiSystemIds.length) {
          errors.push({
            path: at('option'),
            message: 'avoiding a risk stops a use case: link the AI systems first',
          });
        }
        break;
    }
    return {
      option: entry.option,
      controlRefs,
      transferParty: entry.option === 'TRANSFER' ? (entry.transferParty ?? null) : null,
      acceptance,
      stopUseCase: entry.option === 'AVOID',
      notes: entry.notes ?? null,
      decidedBy: actor.id,
      decidedAt: now,
    };
  });
  if (errors.length) throw new ValidationError(errors);
  return decided;
}

export const hasOption = (risk: Pick<Risk, 'treatments'>, option: TreatmentOption) =>
  risk.treatments.some((t) => t.option === option);

/** Only ACCEPT was decided: its sign-off is the whole decision, nothing to implement or re-assess. */
export const isAcceptOnly = (risk: Pick<Risk, 'treatments'>) =>
  risk.treatments.length > 0 && risk.treatments.every((t) => t.option === 'ACCEPT');

/** MITIGATE and TRANSFER change the risk, so a residual assessment must follow them. */
export const needsResidual = (risk: Pick<Risk, 'treatments'>) =>
  hasOption(risk, 'MITIGATE') || hasOption(risk, 'TRANSFER');

/** the status a (new) treatment decision moves the risk to, RETREAT included. */
export function statusAfterTreatment(treatments: readonly RiskTreatment[]): RiskStatus {
  return treatments.length && treatments.every((t) => t.option === 'ACCEPT')
    ? 'ACCEPTED'
    : 'TREATMENT_DECIDED';
}

/**
 * The status a re-opened risk (or one whose decision lapsed) takes from what it
 * holds: untreated OPEN; accepted; residual assessed; else treatment decided.
 */
export function statusFromState(
  risk: Pick<Risk, 'treatments' | 'residual' | 'residualAssessedAt' | 'residualAcceptance'>,
): RiskStatus {
  if (!risk.treatments.length) return 'OPEN';
  if (isAcceptOnly(risk) || risk.residualAcceptance) return 'ACCEPTED';
  return risk.residual ? 'RESIDUAL_ASSESSED' : 'TREATMENT_DECIDED';
}

/** A gap in the register: above threshold with no treatment decided. */
export function isUntreatedAboveThreshold(risk: Risk, m: RiskMethodology): boolean {
  return risk.status !== 'CLOSED' && !risk.treatments.length && isAboveThreshold(risk, m);
}

/**
 * An acceptance made at or under the threshold lapses when the risk is re-scored
 * above it: the ACCEPT entry is dropped, the risk shows as a gap again when
 * nothing else was decided, since accepting it now needs the AI risk owner's sign-off.
 */
export function recheckAcceptance(risk: Risk, m: RiskMethodology): Risk {
  const accept = risk.treatments.find((t) => t.option === 'ACCEPT');
  if (!accept?.acceptance || accept.acceptance.aboveThreshold || !isAboveThreshold(risk, m)) return risk;
  const treatments = risk.treatments.filter((t) => t.option !== 'ACCEPT');
  const next = { ...risk, treatments };
  return {
    ...next,
    status: ['CLOSED', 'RETREAT'].includes(risk.status) ? risk.status : statusFromState(next),
  };
}

/** the residual acceptance is in force on `today` (YYYY-MM-DD) and covers the current residual. */
export function residualAcceptanceCovers(
  risk: Pick<Risk, 'residual' | 'residualAcceptance'>,
  today: string,
): boolean {
  const a = risk.residualAcceptance;
  return !!a && !!risk.residual && risk.residual.score <= a.residualScore && a.expiresOn >= today;
}

/** days after all linked actions are done within which the residual must be assessed. */
export const RESIDUAL_ASSESSMENT_DAYS = 90;

const DAY_MS = 86_400_000;
export const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * the last day a residual assessment is due for a MITIGATE/TRANSFER risk
 * whose actions are all done and which has no residual assessed since; null
 * when none is due.
 */
export function residualDueOn(
  risk: Pick<Risk, 'treatments' | 'treatmentOutcome' | 'residualAssessedAt'>,
): string | null {
  const doneOn = risk.treatmentOutcome?.allDoneOn;
  if (!doneOn || !needsResidual(risk)) return null;
  if (risk.residualAssessedAt && risk.residualAssessedAt.slice(0, 10) >= doneOn) return null;
  return addDays(doneOn, RESIDUAL_ASSESSMENT_DAYS);
}

/**
 * why the risk is a gap, if it is. Dates are judged on `today`; a stored
 * risk only changes when written, so the daily job re-saves risks whose
 * acceptance or residual deadline passed (see refreshLapsedRisks).
 */
export function gapOf(risk: Risk, m: RiskMethodology, today: string): RiskGap | null {
  if (risk.status === 'CLOSED') return null;
  if (isUntreatedAboveThreshold(risk, m)) return 'UNTREATED_ABOVE_THRESHOLD';
  // AVOID stops the use case; the stopRequests index shares GSI6 with gaps, so an AVOID risk is never a gap.
  if (hasOption(risk, 'AVOID')) return null;
  // an ineffective treatment must be decided again.
  if (risk.status === 'RETREAT') return 'TREATMENT_NOT_EFFECTIVE';
  const a = risk.residualAcceptance;
  if (a && a.expiresOn < today) return 'ACCEPTANCE_EXPIRED';
  // An ACCEPT-only decision carries its own sign-off (re-checked by recheckAcceptance).
  if (isAcceptOnly(risk)) return null;
  const due = residualDueOn(risk);
  if (due && due < today) return 'RESIDUAL_NOT_ASSESSED';
  // Re-treating clears the gap until the next residual assessment.
  if (
    (risk.status === 'RESIDUAL_ASSESSED' || risk.status === 'ACCEPTED') &&
    risk.residual &&
    risk.residual.score > m.acceptanceThreshold
  ) {
    return residualAcceptanceCovers(risk, today) ? null : 'RESIDUAL_ABOVE_THRESHOLD';
  }
  return null;
}

/**
 * The first day the risk, left alone, becomes a gap through a date passing: the
 * day after its acceptance expires or its residual assessment falls due. Only
 * for risks that are not a gap now (a gap is listed already); null otherwise.
 */
export function lapseDayOf(risk: Risk): string | null {
  if (risk.gap || risk.status === 'CLOSED' || hasOption(risk, 'AVOID')) return null;
  const dates: string[] = [];
  if (risk.residualAcceptance) dates.push(addDays(risk.residualAcceptance.expiresOn, 1));
  const due = isAcceptOnly(risk) ? null : residualDueOn(risk);
  if (due) dates.push(addDays(due, 1));
  return dates.sort()[0] ?? null;
}

/**
 * The risk as stored: acceptance re-checked, and the band, threshold and gap
 * facts the indexes use. `today` (YYYY-MM-DD) judges the dates.
 */
export function withDerivedFacts(risk: Risk, m: RiskMethodology, today?: string): Risk {
  const checked = recheckAcceptance(risk, m);
  const derived = {
    ...checked,
    currentBand: currentScore(checked).band,
    aboveThreshold: isAboveThreshold(checked, m),
    gap: gapOf(checked, m, today ?? new Date().toISOString().slice(0, 10)),
  };
  return { ...derived, lapsesOn: lapseDayOf(derived) };
}
