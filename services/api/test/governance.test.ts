import { Appointments, primaryKey } from '@aims/core';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, storedCounts, type TestApi } from '../test-support/harness';

const FIELDS = /* GraphQL */ `
  id kind status subjectRef committeeFunction responsibilities authorities
  user { id email } appointedBy { id } appointedAt acceptedAt endedAt endReason version
`;
const APPOINT = /* GraphQL */ `
  mutation Appoint($tenantId: ID, $input: AppointInput!) {
    appoint(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const ACCEPT = /* GraphQL */ `
  mutation Accept($tenantId: ID, $input: AcceptAppointmentInput!) {
    acceptAppointment(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const END = /* GraphQL */ `
  mutation End($tenantId: ID, $input: EndAppointmentInput!) {
    endAppointment(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;
const GET = /* GraphQL */ `
  query Get($tenantId: ID, $id: ID!) {
    appointment(tenantId: $tenantId, id: $id) {
      ${FIELDS}
      history { edges { node { action version actor { id } } } }
    }
  }
`;
const LIST = /* GraphQL */ `
  query List($tenantId: ID, $filter: AppointmentFilter, $first: Int) {
    appointments(tenantId: $tenantId, filter: $filter, first: $first) {
      edges { node { id kind status subjectRef user { id } } }
      pageInfo { hasNextPage }
    }
  }
`;
const GAPS = /* GraphQL */ `
  query Gaps($tenantId: ID, $today: String) {
    governanceGaps(tenantId: $tenantId, today: $today, first: 100) {
      edges { node { code kind explanation appointmentId aiSystemId missingFunctions } }
    }
  }
`;

let api: TestApi;
let tenantId: string;

beforeAll(async () => {
  api = await createTestApi();
  tenantId = api.demo.tenants.acme.id;
});

/** Appointments and their change records in the tenant's table: a refused write leaves both unchanged. */
async function appointmentCount() {
  const count = async (pk: string) =>
    (
      await api.clients.doc.send(
        new QueryCommand({
          TableName: api.demo.tenants.acme.tableName,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      )
    ).Count;
  return {
    appointments: await count(`T#${tenantId}#APPT`),
    changes: await count(`T#${tenantId}#CHG#Appointment`),
  };
}

describe('appointing, accepting and ending', () => {
  it('runs the whole flow with change records, as the appointee and the manager', async () => {
    const made = await api.gql(APPOINT, {
      tenantId,
      input: {
        kind: 'COMMITTEE_MEMBER',
        userId: api.users.ines.sub,
        committeeFunction: 'COMPLIANCE',
        responsibilities: ['Brings the compliance view to committee decisions'],
      },
    });
    expect(made.errors).toBeUndefined();
    const a = made.data?.appoint;
    expect(a).toMatchObject({
      kind: 'COMMITTEE_MEMBER',
      status: 'AWAITING_ACCEPTANCE',
      user: { id: api.users.ines.sub, email: api.users.ines.email },
      appointedBy: { id: api.users.alex.sub },
      version: 1,
    });

    const accepted = await api.gql(
      ACCEPT,
      { tenantId, input: { id: a.id, expectedVersion: 1 } },
      { as: api.users.ines },
    );
    expect(accepted.data?.acceptAppointment).toMatchObject({ status: 'ACTIVE', version: 2 });

    const ended = await api.gql(END, {
      tenantId,
      input: { id: a.id, expectedVersion: 2, reason: 'Compliance seat moves to the new compliance officer' },
    });
    expect(ended.data?.endAppointment).toMatchObject({
      status: 'ENDED',
      endReason: 'Compliance seat moves to the new compliance officer',
      version: 3,
    });

    const read = await api.gql(GET, { tenantId, id: a.id });
    expect(
      read.data?.appointment.history.edges.map((e: any) => [e.node.action, e.node.version, e.node.actor.id]),
    ).toEqual([
      ['UPDATED', 3, api.users.alex.sub],
      ['UPDATED', 2, api.users.ines.sub],
      ['CREATED', 1, api.users.alex.sub],
    ]);
    const stored = await api.clients.doc.send(
      new GetCommand({
        TableName: api.demo.tenants.acme.tableName,
        Key: primaryKey(Appointments, tenantId, { id: a.id }),
      }),
    );
    expect(stored.Item).toMatchObject({ entity: 'Appointment', version: 3 });
    expect(stored.Item).not.toHaveProperty('GSI1PK'); // ended: out of the in-force index
  });

  it('lets only the appointee accept', async () => {
    const made = await api.gql(APPOINT, {
      tenantId,
      input: { kind: 'PROCESS_OWNER', userId: api.users.rafa.sub, subjectRef: '6.1' },
    });
    const id: string = made.data?.appoint.id;
    const byManager = await api.gql(ACCEPT, { tenantId, input: { id, expectedVersion: 1 } });
    expect(onlyError(byManager).extensions.code).toBe('FORBIDDEN');
    const byOwner = await api.gql(
      ACCEPT,
      { tenantId, input: { id, expectedVersion: 1 } },
      { as: api.users.rafa },
    );
    expect(byOwner.data?.acceptAppointment.status).toBe('ACTIVE');
  });

  it('refuses a stale version with CONFLICT', async () => {
    const made = await api.gql(APPOINT, {
      tenantId,
      input: { kind: 'PROCESS_OWNER', userId: api.users.ines.sub, subjectRef: '9.2' },
    });
    const id: string = made.data?.appoint.id;
    await api.gql(END, {
      tenantId,
      input: { id, expectedVersion: 1, reason: 'Recorded against the wrong clause' },
    });
    const stale = await api.gql(
      ACCEPT,
      { tenantId, input: { id, expectedVersion: 1 } },
      { as: api.users.ines },
    );
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });
});

