import { AiSystems, ConflictError, primaryKey } from '@aims/core';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../src/app';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const ONBOARD = `mutation($input: OnboardClientTenantInput!) {
  onboardClientTenant(input: $input) { id name tier status myRole consultancy { id name } }
}`;
const INVITE = `mutation($t: ID, $i: InviteMemberInput!) {
  inviteMember(tenantId: $t, input: $i) {
    membership { role user { email } tenant { id } }
    invitation { tenant { id } email role invitedBy { email } expiresAt }
  }
}`;
const ACCEPT =
  'mutation($t: ID!) { acceptInvitation(input: { tenantId: $t }) { role user { id email } tenant { name } } }';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});

describe('onboarding a client organisation', () => {
  it('provisions an ACTIVE managed tenant with its own table and makes the consultant a member', async () => {
    const result = await api.gql(
      ONBOARD,
      { input: { consultancyId: 'cons-northwind', name: 'Initech' } },
      { as: api.users.priya },
    );
    expect(result.errors).toBeUndefined();
    const tenant = result.data?.onboardClientTenant;
    expect(tenant).toMatchObject({
      name: 'Initech',
      tier: 'MANAGED',
      status: 'ACTIVE',
      myRole: 'CONSULTANT',
      consultancy: { id: 'cons-northwind', name: 'Northwind Assurance' },
    });
    const table = await api.clients.raw.send(
      new DescribeTableCommand({ TableName: `${api.tables.tenantPrefix}${tenant.id}` }),
    );
    expect(table.Table?.TableStatus).toBe('ACTIVE');
    expect(table.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual([
      'GSI1',
      'GSI2',
      'GSI3',
      'GSI4',
      'GSI5',
      'GSI6',
    ]);

    const clients = await api.gql(
      '{ consultancyClients(consultancyId: "cons-northwind", first: 100) { edges { node { id name } } } }',
      {},
      { as: api.users.priya },
    );
    expect(clients.data?.consultancyClients.edges.map((e: any) => e.node.name)).toEqual([
      'Acme Health',
      'Globex Logistics',
      'Initech',
    ]);
  });

  it('refuses people who are not staff of the consultancy', async () => {
    const result = await api.gql(ONBOARD, { input: { consultancyId: 'cons-northwind', name: 'Sneaky Ltd' } });
    expect(onlyError(result).extensions.code).toBe('FORBIDDEN');
  });

  it('rejects a too-short name with its field path', async () => {
    const result = await api.gql(
      ONBOARD,
      { input: { consultancyId: 'cons-northwind', name: 'x' } },
      { as: api.users.priya },
    );
    expect(onlyError(result).extensions.fieldErrors).toEqual([
      { path: ['input', 'name'], message: 'at least 2 characters' },
    ]);
  });
});

describe('resuming a stuck onboarding', () => {
  it('leaves a tenant PROVISIONING when its store is slow, and finishes it idempotently on resume', async () => {
    const slow = createApiHandler({
      ...api.deps,
      provisioner: {
        tableNameFor: (tier, id) => api.deps.provisioner.tableNameFor(tier, id),
        provision: async () => {
          throw new ConflictError(
            'the tenant store is still being created; call resumeTenantProvisioning',
            'INVALID_STATE',
          );
        },
      },
    });
    const stuck = await api.gql(
      ONBOARD,
      { input: { consultancyId: 'cons-northwind', name: 'Slowpoke Ltd' } },
      {
        as: api.users.priya,
        handler: slow,
      },
    );
    expect(onlyError(stuck).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });

    const mine = await api.gql(
      '{ myTenants(first: 100) { edges { node { id name status } } } }',
      {},
      { as: api.users.priya },
    );
    const tenant = mine.data?.myTenants.edges
      .map((e: any) => e.node)
      .find((n: any) => n.name === 'Slowpoke Ltd');
    expect(tenant.status).toBe('PROVISIONING');
    const blocked = await api.gql(
      'query($t: ID) { tenant(tenantId: $t) { id } }',
      { t: tenant.id },
      { as: api.users.priya },
    );
    expect(onlyError(blocked)).toMatchObject({
      message: 'tenant is provisioning',
      extensions: { code: 'FORBIDDEN' },
    });

    const RESUME = 'mutation($t: ID!) { resumeTenantProvisioning(input: { tenantId: $t }) { id status } }';
    const outsider = await api.gql(RESUME, { t: tenant.id }, { as: api.users.alex });
    expect(onlyError(outsider).extensions.code).toBe('FORBIDDEN');
    for (let i = 0; i < 2; i++) {
      const resumed = await api.gql(RESUME, { t: tenant.id }, { as: api.users.priya });
      expect(resumed.data?.resumeTenantProvisioning).toEqual({ id: tenant.id, status: 'ACTIVE' });
    }
    const methodology = await api.gql(
      'query($t: ID) { riskMethodology(tenantId: $t) { version } }',
      { t: tenant.id },
      {
        as: api.users.priya,
      },
    );
    expect(methodology.data?.riskMethodology.version).toBe(1);
  });
});

describe('self-service sign-up', () => {
  it('puts the tenant in the pooled table with tenant-prefixed keys, caller as AIMS manager', async () => {
    const founder = { sub: 'user-founder', email: 'founder@startup.example', name: 'Founder' };
    const signUp = await api.gql(
      'mutation { signUpSelfService(input: { organisationName: "Startup AI" }) { id tier status myRole } }',
      {},
      { as: founder },
    );
    const tenant = signUp.data?.signUpSelfService;
    expect(tenant).toMatchObject({ tier: 'SELF_SERVICE', status: 'ACTIVE', myRole: 'AIMS_MANAGER' });

    const registered = await api.gql(
      `mutation($t: ID) { registerAiSystem(tenantId: $t, input: {
        name: "Lead scorer", purpose: "Ranks inbound leads", lifecycleStage: DEVELOPMENT, provenance: INTERNAL
      }) { id } }`,
      { t: tenant.id },
      { as: founder },
    );
    const id = registered.data?.registerAiSystem.id;
    const stored = await api.clients.doc.send(
      new GetCommand({ TableName: api.tables.pooled, Key: primaryKey(AiSystems, tenant.id, { id: id }) }),
    );
    expect(stored.Item?.PK).toBe(`T#${tenant.id}#AISYS#${id}`);
    expect(stored.Item?.tenantId).toBe(tenant.id);

    // Another pooled tenant shares the table but sees none of it.
    const olu = await api.gql(
      'query($t: ID) { aiSystems(tenantId: $t) { edges { node { id name } } } }',
      {
        t: api.demo.tenants.brightpath.id,
      },
      { as: api.users.olu },
    );
    expect(olu.data?.aiSystems.edges.map((e: any) => e.node.name)).toEqual(['Churn predictor']);
  });
});

