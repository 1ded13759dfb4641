// §3.16 consultancy portfolio and client templates, through the Lambda handler
// against DynamoDB Local.
import {
  type ClientReadiness,
  CommunicationPlanEntries,
  CompetenceRequirements,
  latestMethodology,
  PolicyDocuments,
  readAll,
  type Tenant,
} from '@aims/core';
import { DynamoControlPlaneRepository, DynamoPortfolioSink, tenantStore } from '@aims/data';
import { type DevUser, localClients } from '@aims/local';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiHandler } from '../src/app';
import { DEMO_TEMPLATE_NAME } from '../src/local/seed-portfolio';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const PORTFOLIO = `query($c: ID!, $o: PortfolioOrder, $first: Int, $after: String) {
  portfolio(consultancyId: $c, orderBy: $o, first: $first, after: $after) {
    edges { node {
      tenantId name updatedAt openMajorNonconformities daysToManagementReviewDue programmeCoverage
      readiness { snapshotId takenAt level score stage1 showstoppers overclaim verifiedShare roadmapMonth horizonMonths atRisk }
      overdue { day byKind { kind count } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const ONBOARD = `mutation($input: OnboardClientTenantInput!) { onboardClientTenant(input: $input) { id name status } }`;
const PUBLISH = `mutation($input: PublishConsultancyTemplateInput!) {
  publishConsultancyTemplate(input: $input) {
    templateId version name sourceTenantId publishedBy { email } publishedAt
    contents { methodology aiPolicy communicationPlan competenceRequirements procedureStubs { docCode title } auditUniverseRatings }
  }
}`;
const TEMPLATES = `query($c: ID!) { consultancyTemplates(consultancyId: $c, first: 50) { edges { node { templateId version name } } } }`;

const NORTHWIND = 'cons-northwind';
const zed: DevUser = { sub: 'user-zed', email: 'zed@southwind.example', name: 'Zed (Southwind consultant)' };

const readiness = (over: Partial<ClientReadiness>): ClientReadiness => ({
  snapshotId: 'snap-1',
  takenAt: '2026-11-01T02:00:00.000Z',
  readinessLevel: 'BUILDING',
  overall: 55,
  stage1: 60,
  showstoppers: 0,
  overclaim: 4,
  verifiedShare: 0.5,
  roadmapMonth: 3,
  horizonMonths: 9,
  atRisk: false,
  ...over,
});

let api: TestApi;
let clients: Record<'ready' | 'blocked' | 'behind', Tenant>;

beforeAll(async () => {
  api = await createTestApi();
  await api.deps.controlPlane.putConsultancy(
    { id: 'cons-southwind', name: 'Southwind Advisory', createdAt: '2026-11-01T00:00:00.000Z' },
    [{ consultancyId: 'cons-southwind', userId: zed.sub, role: 'CONSULTANT' }],
  );
  const onboard = async (name: string) => {
    const r = await api.gql(ONBOARD, { input: { consultancyId: NORTHWIND, name } }, { as: api.users.priya });
    expect(r.errors).toBeUndefined();
    return (await api.deps.controlPlane.getTenant(r.data?.onboardClientTenant.id)) as Tenant;
  };
  clients = {
    ready: await onboard('Umbrella Diagnostics'),
    blocked: await onboard('Vandelay Imports'),
    behind: await onboard('Wonka Foods'),
  };
  const sink = api.deps.portfolio;
  await sink.recordReadiness(clients.ready, readiness({ readinessLevel: 'READY', overall: 88 }));
  await sink.recordReadiness(
    clients.blocked,
    readiness({ readinessLevel: 'NOT_READY_FOR_STAGE_1', showstoppers: 2, overall: 70 }),
  );
  await sink.recordReadiness(clients.behind, readiness({ atRisk: true, overall: 48 }));
});

const ids = (r: any): string[] => r.data.portfolio.edges.map((e: any) => e.node.tenantId);

describe('portfolio (§3.16)', () => {
  it('§3.16 a consultant sees every client in one query, riskiest first, never-assessed ones on top', async () => {
    const r = await api.gql(PORTFOLIO, { c: NORTHWIND, first: 100 }, { as: api.users.priya });
    expect(r.errors).toBeUndefined();
    const order = ids(r);
    const all = (await api.deps.controlPlane.listTenantsOfConsultancy(NORTHWIND, { limit: 100 })).entries;
    expect([...order].sort()).toEqual(all.map((e) => e.item.id).sort());
    const mine = order.filter((id) => Object.values(clients).some((c) => c.id === id));
    expect(mine).toEqual([clients.blocked.id, clients.behind.id, clients.ready.id]);
    // The demo's Globex was never assessed: it leads every assessed client.
    const globex = api.demo.tenants.globex.id;
    expect(order.indexOf(globex)).toBeLessThan(order.indexOf(clients.blocked.id));
    const node = r.data?.portfolio.edges.find((e: any) => e.node.tenantId === clients.blocked.id).node;
    expect(node).toMatchObject({
      name: 'Vandelay Imports',
      openMajorNonconformities: null,
      daysToManagementReviewDue: null,
      programmeCoverage: null,
      overdue: null,
      readiness: { level: 'NOT_READY_FOR_STAGE_1', score: 70, stage1: 60, showstoppers: 2, atRisk: false },
    });
    const never = r.data?.portfolio.edges.find((e: any) => e.node.tenantId === globex).node;
    expect(never.readiness).toBeNull();
  });

  it('§3.16 by name, pages follow on from the cursor', async () => {
    const first = await api.gql(PORTFOLIO, { c: NORTHWIND, o: 'NAME', first: 2 }, { as: api.users.priya });
    expect(first.data?.portfolio.pageInfo.hasNextPage).toBe(true);
    const names = first.data?.portfolio.edges.map((e: any) => e.node.name);
    expect(names).toEqual(['Acme Health', 'Globex Logistics']);
    const next = await api.gql(
      PORTFOLIO,
      { c: NORTHWIND, o: 'NAME', first: 2, after: first.data?.portfolio.pageInfo.endCursor },
      { as: api.users.priya },
    );
    expect(next.data?.portfolio.edges.map((e: any) => e.node.name)).toEqual([
      'Umbrella Diagnostics',
      'Vandelay Imports',
    ]);
  });

  it('§3.16 a page costs the same DynamoDB requests whatever its size (staff check + one Query)', async () => {
    const endpoint = inject('dynamoEndpoint');
    const { doc } = localClients(endpoint);
    let requests = 0;
    doc.middlewareStack.add(
      (next) => async (args) => {
        requests++;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    const handler = createApiHandler({
      ...api.deps,
      controlPlane: new DynamoControlPlaneRepository(doc, api.tables.controlPlane),
      portfolio: new DynamoPortfolioSink(doc, api.tables.controlPlane),
    });
    const count = async (first: number) => {
      requests = 0;
      const r = await api.gql(PORTFOLIO, { c: NORTHWIND, first }, { as: api.users.priya, handler });
      expect(r.errors).toBeUndefined();
      return { requests, rows: r.data?.portfolio.edges.length };
    };
    const small = await count(1);
    const large = await count(100);
    expect(large.rows).toBeGreaterThan(small.rows);
    expect(large.requests).toBe(small.requests);
    expect(large.requests).toBeLessThanOrEqual(2);
  });

  it('§3.16 a consultant of another consultancy is FORBIDDEN', async () => {
    const r = await api.gql(PORTFOLIO, { c: NORTHWIND }, { as: zed });
    expect(onlyError(r).extensions.code).toBe('FORBIDDEN');
  });

  it('§3.16 a tenant member who is not consultancy staff is FORBIDDEN', async () => {
    const r = await api.gql(PORTFOLIO, { c: NORTHWIND }, { as: api.users.alex });
    expect(onlyError(r).extensions.code).toBe('FORBIDDEN');
  });

  it('§3.16 a tampered cursor, or one of another order or consultancy, is refused', async () => {
    const page = await api.gql(PORTFOLIO, { c: NORTHWIND, first: 1 }, { as: api.users.priya });
    const cursor: string = page.data?.portfolio.pageInfo.endCursor;
    const tampered = `${cursor.slice(0, -2)}${cursor.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const [as, c, o, after] of [
      [api.users.priya, NORTHWIND, 'RISK', tampered],
      [api.users.priya, NORTHWIND, 'NAME', cursor],
      [zed, 'cons-southwind', 'RISK', cursor],
    ] as const) {
      const r = await api.gql(PORTFOLIO, { c, o, first: 1, after }, { as });
      expect(onlyError(r).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('§3.16 an older snapshot arriving late is ignored; readiness and overdue writers keep each other’s fields', async () => {
    const t = clients.ready;
    await api.deps.portfolio.recordOverdue(t, {
      day: '2026-11-02',
      byKind: { IA_REASSESSMENT_DUE: 2, POLICY_REVIEW: 0 },
    });
    await api.deps.portfolio.recordReadiness(
      t,
      readiness({ snapshotId: 'old', takenAt: '2026-10-01T02:00:00.000Z', readinessLevel: 'FOUNDATION' }),
    );
    await api.deps.portfolio.recordOverdue(t, { day: '2026-10-30', byKind: { IA_REASSESSMENT_DUE: 9 } });
    const r = await api.gql(PORTFOLIO, { c: NORTHWIND, first: 100 }, { as: api.users.priya });
    const node = r.data?.portfolio.edges.find((e: any) => e.node.tenantId === t.id).node;
    expect(node.readiness).toMatchObject({ snapshotId: 'snap-1', level: 'READY', score: 88 });
    expect(node.overdue).toEqual({ day: '2026-11-02', byKind: [{ kind: 'IA_REASSESSMENT_DUE', count: 2 }] });

    await api.deps.portfolio.recordReadiness(
      t,
      readiness({
        snapshotId: 'new',
        takenAt: '2026-11-20T02:00:00.000Z',
        readinessLevel: 'NOT_READY_FOR_STAGE_1',
        showstoppers: 5,
      }),
    );
    const after = await api.gql(PORTFOLIO, { c: NORTHWIND, first: 100 }, { as: api.users.priya });
    const moved = after.data?.portfolio.edges.find((e: any) => e.node.tenantId === t.id).node;
    expect(moved.readiness.snapshotId).toBe('new');
    expect(moved.overdue.day).toBe('2026-11-02');
    // The risk key moved with it: five showstoppers now lead the assessed clients.
    const order = ids(after);
    expect(order.indexOf(t.id)).toBeLessThan(order.indexOf(clients.blocked.id));
  });
});

