import { describe, expect, it } from 'vitest';
import { CONTEXT_GAP_CODES, type ContextGapCode, type ContextRecords, contextGapsOf } from './context-gaps';
import type { ContextIssue } from './context-issue';
import { GUIDE_PARTY_TYPES, type InterestedParty } from './interested-party';

const issue = (over: Partial<ContextIssue>): ContextIssue => ({
  id: 'i1',
  tenantId: 't1',
  title: 'EU AI Act',
  description: null,
  origin: 'EXTERNAL',
  category: 'REGULATORY',
  relevance: 5,
  implicationsForScope: null,
  implicationsForRisk: null,
  linkedRiskIds: [],
  linkedOpportunityIds: [],
  aiSystemIds: [],
  status: 'ACTIVE',
  reviewOn: '2026-09-01',
  version: 1,
  createdAt: '',
  updatedAt: '',
  ...over,
});
const party = (over: Partial<InterestedParty>): InterestedParty => ({
  id: 'p1',
  tenantId: 't1',
  name: 'Party',
  type: 'REGULATOR',
  description: null,
  requirements: [],
  aiSystemIds: [],
  lastReviewedOn: null,
  version: 1,
  createdAt: '',
  updatedAt: '',
  ...over,
});
const triage = {
  id: 's-triage',
  name: 'Triage',
  lifecycleStage: 'USE',
  provenance: 'THIRD_PARTY_API',
} as const;
const model = { id: 's-model', name: 'Model', lifecycleStage: 'DEPLOYMENT', provenance: 'INTERNAL' } as const;

/** A tenant with nothing missing: every test below removes one thing. */
const complete = (): ContextRecords => ({
  issues: [
    issue({ id: 'reg', aiSystemIds: [triage.id] }),
    issue({ id: 'lit', origin: 'INTERNAL', category: 'CAPABILITY', title: 'AI literacy' }),
  ],
  parties: GUIDE_PARTY_TYPES.map((type) =>
    party({
      id: `p-${type}`,
      type,
      aiSystemIds: type === 'PARTNER_SUPPLIER' ? [triage.id] : [],
      requirements: [
        {
          id: `r-${type}`,
          text: 'x',
          basis: 'LAW',
          addressedByAims: false,
          howAddressed: null,
          notAddressedReason: 'reason given',
        },
      ],
    }),
  ),
  profile: { organisationAiRoles: [{ role: 'AI_CUSTOMER', description: null }], partyTypesNotRelevant: [] },
  approvedScope: {
    inScope: { aiSystemIds: [triage.id, model.id], processes: [], orgUnits: [], locations: [] },
    exclusions: [],
  },
  head: { openId: null },
  systems: [triage, model],
});
const codes = (r: ContextRecords) => contextGapsOf(r).map((g) => g.code);
const only = (r: ContextRecords, code: ContextGapCode) => contextGapsOf(r).filter((g) => g.code === code);

