// Clause 4 caps (RQ-02…RQ-05) from the context registers and their gaps
// (contextGapsOf): the rules only count what the gap rule already reports.
import type { ContextGap, ContextGapCode } from '../../context/context-gaps';
import type { ContextIssue } from '../../context/context-issue';
import type { InterestedParty } from '../../context/interested-party';
import type { ScopeHead } from '../../context/scope-statement';
import type { AiSystem } from '../../inventory/ai-system';
import { type EvidenceCap, evidenceCap, ratio, share } from './evidence-cap';

const count = (gaps: readonly ContextGap[], code: ContextGapCode) =>
  gaps.filter((g) => g.code === code).length;

/** RQ-02: ≥ 1 external regulatory and ≥ 1 internal live issue ⇒ 4, else 1. */
export function rq02ContextIssues(
  liveIssues: readonly Pick<ContextIssue, 'id'>[],
  gaps: readonly ContextGap[],
): EvidenceCap | null {
  if (!liveIssues.length) return null;
  const missing = (['NO_EXTERNAL_REGULATORY_ISSUE', 'NO_INTERNAL_ISSUE'] as const).filter((c) =>
    count(gaps, c),
  );
  return missing.length
    ? evidenceCap('RQ-02', 1, `${liveIssues.length} live issue(s) but ${missing.join(', ')}`)
    : evidenceCap('RQ-02', 4, 'an external regulatory and an internal issue are live');
}

/** RQ-03: share of in-scope systems naming the organisation's role: 100 % ⇒ 4, ≥ 50 % ⇒ 2, else 1. */
export function rq03SystemRoles(inScope: readonly Pick<AiSystem, 'aiRoles'>[]): EvidenceCap | null {
  if (!inScope.length) return null;
  const withRole = inScope.filter((s) => s.aiRoles.length).length;
  const r = ratio(withRole, inScope.length);
  const basis = `${share(withRole, inScope.length)} in-scope systems name the organisation's role`;
  return evidenceCap('RQ-03', r === 1 ? 4 : r >= 0.5 ? 2 : 1, basis);
}

/** RQ-04: every guide party type considered and no requirement undecided ⇒ 4, else 2. */
export function rq04InterestedParties(
  parties: readonly Pick<InterestedParty, 'id'>[],
  gaps: readonly ContextGap[],
): EvidenceCap | null {
  if (!parties.length) return null;
  const types = count(gaps, 'PARTY_TYPE_NOT_CONSIDERED');
  const undecided = count(gaps, 'REQUIREMENT_UNDECIDED');
  return types || undecided
    ? evidenceCap('RQ-04', 2, `${types} party type(s) not considered, ${undecided} requirement(s) undecided`)
    : evidenceCap('RQ-04', 4, 'every party type considered, every requirement decided');
}

/** RQ-05: approved scope with every system in or out ⇒ 4; approved with systems left out ⇒ 3; a draft only ⇒ 2. */
export function rq05Scope(
  head: Pick<ScopeHead, 'approvedId' | 'openId'>,
  gaps: readonly ContextGap[],
): EvidenceCap | null {
  if (!head.approvedId && !head.openId) return null;
  if (!head.approvedId) return evidenceCap('RQ-05', 2, 'scope drafted, not approved');
  const undecided = count(gaps, 'SYSTEM_NEITHER_IN_SCOPE_NOR_EXCLUDED');
  return undecided
    ? evidenceCap('RQ-05', 3, `scope approved, ${undecided} system(s) neither in scope nor excluded`)
    : evidenceCap('RQ-05', 4, 'scope approved, every system in or out');
}
