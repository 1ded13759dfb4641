// Clause 5 governance caps (RQ-06, CM-2, RQ-07, RQ-08) from the governance gaps
// (governanceGapsOf) and top management's commitment evidence (5.1).
import type { CommitteeRow, GovernanceGap, GovernanceGapCode } from '../../governance/governance-gaps';
import { type EvidenceCap, evidenceCap } from './evidence-cap';

const count = (gaps: readonly GovernanceGap[], code: GovernanceGapCode) =>
  gaps.filter((g) => g.code === code).length;

/** RQ-06: a cross-functional committee that met within its cadence ⇒ 4, else 2 (the CM-2 cap too). */
export function rq06Committee(
  committees: readonly Pick<CommitteeRow, 'lastMeetingOn'>[],
  gaps: readonly GovernanceGap[],
  itemId: 'RQ-06' | 'CM-2' = 'RQ-06',
): EvidenceCap | null {
  if (!committees.length) return null;
  const problems = [
    ...(count(gaps, 'COMMITTEE_NOT_CROSS_FUNCTIONAL') ? ['not cross-functional'] : []),
    ...(count(gaps, 'COMMITTEE_NOT_MEETING') ? ['a meeting overdue'] : []),
    ...(committees.some((c) => c.lastMeetingOn) ? [] : ['no meeting held yet']),
  ];
  return problems.length
    ? evidenceCap(itemId, 2, `committee ${problems.join(', ')}`)
    : evidenceCap(itemId, 4, 'cross-functional committee meeting within its cadence');
}

/** CM-2: the RQ-06 cap (a business initiative shows in a cross-functional, meeting committee). */
export const cm2BusinessInitiative = (
  committees: readonly Pick<CommitteeRow, 'lastMeetingOn'>[],
  gaps: readonly GovernanceGap[],
) => rq06Committee(committees, gaps, 'CM-2');

/** RQ-07: no role unassigned and every system owned ⇒ 4, else 2. */
export function rq07Roles(appointmentsInForce: number, gaps: readonly GovernanceGap[]): EvidenceCap | null {
  if (!appointmentsInForce) return null;
  const roles = count(gaps, 'ROLE_UNASSIGNED');
  const systems = count(gaps, 'SYSTEM_WITHOUT_OWNER');
  return roles || systems
    ? evidenceCap('RQ-07', 2, `${roles} role(s) unassigned, ${systems} system(s) without an owner`)
    : evidenceCap('RQ-07', 4, 'every governance role appointed, every system owned');
}

/** RQ-08: ≥ 3 top-management approvals or attendances in 12 months ⇒ 4; 1–2 ⇒ 2; none ⇒ 1. */
export function rq08TopManagement(topManagers: number, evidenceIn12Months: number): EvidenceCap | null {
  if (!topManagers && !evidenceIn12Months) return null;
  const basis = `${evidenceIn12Months} top-management approval(s) or attendance(s) in 12 months`;
  return evidenceCap('RQ-08', evidenceIn12Months >= 3 ? 4 : evidenceIn12Months ? 2 : 1, basis);
}
