// Risk caps (RQ-13, RQ-14, RQ-16) from the methodology, the risk ↔ system links
// and the register's sparse gap index.
import { RISK_CATEGORIES } from '../../annex-a/suggestions';
import { REQUIRED_IMPACT_AREAS, type RiskMethodology } from '../../risk/methodology';
import type { Risk } from '../../risk/risk';
import { type EvidenceCap, evidenceCap, ratio, share } from './evidence-cap';

/** X-1 on a stored version: impact on individuals and society is assessed (MEAN always keeps the people floor). */
export const passesX1 = (m: Pick<RiskMethodology, 'impactAreas'>) =>
  REQUIRED_IMPACT_AREAS.every((a) => m.impactAreas.includes(a));

/** RQ-13: an approved methodology passing X-1 ⇒ 4; approved without it, or a draft only ⇒ 2. */
export function rq13Methodology(
  approved: RiskMethodology | null,
  latest: Pick<RiskMethodology, 'version'> | null,
): EvidenceCap | null {
  if (!approved && !latest) return null;
  if (!approved) return evidenceCap('RQ-13', 2, 'methodology drafted, not approved');
  return passesX1(approved)
    ? evidenceCap('RQ-13', 4, `methodology v${approved.version} approved, impact on people assessed (X-1)`)
    : evidenceCap(
        'RQ-13',
        2,
        `methodology v${approved.version} approved but misses ${REQUIRED_IMPACT_AREAS.join(' or ')}`,
      );
}

/**
 * RQ-14: share of in-scope systems with ≥ 1 risk and every one of the six
 * guide categories considered among their risks: 100 % ⇒ 4, ≥ 50 % ⇒ 2, else 1.
 */
export function rq14RiskAssessments(
  inScopeIds: readonly string[],
  risksBySystem: ReadonlyMap<string, readonly Pick<Risk, 'category'>[]>,
): EvidenceCap | null {
  if (!inScopeIds.length || !risksBySystem.size) return null;
  const covered = inScopeIds.filter((id) => {
    const categories = new Set((risksBySystem.get(id) ?? []).map((r) => r.category));
    return RISK_CATEGORIES.every((c) => categories.has(c));
  }).length;
  const r = ratio(covered, inScopeIds.length);
  const basis = `${share(covered, inScopeIds.length)} in-scope systems assessed across all six risk categories`;
  return evidenceCap('RQ-14', r === 1 ? 4 : r >= 0.5 ? 2 : 1, basis);
}

/** RQ-16: no register gap ⇒ 4; gaps on ≤ 10 % of open risks ⇒ 3; more ⇒ 2. */
export function rq16Treatment(openRisks: number, gaps: number): EvidenceCap | null {
  if (!openRisks && !gaps) return null;
  const basis = `${gaps} treatment gap(s) among ${openRisks} open risk(s)`;
  if (!gaps) return evidenceCap('RQ-16', 4, basis);
  return evidenceCap('RQ-16', gaps <= 0.1 * openRisks ? 3 : 2, basis);
}
