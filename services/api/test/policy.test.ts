import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, storedCounts, type TestApi } from '../test-support/harness';

const POLICY_FIELDS = /* GraphQL */ `
  id kind versionNumber status title wordCount reviewIntervalMonths nextReviewOn publishedInternallyAt
  externalAvailability externalUrl version
  sections { heading body elements }
  references { documentId externalName relation }
  approval { by { id } byId role at comment appropriateToPurposeAttested }
  authors { id }
  completeness { missing missingPrinciples warnings { code message } }
  acknowledgementStats { versionNumber acknowledged audienceSize rate }
  acknowledgedByMe
`;
const CREATE = /* GraphQL */ `
  mutation Create($tenantId: ID, $input: CreatePolicyDocumentInput!) {
    createPolicyDocument(tenantId: $tenantId, input: $input) { ${POLICY_FIELDS} }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($tenantId: ID, $input: UpdatePolicyDraftInput!) {
    updatePolicyDraft(tenantId: $tenantId, input: $input) { ${POLICY_FIELDS} }
  }
`;
const TRANSITION = /* GraphQL */ `
  mutation Move($tenantId: ID, $input: TransitionPolicyInput!) {
    transitionPolicy(tenantId: $tenantId, input: $input) { ${POLICY_FIELDS} }
  }
`;
const APPROVE = /* GraphQL */ `
  mutation Approve($tenantId: ID, $input: ApprovePolicyInput!) {
    approvePolicy(tenantId: $tenantId, input: $input) { ${POLICY_FIELDS} }
  }
`;
const NEW_VERSION = /* GraphQL */ `
  mutation NewVersion($tenantId: ID, $input: CreatePolicyVersionInput!) {
    createPolicyVersion(tenantId: $tenantId, input: $input) { ${POLICY_FIELDS} }
  }
`;
const ACK = /* GraphQL */ `
  mutation Ack($tenantId: ID, $input: AcknowledgePolicyInput!) {
    acknowledgePolicy(tenantId: $tenantId, input: $input) { documentId versionNumber user { id } at }
  }
`;
const GET = /* GraphQL */ `
  query Get($tenantId: ID, $id: ID!, $versionNumber: Int) {
    policyDocument(tenantId: $tenantId, id: $id, versionNumber: $versionNumber) {
      ${POLICY_FIELDS}
      versions { edges { node { versionNumber status } } }
      history { edges { node { action version actor { id } } } }
    }
  }
`;
const LIST = /* GraphQL */ `
  query List($tenantId: ID) {
    policyDocuments(tenantId: $tenantId, first: 50) {
      edges { node { id title versionNumber status acknowledgedByMe } }
    }
  }
`;
const EVIDENCE = /* GraphQL */ `
  query Evidence($tenantId: ID, $period: CommitmentPeriodInput) {
    commitmentEvidence(tenantId: $tenantId, period: $period) {
      from to total truncated gaps
      counts { source count }
      items { source at user { id } userId subjectType subjectId description }
    }
  }
`;
const OBJECTIVE_FIELDS = /* GraphQL */ `
  id title kind status baseline target direction dueOn progress version ownerAppointmentId
  owner { id kind user { id } }
  measure { kpiId manualMetric notPracticableJustification }
  plan { what resources responsible when evaluationMethod }
  policyElementRef { documentId element }
  current { value measuredOn }
  progressRecords { edges { node { value measuredOn note recordedBy { id } } } }
`;
const OBJECTIVES = /* GraphQL */ `
  query Objectives($tenantId: ID, $filter: AiObjectiveFilter) {
    aiObjectives(tenantId: $tenantId, filter: $filter, first: 20) { edges { node { ${OBJECTIVE_FIELDS} } } }
  }
`;
const CREATE_OBJECTIVE = /* GraphQL */ `
  mutation CreateObjective($tenantId: ID, $input: CreateAiObjectiveInput!) {
    createAiObjective(tenantId: $tenantId, input: $input) { ${OBJECTIVE_FIELDS} }
  }
`;
const MOVE_OBJECTIVE = /* GraphQL */ `
  mutation MoveObjective($tenantId: ID, $input: TransitionAiObjectiveInput!) {
    transitionAiObjective(tenantId: $tenantId, input: $input) { ${OBJECTIVE_FIELDS} }
  }
`;
const PROGRESS = /* GraphQL */ `
  mutation Progress($tenantId: ID, $input: RecordAiObjectiveProgressInput!) {
    recordAiObjectiveProgress(tenantId: $tenantId, input: $input) { ${OBJECTIVE_FIELDS} }
  }
`;