describe('members and invitations', () => {
  it('answers the same for an address with an account and one without, apart from the email', async () => {
    // A fixed clock, so the timestamps cannot differ either.
    const now = new Date('2026-03-02T09:00:00.000Z');
    const handler = createApiHandler({ ...api.deps, clock: { now: () => now } });
    const FULL = `mutation($t: ID, $i: InviteMemberInput!) {
      inviteMember(tenantId: $t, input: $i) {
        membership { role user { id email displayName } tenant { id } }
        invitation { email role invitedBy { id email displayName } createdAt expiresAt }
      }
    }`;
    const invite = async (email: string) => {
      const result = await api.gql(
        FULL,
        { t: api.demo.tenants.acme.id, i: { email, role: 'COMMITTEE_MEMBER' } },
        { handler },
      );
      return JSON.stringify(result).replaceAll(email, '<email>');
    };
    // Mei has an account (she manages Globex) but is not in Acme.
    const existing = await invite(api.users.mei.email);
    const unknown = await invite('nobody-yet@acme-health.example');
    expect(existing).toBe(unknown);
    expect(existing).not.toContain(api.users.mei.name);
    expect(JSON.parse(existing).data.inviteMember).toEqual({
      membership: null,
      invitation: {
        email: '<email>',
        role: 'COMMITTEE_MEMBER',
        invitedBy: { id: api.users.alex.sub, email: api.users.alex.email, displayName: api.users.alex.name },
        createdAt: now.toISOString(),
        expiresAt: '2026-03-16T09:00:00.000Z',
      },
    });
  });

  it('does not add an existing user until they accept, and then with the role given', async () => {
    const tenantId = api.demo.tenants.acme.id;
    const mei = api.users.mei;
    await api.gql(INVITE, { t: tenantId, i: { email: mei.email.toUpperCase(), role: 'VIEWER' } });
    const before = await api.gql(
      'query($t: ID) { tenant(tenantId: $t) { id } }',
      { t: tenantId },
      { as: mei },
    );
    expect(onlyError(before).extensions.code).toBe('FORBIDDEN');

    const accepted = await api.gql(ACCEPT, { t: tenantId }, { as: mei });
    expect(accepted.data?.acceptInvitation).toEqual({
      role: 'VIEWER',
      user: { id: mei.sub, email: mei.email },
      tenant: { name: 'Acme Health' },
    });
    // Inviting a member again is harmless; accepting twice is refused.
    await api.gql(INVITE, { t: tenantId, i: { email: mei.email, role: 'VIEWER' } });
    const again = await api.gql(ACCEPT, { t: tenantId }, { as: mei });
    expect(onlyError(again).extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_EXISTS' });
  });

  it('invites an unknown address, which its owner accepts once with a verified email', async () => {
    const newcomer = { sub: 'user-newcomer', email: 'newcomer@acme-health.example', name: 'New Comer' };
    const tenantId = api.demo.tenants.acme.id;
    const invited = await api.gql(INVITE, {
      t: tenantId,
      i: { email: newcomer.email, role: 'AI_RISK_OWNER' },
    });
    expect(invited.data?.inviteMember).toMatchObject({
      membership: null,
      invitation: {
        tenant: { id: tenantId },
        email: newcomer.email,
        role: 'AI_RISK_OWNER',
        invitedBy: { email: api.users.alex.email },
      },
    });
    const pending = await api.gql(
      'query($t: ID) { invitations(tenantId: $t) { edges { node { email } } } }',
      {
        t: tenantId,
      },
    );
    expect(pending.data?.invitations.edges.map((e: any) => e.node.email)).toContain(newcomer.email);

    const unverified = await api.issuer.sign(newcomer, { emailVerified: false });
    const refused = await api.gql(ACCEPT, { t: tenantId }, { bearer: `Bearer ${unverified}` });
    expect(onlyError(refused).extensions.code).toBe('CONFLICT');

    const accepted = await api.gql(ACCEPT, { t: tenantId }, { as: newcomer });
    expect(accepted.data?.acceptInvitation).toEqual({
      role: 'AI_RISK_OWNER',
      user: { id: newcomer.sub, email: newcomer.email },
      tenant: { name: 'Acme Health' },
    });
    const twice = await api.gql(ACCEPT, { t: tenantId }, { as: newcomer });
    expect(onlyError(twice).extensions.code).toBe('NOT_FOUND');

    const members = await api.gql(
      'query($t: ID) { members(tenantId: $t, first: 100) { edges { node { role user { id } } } } }',
      {
        t: tenantId,
      },
      { as: newcomer },
    );
    expect(members.data?.members.edges.map((e: any) => e.node.user.id)).toContain(newcomer.sub);
  });

  it('does not let someone else accept an invitation', async () => {
    const tenantId = api.demo.tenants.globex.id;
    await api.gql(
      INVITE,
      { t: tenantId, i: { email: 'target@globex-logistics.example', role: 'VIEWER' } },
      { as: api.users.mei },
    );
    const result = await api.gql(ACCEPT, { t: tenantId }, { as: api.users.alex });
    expect(onlyError(result).extensions.code).toBe('NOT_FOUND');
  });

  it('refuses invitations from roles without member.invite, and bad emails with a path', async () => {
    const tenantId = api.demo.tenants.acme.id;
    const auditor = await api.gql(
      INVITE,
      { t: tenantId, i: { email: 'a@b.example', role: 'VIEWER' } },
      { as: api.users.ines },
    );
    expect(onlyError(auditor).extensions.code).toBe('FORBIDDEN');
    const bad = await api.gql(INVITE, { t: tenantId, i: { email: 'not-an-email', role: 'VIEWER' } });
    expect(onlyError(bad).extensions.fieldErrors[0].path).toEqual(['input', 'email']);
  });
});
