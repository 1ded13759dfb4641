// Clause 7 support caps (RQ-24 competence, RQ-25 awareness, RQ-26 communication)
// from the support module's own rules.
import {
  COMMUNICATION_TEMPLATE,
  type CommunicationPlanEntry,
  templateEntryId,
} from '../../support/communication';
import type { CompetenceGap } from '../../support/competence';
import { type TrainingAssignment, trainingCompletionOf } from '../../support/training';
import { type EvidenceCap, evidenceCap, share } from './evidence-cap';

/** RQ-24: no competence gap for any appointee ⇒ 4, else 2. `hasRecords`: requirements, records or actions stored. */
export function rq24Competence(
  hasRecords: boolean,
  appointeeGaps: readonly CompetenceGap[],
): EvidenceCap | null {
  if (!hasRecords) return null;
  if (!appointeeGaps.length) return evidenceCap('RQ-24', 4, 'no competence gap for any appointee');
  const people = new Set(appointeeGaps.map((g) => g.userId)).size;
  const open = appointeeGaps.filter((g) => g.unaddressed).length;
  return evidenceCap(
    'RQ-24',
    2,
    `${appointeeGaps.length} competence gap(s) for ${people} appointee(s), ${open} unaddressed`,
  );
}

/** RQ-25: training completion (K6) ≥ 95 % ⇒ 4; ≥ 80 % ⇒ 3; else 2. */
export function rq25Training(assignments: readonly TrainingAssignment[], today: string): EvidenceCap | null {
  if (!assignments.length) return null;
  const { completed, assigned, rate } = trainingCompletionOf(assignments, today);
  const basis = `training completion ${Math.round(rate * 100)} % (${share(completed, assigned)})`;
  return evidenceCap('RQ-25', rate >= 0.95 ? 4 : rate >= 0.8 ? 3 : 2, basis);
}

/** RQ-26: the guide's six seed entries all in the plan ⇒ 4; a plan without them all ⇒ 2. */
export function rq26Communication(
  entries: readonly Pick<CommunicationPlanEntry, 'id'>[],
): EvidenceCap | null {
  if (!entries.length) return null;
  const ids = new Set(entries.map((e) => e.id));
  const missing = COMMUNICATION_TEMPLATE.filter((t) => !ids.has(templateEntryId(t.code)));
  return missing.length
    ? evidenceCap(
        'RQ-26',
        2,
        `${entries.length} plan entries; seed entries missing: ${missing.map((t) => t.code).join(', ')}`,
      )
    : evidenceCap('RQ-26', 4, `the guide's ${COMMUNICATION_TEMPLATE.length} seed entries are in the plan`);
}