const SECTIONS = [
  { heading: 'Purpose', body: 'Why and where we use AI.', elements: ['APPROPRIATE_TO_PURPOSE'] },
  { heading: 'Commitment', body: 'We use AI responsibly.', elements: ['COMMITMENT_RESPONSIBLE_AI'] },
  {
    heading: 'Principles',
    body: 'Fairness, transparency, accountability, safety and privacy.',
    elements: ['GUIDING_PRINCIPLES'],
  },
  {
    heading: 'Obligations and improvement',
    body: 'We meet the law and improve continually.',
    elements: ['COMPLIANCE_COMMITMENT', 'CONTINUAL_IMPROVEMENT_COMMITMENT'],
  },
  {
    heading: 'Other policies',
    body: 'Aligned with security and privacy.',
    elements: ['REFERENCES_OTHER_POLICIES'],
  },
];
const OBJECTIVES_SECTION = {
  heading: 'Objectives',
  body: 'The board sets objectives.',
  elements: ['OBJECTIVES_FRAMEWORK'],
};

let api: TestApi;
let tenantId: string;

beforeAll(async () => {
  api = await createTestApi();
  tenantId = api.demo.tenants.acme.id;
});

/** Policy items and policy change records in the tenant's table: a refused write leaves both unchanged. */
async function policyCount() {
  const { items, changes } = await storedCounts(api, {
    table: api.demo.tenants.acme.tableName,
    tenantId,
    partition: 'POLICY',
    entityType: 'PolicyDocument',
  });
  return { register: items, changes };
}

async function topicPolicy(sections = [...SECTIONS, OBJECTIVES_SECTION]) {
  const made = await api.gql(CREATE, {
    tenantId,
    input: { kind: 'AI_POLICY', title: 'AI policy (rewrite)', sections, externalAvailability: 'ON_REQUEST' },
  });
  expect(made.errors).toBeUndefined();
  return made.data?.createPolicyDocument;
}

async function move(doc: { id: string; version: number }, status: string) {
  const moved = await api.gql(TRANSITION, {
    tenantId,
    input: { documentId: doc.id, expectedVersion: doc.version, status },
  });
  expect(moved.errors).toBeUndefined();
  return moved.data?.transitionPolicy;
}

const approveAs = (doc: { id: string; version: number }, as = api.users.cleo) =>
  api.gql(
    APPROVE,
    {
      tenantId,
      input: { documentId: doc.id, expectedVersion: doc.version, appropriateToPurposeAttested: true },
    },
    { as },
  );

