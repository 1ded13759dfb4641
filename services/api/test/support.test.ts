import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, storedCounts, type TestApi } from '../test-support/harness';

const MATRIX = /* GraphQL */ `
  query Matrix($tenantId: ID) {
    competenceMatrix(tenantId: $tenantId, first: 50) {
      edges { node { user { id } cells { area heldLevel requiredLevel validUntil } } }
    }
  }
`;
const GAPS = /* GraphQL */ `
  query Gaps($tenantId: ID, $today: String) {
    competenceGaps(tenantId: $tenantId, today: $today, first: 50) {
      edges { node { user { id } area requiredLevel heldLevel gap requiredBy unaddressed
        action { id kind dueOn description effectivenessEvaluation { effective } } } }
    }
  }
`;
const RECORD = /* GraphQL */ `
  mutation Record($tenantId: ID, $input: RecordCompetenceInput!) {
    recordCompetence(tenantId: $tenantId, input: $input) {
      id level version user { id } assessedBy { id }
      history { edges { node { action version actor { id } } } }
    }
  }
`;
const EVALUATE = /* GraphQL */ `
  mutation Evaluate($tenantId: ID, $input: EvaluateCompetenceActionInput!) {
    evaluateCompetenceAction(tenantId: $tenantId, input: $input) { id version effectivenessEvaluation { effective evaluatedBy { id } } }
  }
`;
const COURSES = /* GraphQL */ `
  query Courses($tenantId: ID) {
    trainingCourses(tenantId: $tenantId, first: 20) {
      edges { node { id title version rules { onboarding refresher appointmentKinds }
        assignments(first: 50) { edges { node { id reason user { id } completedOn expiresOn overdue course { title } } } } } }
    }
  }
`;
const CREATE_COURSE = /* GraphQL */ `
  mutation CreateCourse($tenantId: ID, $input: CreateTrainingCourseInput!) {
    createTrainingCourse(tenantId: $tenantId, input: $input) { id title version createdBy { id } }
  }
`;
const UPDATE_COURSE = /* GraphQL */ `
  mutation UpdateCourse($tenantId: ID, $input: UpdateTrainingCourseInput!) {
    updateTrainingCourse(tenantId: $tenantId, input: $input) { id title version retired }
  }
`;
const GET_COURSE = /* GraphQL */ `
  query Course($tenantId: ID, $id: ID!) { trainingCourse(tenantId: $tenantId, id: $id) { id title } }
`;
const COMPLETE = /* GraphQL */ `
  mutation Complete($tenantId: ID, $input: CompleteTrainingAssignmentInput!) {
    completeTrainingAssignment(tenantId: $tenantId, input: $input) { id completedOn score expiresOn version }
  }
`;
const RECONCILE = /* GraphQL */ `
  mutation Reconcile($tenantId: ID) {
    reconcileTrainingAssignments(tenantId: $tenantId, input: {}) {
      expected createdCount created(first: 100) { edges { node { id reason user { id } dueOn } } }
    }
  }
`;
const ASSIGNMENTS = /* GraphQL */ `
  query Assignments($tenantId: ID, $filter: TrainingAssignmentFilter, $first: Int, $after: String) {
    trainingAssignments(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {
      edges { node { id reason dueOn completedOn user { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const COMPLETION = /* GraphQL */ `
  query Completion($tenantId: ID) {
    trainingCompletion(tenantId: $tenantId) { assigned completed overdue rate }
    awarenessCoverage(tenantId: $tenantId) {
      items { item coveredAtOnboarding courses { title } }
      people(first: 20) { edges { node { user { id } covered missing } } }
    }
  }
`;
const PLAN = /* GraphQL */ `
  query Plan($tenantId: ID, $direction: CommunicationDirection) {
    communicationPlan(tenantId: $tenantId, direction: $direction, first: 20) {
      edges { node { id subject direction templateCode lastSentOn nextDueOn version
        timing { frequency trigger } senderAppointmentKind linkedControlRefs
        logs(first: 5) { edges { node { sentOn summary entry { id } recordedBy { id } } } } } }
    }
  }