describe('portfolio rows of tenants without a consultancy (§3.16)', () => {
  it('§3.16 a self-service tenant stays out of every portfolio until it gains a consultancy, then joins with its readiness', async () => {
    const solo = api.demo.tenants.brightpath;
    await api.deps.portfolio.recordReadiness(
      solo,
      readiness({ snapshotId: 'solo', readinessLevel: 'NOT_READY_FOR_STAGE_1', showstoppers: 9 }),
    );
    const before = await api.gql(PORTFOLIO, { c: NORTHWIND, first: 100 }, { as: api.users.priya });
    expect(ids(before)).not.toContain(solo.id);
    // What a conversion to managed does: the row takes the new consultancy.
    await api.deps.portfolio.recordTenant({ ...solo, consultancyId: NORTHWIND });
    const after = await api.gql(PORTFOLIO, { c: NORTHWIND, first: 100 }, { as: api.users.priya });
    const order = ids(after);
    expect(order).toContain(solo.id);
    expect(order.indexOf(solo.id)).toBeLessThan(order.indexOf(clients.blocked.id));
    const node = after.data?.portfolio.edges.find((e: any) => e.node.tenantId === solo.id).node;
    expect(node.readiness.snapshotId).toBe('solo');
    await api.deps.portfolio.recordTenant(solo);
    const back = await api.gql(PORTFOLIO, { c: NORTHWIND, first: 100 }, { as: api.users.priya });
    expect(ids(back)).not.toContain(solo.id);
  });
});