describe('§3.2.1 AI policy through the API', () => {
  it('§3.2.1 the demo AI policy is approved by Cleo, published and partly acknowledged', async () => {
    const list = await api.gql(LIST, { tenantId }, { as: api.users.cleo });
    const ai = list.data?.policyDocuments.edges.find(
      (e: any) => e.node.title === 'Acme Health AI policy',
    )?.node;
    expect(ai).toMatchObject({ versionNumber: 1, status: 'PUBLISHED', acknowledgedByMe: true });
    const read = await api.gql(GET, { tenantId, id: ai.id });
    const doc = read.data?.policyDocument;
    expect(doc.approval).toMatchObject({ by: { id: api.users.cleo.sub }, role: 'TOP_MANAGEMENT' });
    expect(doc.completeness).toEqual({ missing: [], missingPrinciples: [], warnings: [] });
    expect(doc.acknowledgementStats).toEqual({
      versionNumber: 1,
      acknowledged: 3,
      audienceSize: 5,
      rate: 0.6,
    });
    expect(doc.wordCount).toBeGreaterThan(500);
    expect(doc.wordCount).toBeLessThan(700);
  });

  it('§3.2.1 runs draft → review → approval → publication → acknowledgement → new version', async () => {
    const draft = await topicPolicy();
    expect(draft).toMatchObject({
      kind: 'AI_POLICY',
      status: 'DRAFT',
      versionNumber: 1,
      version: 1,
      authors: [{ id: api.users.alex.sub }],
      completeness: { missing: [] },
    });
    const approved = (await approveAs(await move(draft, 'IN_REVIEW'))).data?.approvePolicy;
    expect(approved).toMatchObject({
      status: 'APPROVED',
      approval: { byId: api.users.cleo.sub, role: 'TOP_MANAGEMENT', appropriateToPurposeAttested: true },
    });
    expect(approved.nextReviewOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const published = await move(approved, 'PUBLISHED');
    expect(published.publishedInternallyAt).not.toBeNull();

    const ack = await api.gql(
      ACK,
      { tenantId, input: { documentId: draft.id, versionNumber: 1 } },
      { as: api.users.sam },
    );
    expect(ack.data?.acknowledgePolicy).toMatchObject({ versionNumber: 1, user: { id: api.users.sam.sub } });
    const again = await api.gql(
      ACK,
      { tenantId, input: { documentId: draft.id, versionNumber: 1 } },
      { as: api.users.sam },
    );
    expect(again.data?.acknowledgePolicy.at).toBe(ack.data?.acknowledgePolicy.at);

    const v2 = (
      await api.gql(NEW_VERSION, {
        tenantId,
        input: { documentId: draft.id, expectedVersion: published.version },
      })
    ).data?.createPolicyVersion;
    expect(v2).toMatchObject({
      versionNumber: 2,
      status: 'DRAFT',
      approval: null,
      version: published.version + 1,
    });
    expect(v2.sections).toEqual(published.sections);
    const v2Published = await move(
      (await approveAs(await move(v2, 'IN_REVIEW'))).data?.approvePolicy,
      'PUBLISHED',
    );
    const read = await api.gql(GET, { tenantId, id: draft.id });
    expect(
      read.data?.policyDocument.versions.edges.map((e: any) => [e.node.versionNumber, e.node.status]),
    ).toEqual([
      [2, 'PUBLISHED'],
      [1, 'SUPERSEDED'],
    ]);
    expect(read.data?.policyDocument.version).toBe(v2Published.version);
    expect(read.data?.policyDocument.history.edges[0].node).toMatchObject({
      actor: { id: api.users.alex.sub },
    });
  });

  it('§3.2.1 a policy without OBJECTIVES_FRAMEWORK cannot be approved: CONFLICT with the missing codes', async () => {
    const review = await move(await topicPolicy(SECTIONS), 'IN_REVIEW');
    expect(review.completeness.missing).toEqual(['OBJECTIVES_FRAMEWORK']);
    const error = onlyError(await approveAs(review));
    expect(error.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'INVALID_STATE',
      missing: ['OBJECTIVES_FRAMEWORK'],
    });
  });

  it('§3.2.1 a consultant cannot approve (FORBIDDEN); the author cannot approve', async () => {
    const review = await move(await topicPolicy(), 'IN_REVIEW');
    expect(onlyError(await approveAs(review, api.users.priya)).extensions.code).toBe('FORBIDDEN');
    expect(onlyError(await approveAs(review, api.users.alex)).extensions.code).toBe('FORBIDDEN');
    const still = await api.gql(GET, { tenantId, id: review.id });
    expect(still.data?.policyDocument).toMatchObject({ status: 'IN_REVIEW', approval: null });
  });

  it('§3.2.1 bad input → BAD_USER_INPUT with field paths, nothing written', async () => {
    const before = await policyCount();
    const result = await api.gql(CREATE, {
      tenantId,
      input: {
        kind: 'AI_POLICY',
        title: '',
        externalAvailability: 'PUBLIC_URL',
        references: [{ relation: 'REFERS_TO' }],
      },
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect((error.extensions.fieldErrors as { path: unknown[] }[]).map((f) => f.path)).toEqual(
      expect.arrayContaining([
        ['input', 'title'],
        ['input', 'externalUrl'],
        ['input', 'references', 0, 'documentId'],
      ]),
    );
    expect(await policyCount()).toEqual(before);
  });

  it('§3.2.1 a stale expectedVersion is CONFLICT VERSION_MISMATCH; editing outside DRAFT is CONFLICT INVALID_STATE', async () => {
    const draft = await topicPolicy();
    const edited = await api.gql(UPDATE, {
      tenantId,
      input: { documentId: draft.id, expectedVersion: 1, title: 'AI policy at Acme' },
    });
    expect(edited.data?.updatePolicyDraft).toMatchObject({ version: 2, title: 'AI policy at Acme' });
    const stale = await api.gql(UPDATE, {
      tenantId,
      input: { documentId: draft.id, expectedVersion: 1, title: 'Stale' },
    });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const review = await move(edited.data?.updatePolicyDraft, 'IN_REVIEW');
    const locked = await api.gql(UPDATE, {
      tenantId,
      input: { documentId: draft.id, expectedVersion: review.version, title: 'Late edit' },
    });
    expect(onlyError(locked).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
    const illegal = await api.gql(TRANSITION, {
      tenantId,
      input: { documentId: draft.id, expectedVersion: review.version, status: 'PUBLISHED' },
    });
    expect(onlyError(illegal).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
  });

  it('§3.2.1 a viewer role cannot draft a policy; another tenant cannot read or change it', async () => {
    const refused = await api.gql(
      CREATE,
      { tenantId, input: { kind: 'TOPIC_POLICY', title: 'Mine' } },
      { as: api.users.ines },
    );
    expect(onlyError(refused).extensions.code).toBe('FORBIDDEN');
    const draft = await topicPolicy();
    const globex = api.demo.tenants.globex.id;
    expect(
      onlyError(await api.gql(GET, { tenantId: globex, id: draft.id }, { as: api.users.mei })).extensions
        .code,
    ).toBe('NOT_FOUND');
    expect(
      onlyError(await api.gql(GET, { tenantId, id: draft.id }, { as: api.users.mei })).extensions.code,
    ).toBe('FORBIDDEN');
    const foreign = await api.gql(
      UPDATE,
      { tenantId: globex, input: { documentId: draft.id, expectedVersion: 1, title: 'Hijack' } },
      { as: api.users.mei },
    );
    expect(onlyError(foreign).extensions.code).toBe('NOT_FOUND');
  });
});

describe('§3.2.3 AI objectives through the API', () => {
  it('§3.2.3 the demo has an active impact-assessment objective at 50 % and a draft training objective', async () => {
    const list = await api.gql(OBJECTIVES, { tenantId });
    const nodes = list.data?.aiObjectives.edges.map((e: any) => e.node);
    const impact = nodes.find((o: any) => o.status === 'ACTIVE');
    expect(impact).toMatchObject({
      progress: 0.5,
      owner: { kind: 'AIMS_MANAGER', user: { id: api.users.alex.sub } },
      policyElementRef: { element: 'OBJECTIVES_FRAMEWORK' },
    });
    expect(impact.progressRecords.edges.map((e: any) => e.node.value)).toEqual([50, 0]);
    expect(nodes.find((o: any) => o.status === 'DRAFT').plan).toMatchObject({ when: null });
  });

  it('§3.2.3 an ACTIVE objective must have every plan field (BAD_USER_INPUT at input.plan.*); progress is recorded', async () => {
    const demo = (await api.gql(OBJECTIVES, { tenantId, filter: { status: 'ACTIVE' } })).data?.aiObjectives
      .edges[0].node;
    const made = await api.gql(CREATE_OBJECTIVE, {
      tenantId,
      input: {
        title: 'Fewer AI incidents',
        kind: 'RESPONSIBLE_DEVELOPMENT',
        measure: { kpiId: 'K-INCIDENTS' },
        baseline: 10,
        target: 2,
        direction: 'DECREASE',
        dueOn: '2027-12-31',
        ownerAppointmentId: demo.ownerAppointmentId,
        plan: { what: 'Pre-release testing' },
      },
    });
    expect(made.errors).toBeUndefined();
    const o = made.data?.createAiObjective;
    const refused = onlyError(
      await api.gql(MOVE_OBJECTIVE, { tenantId, input: { id: o.id, expectedVersion: 1, status: 'ACTIVE' } }),
    );
    expect(refused.extensions.code).toBe('BAD_USER_INPUT');
    expect((refused.extensions.fieldErrors as { path: unknown[] }[]).map((f) => f.path)).toEqual([
      ['input', 'plan', 'resources'],
      ['input', 'plan', 'responsible'],
      ['input', 'plan', 'when'],
      ['input', 'plan', 'evaluationMethod'],
    ]);
    const stale = await api.gql(PROGRESS, {
      tenantId,
      input: { id: o.id, expectedVersion: 9, value: 5, measuredOn: '2026-01-01' },
    });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const unknownOwner = await api.gql(
      CREATE_OBJECTIVE,
      {
        tenantId,
        input: {
          title: 'X',
          kind: 'AIMS',
          measure: {},
          baseline: 0,
          target: 1,
          direction: 'INCREASE',
          dueOn: '2027-01-01',
          ownerAppointmentId: 'no-such-appointment',
        },
      },
      { as: api.users.priya },
    );
    const error = onlyError(unknownOwner);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect((error.extensions.fieldErrors as { path: unknown[] }[]).map((f) => f.path)).toEqual([
      ['input', 'measure', 'kpiId'],
      ['input', 'ownerAppointmentId'],
    ]);
  });
});

describe('§3.2.2 commitment evidence through the API', () => {
  it('§3.2.2 lists the demo approvals (policy, scope, treatment plan) and attendance by Cleo (TOP_MANAGEMENT) and no gap', async () => {
    const result = await api.gql(EVIDENCE, { tenantId });
    expect(result.errors).toBeUndefined();
    const evidence = result.data?.commitmentEvidence;
    expect(evidence.gaps).toEqual([]);
    expect(evidence.items.every((i: any) => i.userId === api.users.cleo.sub)).toBe(true);
    const sources = new Set(evidence.items.map((i: any) => i.source));
    expect(sources).toContain('POLICY_APPROVAL');
    expect(sources).toContain('COMMITTEE_ATTENDANCE');
    // §3.2.2 her approvals of the scope (4.3) and of the treatment plan (6.1.3) count too.
    expect(sources).toContain('SCOPE_APPROVAL');
    expect(sources).toContain('TREATMENT_PLAN_APPROVAL');
    expect(evidence.counts.reduce((n: number, c: any) => n + c.count, 0)).toBe(evidence.total);
  });

  it('§3.2.2 a tenant without any evidence shows NO_TOP_MANAGEMENT_EVIDENCE; bad period → BAD_USER_INPUT', async () => {
    const globex = api.demo.tenants.globex.id;
    const empty = await api.gql(EVIDENCE, { tenantId: globex }, { as: api.users.mei });
    expect(empty.data?.commitmentEvidence).toMatchObject({ total: 0, gaps: ['NO_TOP_MANAGEMENT_EVIDENCE'] });
    const bad = onlyError(
      await api.gql(EVIDENCE, { tenantId, period: { from: '2026-02-01', to: '2026-01-01' } }),
    );
    expect(bad.extensions.code).toBe('BAD_USER_INPUT');
    expect((bad.extensions.fieldErrors as { path: unknown[] }[])[0]?.path).toEqual(['period', 'from']);
  });
});