`;
const COMM_GAPS = /* GraphQL */ `
  query CommGaps($tenantId: ID) {
    communicationGaps(tenantId: $tenantId, first: 20) { edges { node { code dueOn explanation entry { subject } } } }
  }
`;
const CREATE_ENTRY = /* GraphQL */ `
  mutation CreateEntry($tenantId: ID, $input: CreateCommunicationPlanEntryInput!) {
    createCommunicationPlanEntry(tenantId: $tenantId, input: $input) { id version }
  }
`;
const LOG = /* GraphQL */ `
  mutation Log($tenantId: ID, $input: RecordCommunicationInput!) {
    recordCommunication(tenantId: $tenantId, input: $input) { id sentOn entry { lastSentOn version } }
  }
`;
const ADOPT = /* GraphQL */ `
  mutation Adopt($tenantId: ID, $input: AdoptCommunicationPlanTemplateInput!) {
    adoptCommunicationPlanTemplate(tenantId: $tenantId, input: $input) { adopted { id templateCode } }
  }
`;
const UPDATE_SOA = /* GraphQL */ `
  mutation Soa($tenantId: ID, $input: UpdateSoaEntryInput!) { updateSoaEntry(tenantId: $tenantId, input: $input) { version } }
`;

let api: TestApi;
let tenantId: string;
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  api = await createTestApi();
  tenantId = api.demo.tenants.acme.id;
});

/** Items of one entity and its change records in the tenant's table: a refused write leaves both unchanged. */
async function stored(
  entity: string,
  prefix: string,
  tid = tenantId,
  table = api.demo.tenants.acme.tableName,
) {
  return storedCounts(api, { table, tenantId: tid, partition: prefix, entityType: entity });
}

describe('§3.6.1 competence through the handler', () => {
  it('§3.6.1 the demo matrix covers the five people; the one gap is Ines lacking AUDIT_METHOD level 2, with a TRAINING action', async () => {
    const matrix = await api.gql(MATRIX, { tenantId });
    expect(matrix.errors).toBeUndefined();
    const rows = matrix.data?.competenceMatrix.edges.map((e: any) => e.node);
    const { alex, sam, rafa, cleo, ines } = api.users;
    expect(rows.map((r: any) => r.user.id).sort()).toEqual(
      [alex.sub, cleo.sub, ines.sub, rafa.sub, sam.sub].sort(),
    );
    const inesRow = rows.find((r: any) => r.user.id === ines.sub);
    expect(inesRow.cells.find((c: any) => c.area === 'AUDIT_METHOD')).toEqual({
      area: 'AUDIT_METHOD',
      heldLevel: 1,
      requiredLevel: 2,
      validUntil: null,
    });

    const gaps = (await api.gql(GAPS, { tenantId })).data?.competenceGaps.edges.map((e: any) => e.node);
    expect(gaps).toEqual([
      {
        user: { id: ines.sub },
        area: 'AUDIT_METHOD',
        requiredLevel: 2,
        heldLevel: 1,
        gap: 1,
        requiredBy: ['INTERNAL_AUDITOR'],
        unaddressed: false,
        action: {
          id: `${ines.sub}:AUDIT_METHOD`,
          kind: 'TRAINING',
          dueOn: inDays(45),
          description: expect.stringContaining('lead auditor'),
          effectivenessEvaluation: null,
        },
      },
    ]);
    // Past the action's due date without an evaluation, the gap is unaddressed again.
    const later = (await api.gql(GAPS, { tenantId, today: inDays(60) })).data?.competenceGaps.edges;
    expect(later.map((e: any) => e.node.unaddressed)).toEqual([true]);
  });

  it('§3.6.1 recording competence is versioned with its change record, and closes the gap', async () => {
    const made = await api.gql(RECORD, {
      tenantId,
      input: {
        userId: api.users.ines.sub,
        area: 'AUDIT_METHOD',
        level: 2,
        basis: 'TRAINING',
        evidenceRef: 'CERT-19011-LA-2207 lead auditor',
        assessedOn: today(),
        validUntil: inDays(3 * 365),
      },
    });
    expect(made.errors).toBeUndefined();
    expect(made.data?.recordCompetence).toMatchObject({
      level: 2,
      version: 1,
      user: { id: api.users.ines.sub },
      assessedBy: { id: api.users.alex.sub },
      history: { edges: [{ node: { action: 'CREATED', version: 1, actor: { id: api.users.alex.sub } } }] },
    });
    const evaluated = await api.gql(EVALUATE, {
      tenantId,
      input: {
        userId: api.users.ines.sub,
        area: 'AUDIT_METHOD',
        expectedVersion: 1,
        on: today(),
        result: 'Passed the lead auditor exam',
        effective: true,
      },
    });
    expect(evaluated.data?.evaluateCompetenceAction).toMatchObject({
      version: 2,
      effectivenessEvaluation: { effective: true, evaluatedBy: { id: api.users.alex.sub } },
    });
    const gaps = (await api.gql(GAPS, { tenantId })).data?.competenceGaps.edges;
    expect(gaps).toEqual([]);
  });

  it('§3.6.1 bad input → BAD_USER_INPUT with field paths, nothing written', async () => {
    const before = await stored('CompetenceRecord', 'CREC');
    expect(before.items).toBeGreaterThanOrEqual(18);
    const result = await api.gql(RECORD, {
      tenantId,
      input: {
        userId: api.users.sam.sub,
        area: 'AUDIT_METHOD',
        level: 4,
        basis: 'TRAINING',
        evidenceRef: '',
        assessedOn: '2026-13-01',
      },
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors.map((e: any) => e.path.join('.'))).toEqual([
      'input.level',
      'input.evidenceRef',
      'input.assessedOn',
    ]);
    const stranger = onlyError(
      await api.gql(RECORD, {
        tenantId,
        input: {
          userId: 'user-nobody',
          area: 'AUDIT_METHOD',
          level: 1,
          basis: 'TRAINING',
          evidenceRef: 'x',
          assessedOn: today(),
        },
      }),
    );
    expect(stranger.extensions.fieldErrors).toEqual([
      { path: ['input', 'userId'], message: 'is not a member of this tenant' },
    ]);
    expect(await stored('CompetenceRecord', 'CREC')).toEqual(before);
  });

  it('§3.6.1 a role without support.manage (the internal auditor) → FORBIDDEN, but may read', async () => {
    const result = await api.gql(
      RECORD,
      {
        tenantId,
        input: {
          userId: api.users.ines.sub,
          area: 'AUDIT_METHOD',
          level: 3,
          basis: 'EXPERIENCE',
          evidenceRef: 'x',
          assessedOn: today(),
        },
      },
      { as: api.users.ines },
    );
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
    expect((await api.gql(MATRIX, { tenantId }, { as: api.users.ines })).errors).toBeUndefined();
  });
});

describe('§3.6.2 training through the handler', () => {
  it('§3.6.2 the demo courses were assigned by the rules, three onboarding completions with a 12-month expiry', async () => {
    const result = await api.gql(COURSES, { tenantId });
    expect(result.errors).toBeUndefined();
    const courses = result.data?.trainingCourses.edges.map((e: any) => e.node);
    expect(courses.map((c: any) => c.title)).toEqual([
      'AI policy and AIMS awareness',
      'Auditing an AI management system (ISO 19011, ISO/IEC 42001)',
    ]);
    const onboarding = courses[0].assignments.edges.map((e: any) => e.node);
    expect(onboarding).toHaveLength(5);
    expect(onboarding.every((a: any) => a.reason === 'ONBOARDING')).toBe(true);
    const done = onboarding.filter((a: any) => a.completedOn);
    expect(done.map((a: any) => a.user.id).sort()).toEqual(
      [api.users.alex.sub, api.users.cleo.sub, api.users.rafa.sub].sort(),
    );
    expect(done[0].expiresOn > done[0].completedOn).toBe(true);
    expect(courses[1].assignments.edges.map((e: any) => [e.node.reason, e.node.user.id])).toEqual([
      ['ROLE_SPECIFIC', api.users.ines.sub],
    ]);

    const figures = await api.gql(COMPLETION, { tenantId });
    expect(figures.data?.trainingCompletion).toEqual({ assigned: 6, completed: 3, overdue: 0, rate: 0.5 });
    expect(
      figures.data?.awarenessCoverage.items.map((i: any) => [
        i.item,
        i.coveredAtOnboarding,
        i.courses.length,
      ]),
    ).toEqual([
      ['POLICY', true, 1],
      ['CONTRIBUTION', true, 2],
      ['NONCONFORMITY_IMPLICATIONS', true, 2],
    ]);
    const people = figures.data?.awarenessCoverage.people.edges.map((e: any) => e.node);
    expect(people.find((p: any) => p.user.id === api.users.alex.sub).missing).toEqual([]);
    expect(people.find((p: any) => p.user.id === api.users.sam.sub).covered).toEqual([]);
  });

  it('§3.6.2 a reconciliation re-run writes nothing', async () => {
    const before = await stored('TrainingAssignment', 'TASG');
    const result = await api.gql(RECONCILE, { tenantId });
    expect(result.errors).toBeUndefined();
    expect(result.data?.reconcileTrainingAssignments).toMatchObject({
      expected: 6,
      createdCount: 0,
      created: { edges: [] },
    });
    expect(await stored('TrainingAssignment', 'TASG')).toEqual(before);
  });

  it('§3.6.2 the assignee completes their own assignment; another member is FORBIDDEN; a stale version → CONFLICT', async () => {
    const mine = await api.gql(ASSIGNMENTS, { tenantId, filter: { userId: api.users.sam.sub } });
    const assignment = mine.data?.trainingAssignments.edges[0].node;
    expect(assignment).toMatchObject({ reason: 'ONBOARDING', completedOn: null });
    const forbidden = await api.gql(
      COMPLETE,
      { tenantId, input: { id: assignment.id, expectedVersion: 1, completedOn: today() } },
      { as: api.users.ines },
    );
    expect(onlyError(forbidden).extensions.code).toBe('FORBIDDEN');
    const done = await api.gql(
      COMPLETE,
      { tenantId, input: { id: assignment.id, expectedVersion: 1, completedOn: today(), score: 81 } },
      { as: api.users.sam },
    );
    expect(done.data?.completeTrainingAssignment).toMatchObject({
      completedOn: today(),
      score: 81,
      version: 2,
    });
    const stale = await api.gql(
      COMPLETE,
      { tenantId, input: { id: assignment.id, expectedVersion: 1, completedOn: today() } },
      { as: api.users.sam },
    );
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const open = await api.gql(ASSIGNMENTS, { tenantId, filter: { open: true } });
    expect(open.data?.trainingAssignments.edges.map((e: any) => e.node.id)).not.toContain(assignment.id);
  });

  it('§3.6.2 course bad input → field paths, nothing written; stale course version → CONFLICT; a forbidden role', async () => {
    const before = await stored('TrainingCourse', 'TCRS');
    const bad = onlyError(
      await api.gql(CREATE_COURSE, { tenantId, input: { title: ' ', topics: [''], validityMonths: 0 } }),
    );
    expect(bad.extensions.fieldErrors.map((e: any) => e.path.join('.'))).toEqual([
      'input.title',
      'input.topics.0',
      'input.validityMonths',
    ]);
    expect(await stored('TrainingCourse', 'TCRS')).toEqual(before);
    const forbidden = await api.gql(
      CREATE_COURSE,
      { tenantId, input: { title: 'x' } },
      { as: api.users.rafa },
    );
    expect(onlyError(forbidden).extensions.code).toBe('FORBIDDEN');

    const made = (await api.gql(CREATE_COURSE, { tenantId, input: { title: 'Data governance basics' } })).data
      ?.createTrainingCourse;
    await api.gql(UPDATE_COURSE, {
      tenantId,
      input: { id: made.id, expectedVersion: 1, title: 'Data governance 101' },
    });
    const stale = await api.gql(UPDATE_COURSE, {
      tenantId,
      input: { id: made.id, expectedVersion: 1, retired: true },
    });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });

  it('§3.6.2 assignments page by key with Relay cursors', async () => {
    const all = await api.gql(ASSIGNMENTS, { tenantId, first: 100 });
    const first = await api.gql(ASSIGNMENTS, { tenantId, first: 2 });
    expect(first.data?.trainingAssignments.pageInfo.hasNextPage).toBe(true);
    const next = await api.gql(ASSIGNMENTS, {
      tenantId,
      first: 2,
      after: first.data?.trainingAssignments.pageInfo.endCursor,
    });
    expect(next.data?.trainingAssignments.edges.map((e: any) => e.node.id)).toEqual(
      all.data?.trainingAssignments.edges.slice(2, 4).map((e: any) => e.node.id),
    );
    const dues = all.data?.trainingAssignments.edges.map((e: any) => e.node.dueOn);
    expect(dues).toEqual([...dues].sort());
  });
});

describe('§3.6.3 communication through the handler', () => {
  it('§3.6.3 the six guide entries are in the plan with logs; the never-sent quarterly update is SCHEDULED_COMMUNICATION_MISSED', async () => {
    const plan = await api.gql(PLAN, { tenantId });
    expect(plan.errors).toBeUndefined();
    const entries = plan.data?.communicationPlan.edges.map((e: any) => e.node);
    expect(entries.map((e: any) => e.templateCode).sort()).toEqual([
      'AI_RISK_REPORTING',
      'INCIDENT_NOTIFICATIONS',
      'PERFORMANCE_UPDATES',
      'REGULATORY_NOTIFICATIONS',
      'STAKEHOLDER_INQUIRIES',
      'TRANSPARENCY_DISCLOSURES',
    ]);
    const risk = entries.find((e: any) => e.templateCode === 'AI_RISK_REPORTING');
    expect(risk.logs.edges.map((e: any) => e.node.summary)).toEqual([
      'Risk register review tabled',
      'Risk methodology and first risks presented',
    ]);
    expect(risk.logs.edges[0].node.entry.id).toBe(risk.id);
    const incident = entries.find((e: any) => e.templateCode === 'INCIDENT_NOTIFICATIONS');
    expect(incident).toMatchObject({
      direction: 'EXTERNAL',
      timing: { trigger: 'INCIDENT', frequency: null },
      nextDueOn: null,
    });

    const gaps = (await api.gql(COMM_GAPS, { tenantId })).data?.communicationGaps.edges.map(
      (e: any) => e.node,
    );
    expect(gaps).toMatchObject([
      { code: 'SCHEDULED_COMMUNICATION_MISSED', entry: { subject: 'AIMS performance updates' } },
    ]);
  });

  it('§3.6.3 logging moves the last-sent date and closes the missed schedule; adopting the template again writes nothing', async () => {
    const plan = (await api.gql(PLAN, { tenantId, direction: 'INTERNAL' })).data?.communicationPlan.edges.map(
      (e: any) => e.node,
    );
    expect(plan.every((e: any) => e.direction === 'INTERNAL')).toBe(true);
    const update = plan.find((e: any) => e.templateCode === 'PERFORMANCE_UPDATES');
    const logged = await api.gql(LOG, {
      tenantId,
      input: {
        entryId: update.id,
        sentOn: today(),
        summary: 'Q3 AIMS newsletter',
        evidenceRef: 'INTRANET-2026-Q3',
      },
    });
    expect(logged.data?.recordCommunication.entry).toEqual({ lastSentOn: today(), version: 2 });
    expect((await api.gql(COMM_GAPS, { tenantId })).data?.communicationGaps.edges).toEqual([]);

    const before = await stored('CommunicationPlanEntry', 'CPLN');
    const again = await api.gql(ADOPT, { tenantId, input: {} });
    expect(again.data?.adoptCommunicationPlanTemplate.adopted).toEqual([]);
    expect(await stored('CommunicationPlanEntry', 'CPLN')).toEqual(before);
  });

  it('§3.6.3 EXTERNAL_INCIDENT_COMMUNICATION_UNDEFINED while A.8.4 is applicable and no incident entry exists (Globex)', async () => {
    const globex = api.demo.tenants.globex;
    const as = { as: api.users.mei };
    const soa = await api.gql(
      UPDATE_SOA,
      {
        tenantId: globex.id,
        input: {
          controlId: 'A.8.4',
          expectedVersion: 0,
          applicable: true,
          reasons: ['LEGAL_REGULATORY'],
          justification: 'Customers must hear about route planning incidents quickly.',
        },
      },
      as,
    );
    expect(soa.errors).toBeUndefined();
    const gaps = await api.gql(COMM_GAPS, { tenantId: globex.id }, as);
    expect(gaps.data?.communicationGaps.edges.map((e: any) => e.node.code)).toEqual([
      'EXTERNAL_INCIDENT_COMMUNICATION_UNDEFINED',
    ]);
    const adopted = await api.gql(
      ADOPT,
      { tenantId: globex.id, input: { codes: ['INCIDENT_NOTIFICATIONS'] } },
      as,
    );
    expect(adopted.data?.adoptCommunicationPlanTemplate.adopted).toEqual([
      { id: 'TEMPLATE.INCIDENT_NOTIFICATIONS', templateCode: 'INCIDENT_NOTIFICATIONS' },
    ]);
    expect((await api.gql(COMM_GAPS, { tenantId: globex.id }, as)).data?.communicationGaps.edges).toEqual([]);
  });

  it('§3.6.3 bad plan entry → field paths, nothing written', async () => {
    const before = await stored('CommunicationPlanEntry', 'CPLN');
    const result = await api.gql(CREATE_ENTRY, {
      tenantId,
      input: {
        subject: 'Model change notices',
        direction: 'EXTERNAL',
        audience: 'Customers',
        timing: {},
        senderAppointmentKind: 'AIMS_MANAGER',
        channel: 'Email',
        linkedControlRefs: ['A.99'],
      },
    });
    expect(onlyError(result).extensions.fieldErrors.map((e: any) => e.path.join('.'))).toEqual([
      'input.timing.frequency',
      'input.linkedControlRefs.0',
    ]);
    expect(await stored('CommunicationPlanEntry', 'CPLN')).toEqual(before);
  });
});

describe('§3.6 tenant isolation', () => {
  it("keeps another tenant's support records out of reach", async () => {
    const globex = api.demo.tenants.globex.id;
    const theirs = await api.gql(
      CREATE_COURSE,
      { tenantId: globex, input: { title: 'Route safety' } },
      { as: api.users.mei },
    );
    expect(theirs.errors).toBeUndefined();
    const id: string = theirs.data?.createTrainingCourse.id;
    // Named under our tenant: not there.
    expect(onlyError(await api.gql(GET_COURSE, { tenantId, id })).extensions.code).toBe('NOT_FOUND');
    const update = await api.gql(UPDATE_COURSE, {
      tenantId,
      input: { id, expectedVersion: 1, title: 'Hostile' },
    });
    expect(onlyError(update).extensions.code).toBe('NOT_FOUND');
    // Named under theirs: not a member.
    expect(onlyError(await api.gql(GET_COURSE, { tenantId: globex, id })).extensions.code).toBe('FORBIDDEN');
    // Their members cannot be given our competence records.
    const record = await api.gql(RECORD, {
      tenantId,
      input: {
        userId: api.users.mei.sub,
        area: 'AUDIT_METHOD',
        level: 1,
        basis: 'TRAINING',
        evidenceRef: 'x',
        assessedOn: today(),
      },
    });
    expect(onlyError(record).extensions.fieldErrors[0].path).toEqual(['input', 'userId']);
    const still = await api.gql(GET_COURSE, { tenantId: globex, id }, { as: api.users.mei });
    expect(still.data?.trainingCourse).toEqual({ id, title: 'Route safety' });
  });
});
