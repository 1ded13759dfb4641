// §3.6.2 / §3.2.1 through the handler: a newly published AI policy version
// assigns the courses that cover it to the organisation's people
// (CHANGE_DRIVEN), from the published versions the support resolvers read.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../test-support/harness';

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
  { heading: 'Objectives', body: 'The board sets objectives.', elements: ['OBJECTIVES_FRAMEWORK'] },
];

const POLICY = 'id versionNumber status version publishedInternallyAt';
const RECONCILE = /* GraphQL */ `
  mutation Reconcile($t: ID) {
    reconcileTrainingAssignments(tenantId: $t, input: {}) {
      expected createdCount created(first: 100) { edges { node { id reason user { id } dueOn } } }
    }
  }
`;
const ASSIGNMENTS = /* GraphQL */ `
  query Assignments($t: ID) {
    trainingAssignments(tenantId: $t, first: 100) { edges { node { id reason version user { id } } } }
  }
`;

let api: TestApi;
let t: string;
type User = TestApi['users']['cleo'];

async function gqlOk(query: string, variables: Record<string, unknown>, as: User) {
  const result = await api.gql(query, variables, { as });
  expect(result.errors).toBeUndefined();
  return result.data as Record<string, any>;
}

/** Invites `user` into the consultant Priya's fresh tenant with `role`, and accepts. */
async function addMember(user: User, role: string) {
  await gqlOk(
    'mutation($t: ID, $i: InviteMemberInput!) { inviteMember(tenantId: $t, input: $i) { invitation { role } } }',
    { t, i: { email: user.email, role } },
    api.users.priya,
  );
  await gqlOk('mutation($t: ID!) { acceptInvitation(input: { tenantId: $t }) { role } }', { t }, user);
}

beforeAll(async () => {
  api = await createTestApi();
  const made = await gqlOk(
    'mutation($n: String!) { onboardClientTenant(input: { consultancyId: "cons-northwind", name: $n }) { id } }',
    { n: 'Training Policy Ltd' },
    api.users.priya,
  );
  t = made.onboardClientTenant.id;
  await addMember(api.users.alex, 'AIMS_MANAGER');
  await addMember(api.users.cleo, 'COMMITTEE_MEMBER');
  const appointed = await gqlOk(
    'mutation($t: ID, $i: AppointInput!) { appoint(tenantId: $t, input: $i) { id version } }',
    { t, i: { kind: 'TOP_MANAGEMENT', userId: api.users.cleo.sub } },
    api.users.alex,
  );
  await gqlOk(
    'mutation($t: ID, $i: AcceptAppointmentInput!) { acceptAppointment(tenantId: $t, input: $i) { status } }',
    { t, i: { id: appointed.appoint.id, expectedVersion: appointed.appoint.version } },
    api.users.cleo,
  );
});

describe('§3.6.2 a published AI policy version drives training (CHANGE_DRIVEN)', () => {
  it('§3.6.2 create, submit, approve by TOP_MANAGEMENT, publish: reconciliation assigns the covering course to every member but the consultant; a re-run writes nothing', async () => {
    const alex = api.users.alex;
    const draft = (
      await gqlOk(
        `mutation($t: ID, $i: CreatePolicyDocumentInput!) { createPolicyDocument(tenantId: $t, input: $i) { ${POLICY} } }`,
        { t, i: { kind: 'AI_POLICY', title: 'AI policy', sections: SECTIONS } },
        alex,
      )
    ).createPolicyDocument;
    const course = (
      await gqlOk(
        'mutation($t: ID, $i: CreateTrainingCourseInput!) { createTrainingCourse(tenantId: $t, input: $i) { id } }',
        { t, i: { title: 'Our AI policy', rules: { documentIds: [draft.id] } } },
        alex,
      )
    ).createTrainingCourse;
    const move = async (doc: { id: string; version: number }, status: string) =>
      (
        await gqlOk(
          `mutation($t: ID, $i: TransitionPolicyInput!) { transitionPolicy(tenantId: $t, input: $i) { ${POLICY} } }`,
          { t, i: { documentId: doc.id, expectedVersion: doc.version, status } },
          alex,
        )
      ).transitionPolicy;
    // Nothing is published yet: the course assigns no one.
    expect((await gqlOk(RECONCILE, { t }, alex)).reconcileTrainingAssignments.createdCount).toBe(0);

    const submitted = await move(draft, 'IN_REVIEW');
    const approved = (
      await gqlOk(
        `mutation($t: ID, $i: ApprovePolicyInput!) { approvePolicy(tenantId: $t, input: $i) { ${POLICY} } }`,
        {
          t,
          i: { documentId: draft.id, expectedVersion: submitted.version, appropriateToPurposeAttested: true },
        },
        api.users.cleo,
      )
    ).approvePolicy;
    expect(approved.status).toBe('APPROVED');
    const published = await move(approved, 'PUBLISHED');
    expect(published).toMatchObject({ status: 'PUBLISHED', versionNumber: 1 });

    const first = (await gqlOk(RECONCILE, { t }, alex)).reconcileTrainingAssignments;
    const created = first.created.edges.map((e: any) => e.node);
    expect(first.createdCount).toBe(2);
    expect(created.map((a: any) => a.reason)).toEqual(['CHANGE_DRIVEN', 'CHANGE_DRIVEN']);
    expect(created.map((a: any) => a.user.id).sort()).toEqual([alex.sub, api.users.cleo.sub].sort());
    expect(created.map((a: any) => a.id)).toEqual(
      expect.arrayContaining([`CHANGE.${course.id}.${alex.sub}.${draft.id}@1`]),
    );

    const before = (await gqlOk(ASSIGNMENTS, { t }, alex)).trainingAssignments.edges;
    const again = (await gqlOk(RECONCILE, { t }, alex)).reconcileTrainingAssignments;
    expect(again).toMatchObject({ expected: 2, createdCount: 0, created: { edges: [] } });
    expect((await gqlOk(ASSIGNMENTS, { t }, alex)).trainingAssignments.edges).toEqual(before);
  });
});