describe('consultancy templates (§3.16 client templates)', () => {
  it('§3.16 publish → onboard with it → the new tenant has draft policy, methodology, communication plan and competence requirements', async () => {
    const published = await api.gql(
      PUBLISH,
      {
        input: {
          consultancyId: NORTHWIND,
          name: DEMO_TEMPLATE_NAME,
          sourceTenantId: api.demo.tenants.acme.id,
        },
      },
      { as: api.users.priya },
    );
    expect(published.errors).toBeUndefined();
    const template = published.data?.publishConsultancyTemplate;
    // The seed published v1 of the same name: this is its next version.
    expect(template).toMatchObject({ version: 2, sourceTenantId: api.demo.tenants.acme.id });
    expect(template.contents.auditUniverseRatings).toBeNull();
    expect(template.publishedBy.email).toBe(api.users.priya.email);
    expect(template.contents.aiPolicy.sections.length).toBeGreaterThan(0);
    // No approval travels: only the wording and the rules.
    expect(Object.keys(template.contents.aiPolicy).sort()).toEqual([
      'reviewIntervalMonths',
      'sections',
      'title',
    ]);
    expect(template.contents.methodology).not.toHaveProperty('approvedBy');
    expect(template.contents.methodology).not.toHaveProperty('approvedAt');
    expect(template.contents.communicationPlan.length).toBeGreaterThan(0);
    expect(template.contents.competenceRequirements.length).toBeGreaterThan(0);
    expect(template.contents.procedureStubs.length).toBeGreaterThan(0);

    const listed = await api.gql(TEMPLATES, { c: NORTHWIND }, { as: api.users.priya });
    expect(listed.data?.consultancyTemplates.edges.map((e: any) => e.node.version)).toEqual([1, 2]);

    const onboarded = await api.gql(
      ONBOARD,
      { input: { consultancyId: NORTHWIND, name: 'Stark Clinics', templateId: template.templateId } },
      { as: api.users.priya },
    );
    expect(onboarded.errors).toBeUndefined();
    const tenant = (await api.deps.controlPlane.getTenant(onboarded.data?.onboardClientTenant.id)) as Tenant;
    const store = await tenantStore(tenant, api.deps.clients);
    const methodology = await latestMethodology(store);
    expect(methodology).toMatchObject({ version: 2, status: 'DRAFT', approvedBy: null });
    const policies = await readAll(store, PolicyDocuments, 'register', {});
    expect(policies.map((p) => [p.kind, p.status, p.approval])).toEqual([['AI_POLICY', 'DRAFT', null]]);
    expect(policies[0]?.sections).toEqual(template.contents.aiPolicy.sections);
    expect((await readAll(store, CommunicationPlanEntries, 'all', {})).length).toBe(
      template.contents.communicationPlan.length,
    );
    expect((await readAll(store, CompetenceRequirements, 'all', {})).length).toBe(
      template.contents.competenceRequirements.length,
    );
  });

  it('§3.16 an unknown template refuses the onboarding at input.templateId, and no tenant is created', async () => {
    const before = (await api.deps.controlPlane.listTenantsOfConsultancy(NORTHWIND, { limit: 100 })).entries
      .length;
    const r = await api.gql(
      ONBOARD,
      { input: { consultancyId: NORTHWIND, name: 'Nobody Ltd', templateId: 'no-such-template' } },
      { as: api.users.priya },
    );
    expect(onlyError(r).extensions.fieldErrors).toEqual([
      { path: ['input', 'templateId'], message: "is not a template of this consultancy's library" },
    ]);
    const after = (await api.deps.controlPlane.listTenantsOfConsultancy(NORTHWIND, { limit: 100 })).entries
      .length;
    expect(after).toBe(before);
  });

  it('§3.16 only a managed client can be a template source; only staff publish', async () => {
    const foreign = await api.gql(
      PUBLISH,
      {
        input: {
          consultancyId: NORTHWIND,
          name: 'Self service',
          sourceTenantId: api.demo.tenants.brightpath.id,
        },
      },
      { as: api.users.priya },
    );
    expect(onlyError(foreign).extensions.fieldErrors).toEqual([
      { path: ['input', 'sourceTenantId'], message: 'is not an active client of this consultancy' },
    ]);
    const member = await api.gql(
      PUBLISH,
      { input: { consultancyId: NORTHWIND, name: 'Mine', sourceTenantId: api.demo.tenants.acme.id } },
      { as: api.users.alex },
    );
    expect(onlyError(member).extensions.code).toBe('FORBIDDEN');
    const other = await api.gql(TEMPLATES, { c: NORTHWIND }, { as: zed });
    expect(onlyError(other).extensions.code).toBe('FORBIDDEN');
  });
});
