// Planning caps (RQ-12 objectives, RQ-15 opportunities, RQ-20 treatment plan).
import type { AiObjective } from '../../objectives/objective';
import { measureProblems, missingPlanFields } from '../../objectives/objective';
import type { AiOpportunity } from '../../opportunity/opportunity';
import type { TreatmentPlanState } from '../../plan/approve-treatment-plan';
import { type EvidenceCap, evidenceCap } from './evidence-cap';

/** Measurable (a KPI, or a manual metric justified) and planned in full (what, resources, who, when, evaluation). */
export const objectiveReady = (o: Pick<AiObjective, 'measure' | 'plan'>) =>
  !measureProblems(o.measure, []).length && !missingPlanFields(o.plan).length;

/** RQ-12: ≥ 1 ACTIVE objective measurable and fully planned ⇒ 4; objectives otherwise ⇒ 2. */
export function rq12Objectives(
  objectives: readonly Pick<AiObjective, 'status' | 'measure' | 'plan'>[],
): EvidenceCap | null {
  if (!objectives.length) return null;
  const ready = objectives.filter((o) => o.status === 'ACTIVE' && objectiveReady(o)).length;
  return ready
    ? evidenceCap('RQ-12', 4, `${ready} active objective(s) measurable with a full plan`)
    : evidenceCap('RQ-12', 2, `${objectives.length} objective(s), none active, measurable and fully planned`);
}

/** RQ-15: ≥ 1 opportunity with an action ⇒ 4; opportunities without actions ⇒ 2. */
export function rq15Opportunities(
  opportunities: number,
  withAction: readonly Pick<AiOpportunity, 'id'>[],
): EvidenceCap | null {
  if (!opportunities && !withAction.length) return null;
  return withAction.length
    ? evidenceCap('RQ-15', 4, `${withAction.length} opportunity(ies) with a planned action`)
    : evidenceCap('RQ-15', 2, 'opportunities identified, none with an action');
}

/** RQ-20: an approved plan and no MITIGATE risk without an action ⇒ 4; approved with such risks ⇒ 3; a draft ⇒ 2. */
export function rq20TreatmentPlan(
  plan: Pick<TreatmentPlanState, 'version' | 'approvedNumber'>,
  mitigationWithoutAction: boolean,
): EvidenceCap | null {
  if (!plan.version) return null;
  if (plan.approvedNumber === null) return evidenceCap('RQ-20', 2, 'treatment plan drafted, never approved');
  return mitigationWithoutAction
    ? evidenceCap('RQ-20', 3, `plan ${plan.approvedNumber} approved, a MITIGATE risk has no action`)
    : evidenceCap('RQ-20', 4, `plan ${plan.approvedNumber} approved, every mitigation has an action`);
}
