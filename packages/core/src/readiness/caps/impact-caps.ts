// RQ-17 from K2 (§3.8): in-scope systems with an approved impact assessment
// not yet due for reassessment, over the in-scope systems.
import type { ImpactAssessment } from '../../impact/impact-assessment';
import { type EvidenceCap, evidenceCap, ratio, share } from './evidence-cap';

/** RQ-17: K2 = 100 % ⇒ 4; ≥ 50 % ⇒ 2; else 1. `approved` are the APPROVED revisions with a reassessment date. */
export function rq17ImpactAssessments(input: {
  inScopeIds: readonly string[];
  anyAssessment: boolean;
  approved: readonly Pick<ImpactAssessment, 'aiSystemId' | 'nextReassessmentOn'>[];
  today: string;
}): EvidenceCap | null {
  if (!input.anyAssessment || !input.inScopeIds.length) return null;
  const current = new Set(
    input.approved
      .filter((a) => a.nextReassessmentOn && a.nextReassessmentOn >= input.today)
      .map((a) => a.aiSystemId),
  );
  const done = input.inScopeIds.filter((id) => current.has(id)).length;
  const k2 = ratio(done, input.inScopeIds.length);
  const basis = `K2: ${share(done, input.inScopeIds.length)} in-scope systems with a current approved assessment`;
  return evidenceCap('RQ-17', k2 === 1 ? 4 : k2 >= 0.5 ? 2 : 1, basis);
}