describe('§3.1 contextGaps', () => {
  it('§3.1 a complete context has no gap, and every code is one of the eight', () => {
    expect(codes(complete())).toEqual([]);
    expect(CONTEXT_GAP_CODES).toHaveLength(8);
  });

  it('§3.1 NO_EXTERNAL_REGULATORY_ISSUE: no live external regulatory issue (a retired one does not count)', () => {
    const r = complete();
    r.issues = [issue({ id: 'reg', status: 'RETIRED', aiSystemIds: [triage.id] }), ...r.issues.slice(1)];
    expect(codes(r)).toContain('NO_EXTERNAL_REGULATORY_ISSUE');
    r.issues = [issue({ id: 'x', category: 'MARKET', aiSystemIds: [triage.id] }), ...r.issues.slice(1)];
    expect(codes(r)).toEqual(['NO_EXTERNAL_REGULATORY_ISSUE']);
  });

  it('§3.1 NO_INTERNAL_ISSUE: no live internal issue', () => {
    const r = complete();
    r.issues = r.issues.slice(0, 1);
    expect(codes(r)).toEqual(['NO_INTERNAL_ISSUE']);
  });

  it('§3.1 PARTY_TYPE_NOT_CONSIDERED: a guide party type with neither a party nor a not-relevant record', () => {
    const r = complete();
    r.parties = r.parties.filter((p) => p.type !== 'INVESTOR_BOARD' && p.type !== 'COMMUNITY_SOCIETY');
    expect(only(r, 'PARTY_TYPE_NOT_CONSIDERED').map((g) => g.partyType)).toEqual([
      'INVESTOR_BOARD',
      'COMMUNITY_SOCIETY',
    ]);
    r.profile = {
      organisationAiRoles: [{ role: 'AI_CUSTOMER', description: null }],
      partyTypesNotRelevant: [
        { type: 'INVESTOR_BOARD', reason: 'Public body', recordedBy: 'u', recordedAt: '' },
      ],
    };
    expect(only(r, 'PARTY_TYPE_NOT_CONSIDERED').map((g) => g.partyType)).toEqual(['COMMUNITY_SOCIETY']);
  });

  it('§3.1 REQUIREMENT_UNDECIDED: a requirement whose addressedByAims is null', () => {
    const r = complete();
    r.parties = r.parties.map((p, i) =>
      i > 0
        ? p
        : party({
            ...p,
            requirements: [
              {
                id: 'r-open',
                text: 'Explain outcomes',
                basis: 'EXPECTATION',
                addressedByAims: null,
                howAddressed: null,
                notAddressedReason: null,
              },
            ],
          }),
    );
    expect(only(r, 'REQUIREMENT_UNDECIDED')).toMatchObject([
      { requirementId: 'r-open', partyId: r.parties[0]?.id },
    ]);
    expect(codes(r)).toEqual(['REQUIREMENT_UNDECIDED']);
  });

  it('§3.1 SYSTEM_NEITHER_IN_SCOPE_NOR_EXCLUDED: a system not DECOMMISSIONED that the approved scope neither includes nor excludes', () => {
    const r = complete();
    const proto = {
      id: 's-proto',
      name: 'Proto',
      lifecycleStage: 'DEVELOPMENT',
      provenance: 'INTERNAL',
    } as const;
    const old = {
      id: 's-old',
      name: 'Old',
      lifecycleStage: 'DECOMMISSIONED',
      provenance: 'INTERNAL',
    } as const;
    r.systems = [...r.systems, proto, old];
    expect(only(r, 'SYSTEM_NEITHER_IN_SCOPE_NOR_EXCLUDED').map((g) => g.aiSystemId)).toEqual(['s-proto']);
    r.approvedScope = {
      inScope: { aiSystemIds: [triage.id, model.id], processes: [], orgUnits: [], locations: [] },
      exclusions: [{ what: 'Prototypes', aiSystemId: 's-proto', justification: 'Research only' }],
    };
    expect(codes(r)).toEqual([]);
  });

  it('§3.1 THIRD_PARTY_AI_NOT_CONSIDERED: third-party AI in DEPLOYMENT or USE needs a supplier party and a live issue naming it', () => {
    const r = complete();
    r.parties = r.parties.map((p) => (p.type === 'PARTNER_SUPPLIER' ? { ...p, aiSystemIds: [] } : p));
    expect(only(r, 'THIRD_PARTY_AI_NOT_CONSIDERED')).toMatchObject([
      {
        aiSystemId: triage.id,
        explanation: expect.stringContaining('no PARTNER_SUPPLIER interested party names it'),
      },
    ]);
    const r2 = complete();
    r2.issues = r2.issues.map((i) => ({ ...i, aiSystemIds: [] }));
    expect(only(r2, 'THIRD_PARTY_AI_NOT_CONSIDERED')[0]?.explanation).toContain(
      'no live context issue names it',
    );
    const r3 = complete();
    r3.issues = r3.issues.map((i) => ({ ...i, aiSystemIds: [] }));
    r3.systems = [{ ...triage, lifecycleStage: 'DEVELOPMENT' }, model];
    expect(codes(r3)).toEqual([]);
  });

  it('§3.1 NO_ORG_AI_ROLE: the organisation has not determined its AI role(s)', () => {
    const r = complete();
    r.profile = null;
    expect(codes(r)).toEqual(['NO_ORG_AI_ROLE']);
  });

  it('§3.1 SCOPE_NOT_APPROVED: no approved scope statement (naming the open edition if any)', () => {
    const r = complete();
    r.approvedScope = null;
    r.head = { openId: 'scope-2' };
    expect(only(r, 'SCOPE_NOT_APPROVED')).toMatchObject([{ scopeStatementId: 'scope-2' }]);
    expect(codes(r)).toContain('SYSTEM_NEITHER_IN_SCOPE_NOR_EXCLUDED');
  });
});