describe('refusals', () => {
  it('refuses a consultant appointee at input.userId and writes nothing', async () => {
    const before = await appointmentCount();
    expect(before.changes).toBeGreaterThan(0); // the seed's, so an unchanged count means something
    const result = await api.gql(APPOINT, {
      tenantId,
      input: { kind: 'TOP_MANAGEMENT', userId: api.users.priya.sub },
    });
    expect(onlyError(result).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'userId'], message: expect.stringContaining('CONSULTANT') }],
    });
    expect(await appointmentCount()).toEqual(before);
  });

  it('refuses an unknown AI system as subject, and a missing one, with field paths and nothing written', async () => {
    const before = await appointmentCount();
    const unknown = await api.gql(APPOINT, {
      tenantId,
      input: { kind: 'AI_SYSTEM_OWNER', userId: api.users.sam.sub, subjectRef: 'no-such-system' },
    });
    expect(onlyError(unknown).extensions.fieldErrors).toEqual([
      { path: ['input', 'subjectRef'], message: 'is not an AI system of this tenant' },
    ]);
    const missing = await api.gql(APPOINT, {
      tenantId,
      input: { kind: 'AI_SYSTEM_OWNER', userId: api.users.sam.sub },
    });
    expect(onlyError(missing).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'subjectRef'] }],
    });
    expect(await appointmentCount()).toEqual(before);
  });

  it('refuses roles that may not record appointments', async () => {
    const result = await api.gql(
      APPOINT,
      { tenantId, input: { kind: 'INTERNAL_AUDITOR', userId: api.users.ines.sub } },
      { as: api.users.rafa },
    );
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
  });
});

describe('tenant isolation', () => {
  it("keeps another tenant's appointment out of reach", async () => {
    const globex = api.demo.tenants.globex.id;
    const theirs = await api.gql(
      APPOINT,
      { tenantId: globex, input: { kind: 'AIMS_MANAGER', userId: api.users.mei.sub } },
      { as: api.users.mei },
    );
    const id: string = theirs.data?.appoint.id;
    // Named under our tenant: not there.
    expect(onlyError(await api.gql(GET, { tenantId, id })).extensions.code).toBe('NOT_FOUND');
    const end = await api.gql(END, {
      tenantId,
      input: { id, expectedVersion: 1, reason: 'Hostile takeover' },
    });
    expect(onlyError(end).extensions.code).toBe('NOT_FOUND');
    // Named under theirs: not a member.
    expect(onlyError(await api.gql(GET, { tenantId: globex, id })).extensions.code).toBe('FORBIDDEN');
    const still = await api.gql(GET, { tenantId: globex, id }, { as: api.users.mei });
    expect(still.data?.appointment).toMatchObject({ status: 'AWAITING_ACCEPTANCE', version: 1 });
  });
});

