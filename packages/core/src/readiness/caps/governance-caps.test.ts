import { describe, expect, it } from 'vitest';
import type { GovernanceGap, GovernanceGapCode } from '../../governance/governance-gaps';
import { cm2BusinessInitiative, rq06Committee, rq07Roles, rq08TopManagement } from './governance-caps';

const g = (code: GovernanceGapCode) => ({ code }) as GovernanceGap;
const met = [{ lastMeetingOn: '2026-10-01' }];

describe('governance caps (§3.12.2)', () => {
  it('RQ-06 a cross-functional committee meeting within its cadence ⇒ 4; not cross-functional, overdue or never met ⇒ 2', () => {
    expect(rq06Committee(met, [])?.cap).toBe(4);
    expect(rq06Committee(met, [g('COMMITTEE_NOT_CROSS_FUNCTIONAL')])?.cap).toBe(2);
    expect(rq06Committee(met, [g('COMMITTEE_NOT_MEETING')])?.cap).toBe(2);
    expect(rq06Committee([{ lastMeetingOn: null }], [])?.cap).toBe(2);
    expect(rq06Committee([], [g('NO_COMMITTEE')])).toBeNull();
  });

  it('CM-2 takes the RQ-06 cap under its own id', () => {
    expect(cm2BusinessInitiative(met, [])).toMatchObject({ itemId: 'CM-2', cap: 4 });
    expect(cm2BusinessInitiative(met, [g('COMMITTEE_NOT_CROSS_FUNCTIONAL')])).toMatchObject({
      itemId: 'CM-2',
      cap: 2,
    });
  });

  it('RQ-07 no role unassigned and every system owned ⇒ 4; otherwise 2', () => {
    expect(rq07Roles(5, [g('APPOINTMENT_NOT_ACCEPTED')])?.cap).toBe(4);
    expect(rq07Roles(5, [g('ROLE_UNASSIGNED')])?.cap).toBe(2);
    expect(rq07Roles(5, [g('SYSTEM_WITHOUT_OWNER')])?.cap).toBe(2);
    expect(rq07Roles(0, [g('ROLE_UNASSIGNED')])).toBeNull();
  });

  it('RQ-08 three top-management approvals or attendances in 12 months ⇒ 4; fewer ⇒ 2; none ⇒ 1', () => {
    expect(rq08TopManagement(1, 3)?.cap).toBe(4);
    expect(rq08TopManagement(1, 2)?.cap).toBe(2);
    expect(rq08TopManagement(1, 0)?.cap).toBe(1);
    expect(rq08TopManagement(0, 0)).toBeNull();
  });
});
