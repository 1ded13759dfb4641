import { Appointments, primaryKey } from '@aims/core';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

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