describe('seeded demo governance', () => {
  it('shows the gaps of a half-way organisation', async () => {
    const result = await api.gql(GAPS, { tenantId });
    expect(result.errors).toBeUndefined();
    const gaps = result.data?.governanceGaps.edges.map((e: any) => e.node);
    const codes = gaps.map((g: any) => `${g.code}${g.kind ? `:${g.kind}` : ''}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'ROLE_UNASSIGNED:DATA_GOVERNANCE_LEAD',
        'COMMITTEE_NOT_CROSS_FUNCTIONAL',
        'SYSTEM_WITHOUT_OWNER:AI_SYSTEM_OWNER',
        'APPOINTMENT_NOT_ACCEPTED:INTERNAL_AUDITOR',
      ]),
    );
    expect(codes).not.toContain('NO_TOP_MANAGEMENT');
    expect(codes).not.toContain('ROLE_UNASSIGNED:AIMS_MANAGER');
    const active = await api.gql(LIST, { tenantId, filter: { kind: 'AI_SYSTEM_OWNER', active: true } });
    expect(active.data?.appointments.edges.map((e: any) => e.node.user.id)).toEqual([
      api.users.sam.sub,
      api.users.sam.sub,
    ]);
  });

  it('lets any member read who holds which appointment', async () => {
    const result = await api.gql(
      LIST,
      { tenantId, filter: { userId: api.users.cleo.sub } },
      { as: api.users.sam },
    );
    expect(result.data?.appointments.edges.map((e: any) => e.node.kind).sort()).toEqual([
      'COMMITTEE_CHAIR',
      'TOP_MANAGEMENT',
    ]);
  });
});

const COMMITTEE_FIELDS = /* GraphQL */ `
  id name charterDocumentRef cadenceMonths lastMeetingOn nextMeetingDue version createdBy { id }
`;
const CREATE_COMMITTEE = /* GraphQL */ `
  mutation CreateCommittee($tenantId: ID, $input: CreateCommitteeInput!) {
    createCommittee(tenantId: $tenantId, input: $input) { ${COMMITTEE_FIELDS} }
  }
`;
const UPDATE_COMMITTEE = /* GraphQL */ `
  mutation UpdateCommittee($tenantId: ID, $input: UpdateCommitteeInput!) {
    updateCommittee(tenantId: $tenantId, input: $input) { ${COMMITTEE_FIELDS} }
  }
`;
const RECORD_MEETING = /* GraphQL */ `
  mutation RecordMeeting($tenantId: ID, $input: RecordCommitteeMeetingInput!) {
    recordCommitteeMeeting(tenantId: $tenantId, input: $input) {
      id heldOn guests agenda minutesRef version
      attendees { id } recordedBy { id } committee { id lastMeetingOn }
      decisions { text type ref }
    }
  }
`;
const COMMITTEE = /* GraphQL */ `
  query Committee($tenantId: ID, $id: ID!) {
    committee(tenantId: $tenantId, id: $id) {
      ${COMMITTEE_FIELDS}
      members(active: true) { edges { node { id kind committeeFunction user { id } } } }
      meetings(first: 10) { edges { node { id heldOn decisions { type } committee { id } } } }
      history { edges { node { action version } } }
    }
  }
`;
const COMMITTEES = /* GraphQL */ `
  query Committees($tenantId: ID) {
    committees(tenantId: $tenantId, first: 10) {
      edges { node { id name cadenceMonths lastMeetingOn
        members { edges { node { kind user { id } } } }
        meetings { edges { node { heldOn agenda decisions { type ref } attendees { id } guests } } } } }
    }
  }
`;
const RACI = /* GraphQL */ `
  query Raci($tenantId: ID, $subjectType: RaciSubjectType) {
    raci(tenantId: $tenantId, subjectType: $subjectType, first: 100) {
      edges { node { subjectType subjectRef title missing
        assignments { letter kind appointment { id } user { id } } } }
      pageInfo { hasNextPage }
    }
  }
`;

/** Committees, meetings and their change records in the tenant's table. */
async function committeeCount() {
  const where = { table: api.demo.tenants.acme.tableName, tenantId };
  const committees = await storedCounts(api, { ...where, partition: 'CMTE', entityType: 'Committee' });
  const meetings = await storedCounts(api, { ...where, partition: 'CMTE', entityType: 'CommitteeMeeting' });
  return {
    committees: committees.items,
    meetingChanges: meetings.changes,
    committeeChanges: committees.changes,
  };
}

describe('§3.2.2 governance committee', () => {
  const today = new Date().toISOString().slice(0, 10);
  let committeeId: string;

  it('§3.2.2 constitutes a committee, seats a chair, records a meeting (by the chair) and updates it', async () => {
    const created = await api.gql(CREATE_COMMITTEE, {
      tenantId,
      input: { name: 'Model Risk Subcommittee', charterDocumentRef: 'DOC-17', cadenceMonths: 1 },
    });
    expect(created.errors).toBeUndefined();
    const c = created.data?.createCommittee;
    expect(c).toMatchObject({
      cadenceMonths: 1,
      lastMeetingOn: null,
      version: 1,
      createdBy: { id: api.users.alex.sub },
    });
    committeeId = c.id;

    const seat = await api.gql(APPOINT, {
      tenantId,
      input: {
        kind: 'COMMITTEE_CHAIR',
        userId: api.users.ines.sub,
        committeeFunction: 'COMPLIANCE',
        subjectRef: c.id,
      },
    });
    expect(seat.errors).toBeUndefined();
    await api.gql(
      ACCEPT,
      { tenantId, input: { id: seat.data?.appoint.id, expectedVersion: 1 } },
      { as: api.users.ines },
    );

    const recorded = await api.gql(
      RECORD_MEETING,
      {
        tenantId,
        input: {
          committeeId: c.id,
          heldOn: today,
          attendees: [api.users.ines.sub],
          guests: ['External model validator'],
          agenda: ['Validation of the readmission model'],
          decisions: [
            { text: 'Accept residual risk R-7 for six months', type: 'RISK_ACCEPTANCE', ref: 'R-7' },
          ],
          minutesRef: 'MIN-MRS-01',
        },
      },
      { as: api.users.ines },
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.recordCommitteeMeeting).toMatchObject({
      heldOn: today,
      attendees: [{ id: api.users.ines.sub }],
      recordedBy: { id: api.users.ines.sub },
      committee: { id: c.id, lastMeetingOn: today },
      decisions: [{ type: 'RISK_ACCEPTANCE', ref: 'R-7' }],
    });

    const updated = await api.gql(UPDATE_COMMITTEE, {
      tenantId,
      input: { id: c.id, expectedVersion: 2, cadenceMonths: 2 },
    });
    expect(updated.data?.updateCommittee).toMatchObject({
      cadenceMonths: 2,
      version: 3,
      charterDocumentRef: 'DOC-17',
    });

    const read = await api.gql(COMMITTEE, { tenantId, id: c.id });
    expect(read.data?.committee).toMatchObject({
      lastMeetingOn: today,
      members: { edges: [{ node: { kind: 'COMMITTEE_CHAIR', user: { id: api.users.ines.sub } } }] },
      meetings: { edges: [{ node: { heldOn: today, committee: { id: c.id } } }] },
    });
    expect(read.data?.committee.history.edges.map((e: any) => [e.node.action, e.node.version])).toEqual([
      ['UPDATED', 3],
      ['UPDATED', 2],
      ['CREATED', 1],
    ]);
  });

  it('§3.2.2 refuses bad input with field paths and writes nothing', async () => {
    const before = await committeeCount();
    const bad = await api.gql(CREATE_COMMITTEE, { tenantId, input: { name: '', cadenceMonths: 0 } });
    expect(onlyError(bad).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'name'] }, { path: ['input', 'cadenceMonths'] }],
    });
    const unseated = await api.gql(RECORD_MEETING, {
      tenantId,
      input: {
        committeeId,
        heldOn: today,
        attendees: [api.users.sam.sub],
        agenda: ['Anything'],
        decisions: [{ text: 'Approve something', type: 'APPROVAL' }],
        minutesRef: 'MIN-X',
      },
    });
    expect(onlyError(unseated).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        { path: ['input', 'attendees', 0], message: expect.stringContaining('guest') },
        { path: ['input', 'decisions'] },
      ],
    });
    expect(await committeeCount()).toEqual(before);
  });

  it('§3.2.2 refuses a stale version with CONFLICT', async () => {
    const stale = await api.gql(UPDATE_COMMITTEE, {
      tenantId,
      input: { id: committeeId, expectedVersion: 1, name: 'Renamed' },
    });
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });

  it('§3.2.2 refuses actors who may not constitute a committee or record its meetings', async () => {
    const create = await api.gql(
      CREATE_COMMITTEE,
      { tenantId, input: { name: 'Shadow committee', cadenceMonths: 3 } },
      { as: api.users.sam },
    );
    expect(onlyError(create).extensions.code).toBe('FORBIDDEN');
    // Rafa sits on the demo committee but does not chair it.
    const demo = (await api.gql(COMMITTEES, { tenantId })).data?.committees.edges.find(
      (e: any) => e.node.name === 'AI Governance Committee',
    ).node;
    const record = await api.gql(
      RECORD_MEETING,
      {
        tenantId,
        input: {
          committeeId: demo.id,
          heldOn: today,
          attendees: [api.users.rafa.sub],
          agenda: ['x'],
          minutesRef: 'M',
        },
      },
      { as: api.users.rafa },
    );
    expect(onlyError(record).extensions.code).toBe('FORBIDDEN');
  });

  it("§3.2.2 keeps another tenant's committee out of reach", async () => {
    const globex = api.demo.tenants.globex.id;
    const theirs = await api.gql(
      CREATE_COMMITTEE,
      { tenantId: globex, input: { name: 'Globex AI Board', cadenceMonths: 3 } },
      { as: api.users.mei },
    );
    const id: string = theirs.data?.createCommittee.id;
    expect(onlyError(await api.gql(COMMITTEE, { tenantId, id })).extensions.code).toBe('NOT_FOUND');
    const update = await api.gql(UPDATE_COMMITTEE, {
      tenantId,
      input: { id, expectedVersion: 1, name: 'Ours' },
    });
    expect(onlyError(update).extensions.code).toBe('NOT_FOUND');
    const record = await api.gql(RECORD_MEETING, {
      tenantId,
      input: {
        committeeId: id,
        heldOn: today,
        attendees: [api.users.cleo.sub],
        agenda: ['x'],
        minutesRef: 'M',
      },
    });
    expect(onlyError(record).extensions.code).toBe('NOT_FOUND');
    expect(onlyError(await api.gql(COMMITTEE, { tenantId: globex, id })).extensions.code).toBe('FORBIDDEN');
    const still = await api.gql(COMMITTEE, { tenantId: globex, id }, { as: api.users.mei });
    expect(still.data?.committee).toMatchObject({ name: 'Globex AI Board', version: 1 });
  });

  it('§3.2.2 the seeded committee met twice (newest first), so COMMITTEE_NOT_MEETING is not raised', async () => {
    const listed = await api.gql(COMMITTEES, { tenantId });
    expect(listed.errors).toBeUndefined();
    const demo = listed.data?.committees.edges
      .map((e: any) => e.node)
      .find((c: any) => c.name === 'AI Governance Committee');
    expect(demo.cadenceMonths).toBe(3);
    expect(demo.members.edges.map((e: any) => e.node.kind).sort()).toEqual([
      'COMMITTEE_CHAIR',
      'COMMITTEE_MEMBER',
      'COMMITTEE_MEMBER',
    ]);
    const meetings = demo.meetings.edges.map((e: any) => e.node);
    expect(meetings).toHaveLength(2);
    expect(meetings[0].heldOn > meetings[1].heldOn).toBe(true);
    expect(meetings[0].heldOn).toBe(demo.lastMeetingOn);
    expect(meetings[1].decisions).toContainEqual({ type: 'APPROVAL', ref: 'methodology:1' });
    const gaps = (await api.gql(GAPS, { tenantId })).data?.governanceGaps.edges.map((e: any) => e.node.code);
    expect(gaps).not.toContain('COMMITTEE_NOT_MEETING');
    expect(gaps).not.toContain('NO_COMMITTEE');
  });

  it('§3.2.2 RACI export derives who is R, A, C and I from the appointments', async () => {
    const all = await api.gql(RACI, { tenantId });
    expect(all.errors).toBeUndefined();
    // 32 clause requirements and 38 Annex A controls, then the AI systems.
    expect(all.data?.raci.edges.length).toBeGreaterThan(70);
    const policy = all.data?.raci.edges.map((e: any) => e.node).find((r: any) => r.subjectRef === '5.2');
    expect(policy.assignments).toContainEqual(
      expect.objectContaining({
        letter: 'ACCOUNTABLE',
        kind: 'TOP_MANAGEMENT',
        user: { id: api.users.cleo.sub },
      }),
    );
    expect(policy.assignments).toContainEqual(
      expect.objectContaining({
        letter: 'RESPONSIBLE',
        kind: 'AIMS_MANAGER',
        user: { id: api.users.alex.sub },
      }),
    );
    const systems = await api.gql(RACI, { tenantId, subjectType: 'AI_SYSTEM' }, { as: api.users.sam });
    const rows = systems.data?.raci.edges.map((e: any) => e.node);
    expect(rows.every((r: any) => r.subjectType === 'AI_SYSTEM')).toBe(true);
    expect(rows.find((r: any) => r.title === 'Patient triage assistant').assignments).toContainEqual(
      expect.objectContaining({ letter: 'ACCOUNTABLE', user: { id: api.users.sam.sub } }),
    );
    expect(rows.some((r: any) => r.missing.includes('RESPONSIBLE'))).toBe(true);
  });
});
