// X-12 (T2, 8.3) and X-4: what the treatment plan tells the register about a
// risk's treatment. The plan module computes the outcome from the risk's actions;
// the risk module decides what it means (implemented, RETREAT, RESIDUAL_NOT_ASSESSED).
import type { RiskMethodology } from './methodology';
import type { Risk } from './risk';

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
 */
export function applyTreatmentOutcome(
  risk: Risk,
  outcome: TreatmentOutcome,
  _m: RiskMethodology,
  _today: string,
): Risk {
  // Seam only: the risk module gives this its rules (issue 10, X-12).
  void outcome;
  return risk;
}
