import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, storedCounts, type TestApi } from '../test-support/harness';

const ISSUE =
  'id title origin category relevance status reviewOn version aiSystems { id name } linkedRiskIds';
const PARTY = `id name type version aiSystems { id }
  requirements { id text basis addressedByAims notAddressedReason howAddressed { controlRefs processRefs documentIds } }`;
const SCOPE = `id number text status version
  inScope { aiSystems { id name } processes orgUnits locations }
  exclusions { what justification aiSystem { id name } }
  interfacesAndDependencies { party description }
  authors { id }
  approval { by { id } role at comment }`;
const m = (name: string, input: string, fields: string) => /* GraphQL */ `
  mutation($tenantId: ID, $input: ${input}!) { ${name}(tenantId: $tenantId, input: $input) { ${fields} } }`;
const CREATE_ISSUE = m('createContextIssue', 'CreateContextIssueInput', ISSUE);
const UPDATE_ISSUE = m('updateContextIssue', 'UpdateContextIssueInput', ISSUE);
const CREATE_PARTY = m('createInterestedParty', 'CreateInterestedPartyInput', PARTY);
const UPDATE_PROFILE = m(
  'updateContextProfile',
  'UpdateContextProfileInput',
  'version organisationAiRoles { role description } partyTypesNotRelevant { type reason recordedBy { id } }',
);
const CREATE_SCOPE = m('createScopeStatement', 'CreateScopeStatementInput', SCOPE);
const UPDATE_SCOPE = m('updateScopeStatement', 'UpdateScopeStatementInput', SCOPE);
const MOVE_SCOPE = m('transitionScopeStatement', 'TransitionScopeStatementInput', SCOPE);
const APPROVE_SCOPE = m('approveScopeStatement', 'ApproveScopeStatementInput', SCOPE);
const REGISTER = m('registerAiSystem', 'RegisterAiSystemInput', 'id name');

const GAPS = /* GraphQL */ `
  query($tenantId: ID) { contextGaps(tenantId: $tenantId, first: 50) {
    edges { node { code explanation aiSystemId partyType partyId requirementId scopeStatementId } } } }`;
const SYSTEMS = /* GraphQL */ `
  query($tenantId: ID) { aiSystems(tenantId: $tenantId, first: 50) { edges { node { id name inScope } } } }`;
const ISSUES = /* GraphQL */ `
  query($tenantId: ID, $filter: ContextIssueFilter, $first: Int, $after: String) {
    contextIssues(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {
      edges { node { id title origin category status relevance } } pageInfo { hasNextPage endCursor } } }`;
const PARTIES = /* GraphQL */ `
  query($tenantId: ID, $filter: InterestedPartyFilter) {
    interestedParties(tenantId: $tenantId, filter: $filter, first: 50) { edges { node { id name type } } } }`;
const APPROVED = /* GraphQL */ `
  query($tenantId: ID) { approvedScopeStatement(tenantId: $tenantId) { ${SCOPE} }
    scopeStatements(tenantId: $tenantId, first: 10) { edges { node { id number status supersededAt } } } }`;
const ISSUE_BY_ID = /* GraphQL */ `
  query($tenantId: ID, $id: ID!) { contextIssue(tenantId: $tenantId, id: $id) { ${ISSUE}
    history { edges { node { action version actor { id } } } } } }`;

let api: TestApi;
let tenantId: string;
let systems: { id: string; name: string; inScope: boolean | null }[];
const systemId = (name: string) => systems.find((s) => s.name === name)?.id as string;

beforeAll(async () => {
  api = await createTestApi();
  tenantId = api.demo.tenants.acme.id;
  systems = (await api.gql(SYSTEMS, { tenantId })).data?.aiSystems.edges.map((e: any) => e.node);
});

/** Items of one entity and its change records in the tenant's table: a refused write leaves both unchanged. */
async function counts(partition: string, entityType: string) {
  return storedCounts(api, { table: api.demo.tenants.acme.tableName, tenantId, partition, entityType });
}

