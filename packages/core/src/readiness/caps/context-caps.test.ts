import { describe, expect, it } from 'vitest';
import type { ContextGap, ContextGapCode } from '../../context/context-gaps';
import { rq02ContextIssues, rq03SystemRoles, rq04InterestedParties, rq05Scope } from './context-caps';

const g = (code: ContextGapCode) => ({ code }) as ContextGap;

describe('context caps (§3.12.2)', () => {
  it('RQ-02 an external regulatory and an internal live issue ⇒ 4; one missing ⇒ 1; no issues ⇒ self-declared', () => {
    expect(rq02ContextIssues([{ id: 'a' }, { id: 'b' }], [])?.cap).toBe(4);
    expect(rq02ContextIssues([{ id: 'a' }], [g('NO_INTERNAL_ISSUE')])).toMatchObject({
      cap: 1,
      itemId: 'RQ-02',
    });
    expect(rq02ContextIssues([], [g('NO_INTERNAL_ISSUE'), g('NO_EXTERNAL_REGULATORY_ISSUE')])).toBeNull();
  });

  it('RQ-03 every in-scope system with a role ⇒ 4; half ⇒ 2; fewer ⇒ 1', () => {
    expect(rq03SystemRoles([{ aiRoles: ['DEPLOYER'] }])?.cap).toBe(4);
    expect(rq03SystemRoles([{ aiRoles: ['DEPLOYER'] }, { aiRoles: [] }])?.cap).toBe(2);
    expect(rq03SystemRoles([{ aiRoles: ['USER'] }, { aiRoles: [] }, { aiRoles: [] }])?.cap).toBe(1);
    expect(rq03SystemRoles([])).toBeNull();
  });

  it('RQ-04 every party type considered and no requirement undecided ⇒ 4; otherwise 2', () => {
    expect(rq04InterestedParties([{ id: 'p' }], [])?.cap).toBe(4);
    expect(rq04InterestedParties([{ id: 'p' }], [g('REQUIREMENT_UNDECIDED')])?.cap).toBe(2);
    expect(rq04InterestedParties([{ id: 'p' }], [g('PARTY_TYPE_NOT_CONSIDERED')])?.cap).toBe(2);
    expect(rq04InterestedParties([], [g('PARTY_TYPE_NOT_CONSIDERED')])).toBeNull();
  });

  it('RQ-05 approved scope with every system in or out ⇒ 4; a draft ⇒ 2', () => {
    expect(rq05Scope({ approvedId: 's1', openId: null }, [])).toEqual({
      itemId: 'RQ-05',
      cap: 4,
      basis: 'scope approved, every system in or out',
    });
    expect(rq05Scope({ approvedId: null, openId: 's1' }, [g('SCOPE_NOT_APPROVED')])?.cap).toBe(2);
    expect(
      rq05Scope({ approvedId: 's1', openId: null }, [g('SYSTEM_NEITHER_IN_SCOPE_NOR_EXCLUDED')])?.cap,
    ).toBe(3);
    expect(rq05Scope({ approvedId: null, openId: null }, [])).toBeNull();
  });
});
