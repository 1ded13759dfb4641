// X-12 (T2, 8.3) and X-4: what the treatment plan tells the register about a
// risk's treatment. The plan module computes the outcome from the risk's actions;
// the risk module decides what it means (implemented, RETREAT, RESIDUAL_NOT_ASSESSED).
import type { RiskMethodology } from './methodology';
import { type Risk, withDerivedFacts } from './risk';

export interface TreatmentOutcome {
  /** Actions of the risk that are not CANCELLED. */
  activeActions: number;
  doneActions: number;
  /** YYYY-MM-DD the last active action was done, when all are done; else null. */
  allDoneOn: string | null;
  /**
   * NOT_EFFECTIVE when any done action was judged not effective; EFFECTIVE when
   * every active action is done and judged effective; null otherwise.
   */
  effectiveness: 'EFFECTIVE' | 'NOT_EFFECTIVE' | null;
  /** Who recorded the deciding effectiveness result, and when (ISO timestamp). */
  judgedBy: string | null;
  judgedAt: string | null;
}

/**
 * The risk after its plan changed (called in the same commit as the action
 * write). Owned by the risk module; the plan module only supplies the outcome.
 * Stores the outcome; the treatment counts as implemented only when every
 * active action is done and judged EFFECTIVE (8.3); NOT_EFFECTIVE moves the
 * risk to RETREAT, a gap until a new treatment is decided. The result carries
 * its derived facts (gap, lapse date) so the caller saves it as it is.
 */
export function applyTreatmentOutcome(
  risk: Risk,
  outcome: TreatmentOutcome,
  m: RiskMethodology,
  today: string,
): Risk {
  const implemented =
    outcome.activeActions > 0 &&
    outcome.doneActions === outcome.activeActions &&
    outcome.effectiveness === 'EFFECTIVE';
  const retreat = outcome.effectiveness === 'NOT_EFFECTIVE' && risk.status !== 'CLOSED';
  return withDerivedFacts(
    {
      ...risk,
      treatmentOutcome: outcome,
      treatmentImplemented: implemented,
      status: retreat ? 'RETREAT' : risk.status,
    },
    m,
    today,
  );
}