const issueInput = () => ({
  title: 'National AI strategy funds clinical AI pilots',
  origin: 'EXTERNAL',
  category: 'STRATEGY',
  relevance: 3,
  reviewOn: '2027-01-31',
});

describe('§3.1 the seeded hospital context through the handler', () => {
  it('§3.1 the demo scope is approved by top management and AiSystem.inScope is derived from it', async () => {
    expect(Object.fromEntries(systems.map((s) => [s.name, s.inScope]))).toEqual({
      'Clinical notes summariser': false,
      'Patient triage assistant': true,
      'Readmission risk model': true,
    });
    const read = (await api.gql(APPROVED, { tenantId })).data;
    expect(read?.approvedScopeStatement).toMatchObject({
      number: 1,
      status: 'APPROVED',
      approval: { by: { id: api.users.cleo.sub }, role: 'TOP_MANAGEMENT' },
      authors: [{ id: api.users.alex.sub }],
      exclusions: [
        { what: 'Clinical notes summariser (pilot)', aiSystem: { name: 'Clinical notes summariser' } },
        { what: 'Research prototypes of the clinical research unit', aiSystem: null },
      ],
    });
  });

  it('§3.1 contextGaps of the demo: community and society not considered, one clinician requirement undecided', async () => {
    const gaps = (await api.gql(GAPS, { tenantId })).data?.contextGaps.edges.map((e: any) => e.node);
    expect(gaps.map((g: any) => [g.code, g.partyType])).toEqual([
      ['PARTY_TYPE_NOT_CONSIDERED', 'COMMUNITY_SOCIETY'],
      ['REQUIREMENT_UNDECIDED', 'EMPLOYEE'],
    ]);
  });

  it('§3.1 the registers list by key: external regulatory issues, parties by type', async () => {
    const regulatory = await api.gql(ISSUES, {
      tenantId,
      filter: { origin: 'EXTERNAL', category: 'REGULATORY' },
    });
    expect(regulatory.data?.contextIssues.edges.map((e: any) => e.node.title)).toEqual([
      'EU AI Act: obligations of a deployer of high-risk AI',
      'Medical Device Regulation for clinical decision software',
    ]);
    const internal = await api.gql(ISSUES, { tenantId, filter: { origin: 'INTERNAL' } });
    expect(internal.data?.contextIssues.edges.map((e: any) => e.node.title)).toEqual([
      'Clinical staff AI literacy',
    ]);
    const page1 = await api.gql(ISSUES, { tenantId, first: 2 });
    expect(page1.data?.contextIssues.pageInfo.hasNextPage).toBe(true);
    const page2 = await api.gql(ISSUES, {
      tenantId,
      first: 10,
      after: page1.data?.contextIssues.pageInfo.endCursor,
    });
    expect(page2.data?.contextIssues.edges).toHaveLength(2);
    const suppliers = await api.gql(PARTIES, { tenantId, filter: { type: 'PARTNER_SUPPLIER' } });
    expect(suppliers.data?.interestedParties.edges.map((e: any) => e.node.name)).toEqual([
      'Lumen AI Ltd (triage model supplier)',
    ]);
  });

  it('§3.1 the tenant context profile holds the organisation AI roles and a not-relevant party type with its reason', async () => {
    const result = await api.gql(
      `query($tenantId: ID) { contextProfile(tenantId: $tenantId) {
        version updatedAt organisationAiRoles { role } partyTypesNotRelevant { type reason recordedBy { id } } } }`,
      { tenantId },
    );
    expect(result.data?.contextProfile).toMatchObject({
      version: 1,
      organisationAiRoles: [{ role: 'AI_CUSTOMER' }, { role: 'AI_PRODUCER' }],
      partyTypesNotRelevant: [{ type: 'CUSTOMER_END_USER', recordedBy: { id: api.users.alex.sub } }],
    });
    const fresh = await api.gql(
      'query($t: ID) { contextProfile(tenantId: $t) { version updatedAt } }',
      {
        t: api.demo.tenants.globex.id,
      },
      { as: api.users.mei },
    );
    expect(fresh.data?.contextProfile).toEqual({ version: 0, updatedAt: null });
  });

  it('§3.1 scopeTemplates serves the guide’s three sectors', async () => {
    const result = await api.gql(
      'query($tenantId: ID) { scopeTemplates(tenantId: $tenantId) { edges { node { id sector title text } } } }',
      { tenantId },
    );
    expect(result.data?.scopeTemplates.edges.map((e: any) => e.node.sector)).toEqual([
      'TECHNOLOGY',
      'FINANCIAL_SERVICES',
      'HEALTHCARE',
    ]);
  });
});

describe('§3.1 context issues and interested parties through the handler', () => {
  it('§3.1 creates and updates an issue with a change record per version', async () => {
    const made = await api.gql(CREATE_ISSUE, {
      tenantId,
      input: { ...issueInput(), aiSystemIds: [systemId('Readmission risk model')] },
    });
    expect(made.errors).toBeUndefined();
    const issue = made.data?.createContextIssue;
    expect(issue).toMatchObject({
      status: 'ACTIVE',
      version: 1,
      aiSystems: [{ name: 'Readmission risk model' }],
    });
    const updated = await api.gql(UPDATE_ISSUE, {
      tenantId,
      input: { id: issue.id, expectedVersion: 1, status: 'MONITORING', relevance: 2 },
    });
    expect(updated.data?.updateContextIssue).toMatchObject({
      status: 'MONITORING',
      relevance: 2,
      version: 2,
    });
    const read = await api.gql(ISSUE_BY_ID, { tenantId, id: issue.id });
    expect(read.data?.contextIssue.history.edges.map((e: any) => [e.node.action, e.node.version])).toEqual([
      ['UPDATED', 2],
      ['CREATED', 1],
    ]);
  });

  it('§3.1 bad input → BAD_USER_INPUT with field paths, nothing written', async () => {
    const before = await counts('CTXISSUE', 'ContextIssue');
    const bad = onlyError(
      await api.gql(CREATE_ISSUE, { tenantId, input: { ...issueInput(), relevance: 9 } }),
    );
    expect(bad.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.extensions.fieldErrors.map((f: any) => f.path)).toEqual([['input', 'relevance']]);
    const unknown = onlyError(
      await api.gql(CREATE_ISSUE, { tenantId, input: { ...issueInput(), linkedOpportunityIds: ['nope'] } }),
    );
    expect(unknown.extensions.fieldErrors.map((f: any) => f.path)).toEqual([
      ['input', 'linkedOpportunityIds'],
    ]);
    expect(await counts('CTXISSUE', 'ContextIssue')).toEqual(before);

    const partiesBefore = await counts('CTXPARTY', 'InterestedParty');
    const party = onlyError(
      await api.gql(CREATE_PARTY, {
        tenantId,
        input: {
          name: 'Local patient association',
          type: 'COMMUNITY_SOCIETY',
          requirements: [
            { text: 'Be consulted on new AI', basis: 'EXPECTATION', addressedByAims: true },
            {
              text: 'Plain-language reports',
              basis: 'EXPECTATION',
              addressedByAims: false,
              notAddressedReason: 'no',
            },
          ],
        },
      }),
    );
    expect(party.extensions.code).toBe('BAD_USER_INPUT');
    expect(party.extensions.fieldErrors.map((f: any) => f.path.join('.'))).toEqual([
      'input.requirements.0.howAddressed',
      'input.requirements.1.notAddressedReason',
    ]);
    expect(await counts('CTXPARTY', 'InterestedParty')).toEqual(partiesBefore);
  });

  it('§3.1 a stale expectedVersion → CONFLICT VERSION_MISMATCH', async () => {
    const issue = (await api.gql(CREATE_ISSUE, { tenantId, input: issueInput() })).data?.createContextIssue;
    await api.gql(UPDATE_ISSUE, { tenantId, input: { id: issue.id, expectedVersion: 1, relevance: 4 } });
    const stale = onlyError(
      await api.gql(UPDATE_ISSUE, { tenantId, input: { id: issue.id, expectedVersion: 1, relevance: 5 } }),
    );
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const profile = onlyError(
      await api.gql(UPDATE_PROFILE, { tenantId, input: { expectedVersion: 0, organisationAiRoles: [] } }),
    );
    expect(profile.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });

  it('§3.1 a role without context.manage (the internal auditor) → FORBIDDEN, but may read', async () => {
    const refused = onlyError(
      await api.gql(CREATE_ISSUE, { tenantId, input: issueInput() }, { as: api.users.ines }),
    );
    expect(refused.extensions.code).toBe('FORBIDDEN');
    const read = await api.gql(ISSUES, { tenantId, first: 1 }, { as: api.users.ines });
    expect(read.errors).toBeUndefined();
  });

  it('§3.1 an addressed requirement records how; a supplier party names its AI system', async () => {
    const made = await api.gql(CREATE_PARTY, {
      tenantId,
      input: {
        name: 'CareRecord Systems (EHR vendor)',
        type: 'PARTNER_SUPPLIER',
        aiSystemIds: [systemId('Clinical notes summariser')],
        requirements: [
          {
            text: 'Feature changes announced 30 days ahead',
            basis: 'CONTRACT',
            addressedByAims: true,
            howAddressed: { controlRefs: ['A.10.3'], documentIds: ['CR-2024-88'] },
          },
        ],
      },
    });
    expect(made.errors).toBeUndefined();
    expect(made.data?.createInterestedParty).toMatchObject({
      version: 1,
      aiSystems: [{ id: systemId('Clinical notes summariser') }],
      requirements: [
        {
          addressedByAims: true,
          howAddressed: { controlRefs: ['A.10.3'], processRefs: [], documentIds: ['CR-2024-88'] },
        },
      ],
    });
  });
});

describe('§3.1 the scope statement life cycle through the handler', () => {
  it('§3.1 a new edition: illegal moves, consultant and author refused, uncovered system → CONFLICT, then approved', async () => {
    const approvedBefore = (await api.gql(APPROVED, { tenantId })).data?.approvedScopeStatement;
    const draft = (
      await api.gql(CREATE_SCOPE, {
        tenantId,
        input: { text: 'Second edition: adds the sepsis alert when it goes live.' },
      })
    ).data?.createScopeStatement;
    expect(draft).toMatchObject({ number: 2, status: 'DRAFT', inScope: approvedBefore.inScope });

    const illegal = onlyError(
      await api.gql(MOVE_SCOPE, {
        tenantId,
        input: { id: draft.id, expectedVersion: 1, status: 'APPROVED' },
      }),
    );
    expect(illegal.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
    const second = onlyError(await api.gql(CREATE_SCOPE, { tenantId, input: {} }));
    expect(second.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });

    const sepsis = (
      await api.gql(REGISTER, {
        tenantId,
        input: {
          name: 'Sepsis alert',
          purpose: 'Warns of sepsis on the wards.',
          lifecycleStage: 'USE',
          provenance: 'INTERNAL',
        },
      })
    ).data?.registerAiSystem;
    const review = (
      await api.gql(MOVE_SCOPE, {
        tenantId,
        input: { id: draft.id, expectedVersion: 1, status: 'IN_REVIEW' },
      })
    ).data?.transitionScopeStatement;
    const frozen = onlyError(
      await api.gql(UPDATE_SCOPE, {
        tenantId,
        input: { id: draft.id, expectedVersion: review.version, text: 'x' },
      }),
    );
    expect(frozen.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });

    const consultant = onlyError(
      await api.gql(
        APPROVE_SCOPE,
        { tenantId, input: { id: draft.id, expectedVersion: review.version } },
        { as: api.users.priya },
      ),
    );
    expect(consultant.extensions.code).toBe('FORBIDDEN');
    const notTop = onlyError(
      await api.gql(APPROVE_SCOPE, { tenantId, input: { id: draft.id, expectedVersion: review.version } }),
    );
    expect(notTop.extensions.code).toBe('FORBIDDEN');

    const uncovered = onlyError(
      await api.gql(
        APPROVE_SCOPE,
        { tenantId, input: { id: draft.id, expectedVersion: review.version } },
        { as: api.users.cleo },
      ),
    );
    expect(uncovered.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'INVALID_STATE',
      aiSystemIds: [sepsis.id],
    });

    const back = (
      await api.gql(MOVE_SCOPE, {
        tenantId,
        input: { id: draft.id, expectedVersion: review.version, status: 'DRAFT' },
      })
    ).data?.transitionScopeStatement;
    const edited = await api.gql(UPDATE_SCOPE, {
      tenantId,
      input: {
        id: draft.id,
        expectedVersion: back.version,
        inScope: {
          aiSystemIds: [systemId('Patient triage assistant'), systemId('Readmission risk model'), sepsis.id],
        },
      },
    });
    expect(edited.errors).toBeUndefined();
    const inReview = (
      await api.gql(MOVE_SCOPE, {
        tenantId,
        input: {
          id: draft.id,
          expectedVersion: edited.data?.updateScopeStatement.version,
          status: 'IN_REVIEW',
        },
      })
    ).data?.transitionScopeStatement;
    const approved = await api.gql(
      APPROVE_SCOPE,
      {
        tenantId,
        input: { id: draft.id, expectedVersion: inReview.version, comment: 'Sepsis alert joins the scope.' },
      },
      { as: api.users.cleo },
    );
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.approveScopeStatement).toMatchObject({
      status: 'APPROVED',
      approval: {
        by: { id: api.users.cleo.sub },
        role: 'TOP_MANAGEMENT',
        comment: 'Sepsis alert joins the scope.',
      },
    });
    const after = (await api.gql(APPROVED, { tenantId })).data;
    expect(after?.scopeStatements.edges.map((e: any) => [e.node.number, e.node.status])).toEqual([
      [2, 'APPROVED'],
      [1, 'SUPERSEDED'],
    ]);
    const inScope = (await api.gql(SYSTEMS, { tenantId })).data?.aiSystems.edges.find(
      (e: any) => e.node.id === sepsis.id,
    );
    expect(inScope.node.inScope).toBe(true);
  });

  it('§3.1 a stale expectedVersion on a scope edition → CONFLICT VERSION_MISMATCH', async () => {
    const draft = (await api.gql(CREATE_SCOPE, { tenantId, input: {} })).data?.createScopeStatement;
    await api.gql(UPDATE_SCOPE, {
      tenantId,
      input: { id: draft.id, expectedVersion: 1, text: 'Third edition text.' },
    });
    const stale = onlyError(
      await api.gql(UPDATE_SCOPE, {
        tenantId,
        input: { id: draft.id, expectedVersion: 1, text: 'Other text.' },
      }),
    );
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });
});

describe('§3.1 tenant isolation', () => {
  it('§3.1 another tenant’s member is refused; another tenant’s ids are NOT_FOUND here', async () => {
    const globex = api.demo.tenants.globex.id;
    const outsider = onlyError(await api.gql(ISSUES, { tenantId }, { as: api.users.mei }));
    expect(outsider.extensions.code).toBe('FORBIDDEN');
    const theirs = (
      await api.gql(CREATE_ISSUE, { tenantId: globex, input: issueInput() }, { as: api.users.mei })
    ).data?.createContextIssue;
    expect(onlyError(await api.gql(ISSUE_BY_ID, { tenantId, id: theirs.id })).extensions.code).toBe(
      'NOT_FOUND',
    );
    const update = onlyError(
      await api.gql(UPDATE_ISSUE, { tenantId, input: { id: theirs.id, expectedVersion: 1, relevance: 1 } }),
    );
    expect(update.extensions.code).toBe('NOT_FOUND');
    const gaps = (
      await api.gql(GAPS, { tenantId: globex }, { as: api.users.mei })
    ).data?.contextGaps.edges.map((e: any) => e.node.code);
    expect(gaps).toEqual(
      expect.arrayContaining([
        'SCOPE_NOT_APPROVED',
        'THIRD_PARTY_AI_NOT_CONSIDERED',
        'NO_ORG_AI_ROLE',
        'NO_INTERNAL_ISSUE',
      ]),
    );
  });
});
