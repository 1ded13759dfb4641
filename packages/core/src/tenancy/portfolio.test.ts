import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../shared/errors';
import { CursorCodec, cursorKey } from '../shared/pagination';
import { InMemoryPortfolio } from './in-memory-portfolio';
import type { Actor, ConsultancyMembership, ControlPlaneRepository, Tenant } from './model';
import type { ClientReadiness } from './portfolio';
import { consultancyPortfolio } from './query-portfolio';

const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const actor = (userId: string): Actor => ({
  userId,
  email: `${userId}@x.example`,
  emailVerified: true,
  displayName: userId,
});
const staff: ConsultancyMembership[] = [
  { consultancyId: 'c1', userId: 'partner', role: 'PARTNER_ADMIN' },
  { consultancyId: 'c1', userId: 'consultant', role: 'CONSULTANT' },
  { consultancyId: 'c2', userId: 'other', role: 'CONSULTANT' },
];
const controlPlane = {
  getConsultancyMembership: async (userId: string, consultancyId: string) =>
    staff.find((s) => s.userId === userId && s.consultancyId === consultancyId) ?? null,
} as unknown as ControlPlaneRepository;

const tenant = (id: string, name: string, consultancyId: string | null = 'c1'): Tenant => ({
  id,
  name,
  tier: 'MANAGED',
  status: 'ACTIVE',
  consultancyId,
  tableName: `tbl-${id}`,
  createdAt: '2026-11-01T00:00:00.000Z',
  version: 1,
});
const readiness = (over: Partial<ClientReadiness>): ClientReadiness => ({
  snapshotId: 's1',
  takenAt: '2026-11-10T02:00:00.000Z',
  readinessLevel: 'BUILDING',
  overall: 55,
  stage1: 50,
  showstoppers: 0,
  overclaim: 0,
  verifiedShare: 0.4,
  roadmapMonth: 2,
  horizonMonths: 9,
  atRisk: false,
  ...over,
});

async function seeded() {
  const portfolio = new InMemoryPortfolio(() => '2026-11-27T00:00:00.000Z');
  const t = {
    ready: tenant('t-ready', 'Zeta Ready'),
    blocked: tenant('t-blocked', 'Alpha Blocked'),
    behind: tenant('t-behind', 'Mu Behind'),
    fresh: tenant('t-fresh', 'Beta Fresh'),
    solo: tenant('t-solo', 'Solo Self-service', null),
    elsewhere: tenant('t-else', 'Elsewhere', 'c2'),
  };
  for (const x of Object.values(t)) portfolio.onboard(x);
  await portfolio.recordReadiness(t.ready, readiness({ readinessLevel: 'READY', overall: 90 }));
  await portfolio.recordReadiness(
    t.blocked,
    readiness({ readinessLevel: 'NOT_READY_FOR_STAGE_1', showstoppers: 3 }),
  );
  await portfolio.recordReadiness(t.behind, readiness({ atRisk: true, overall: 40 }));
  return { portfolio, t };
}

const read = (portfolio: InMemoryPortfolio) => ({ controlPlane, portfolio, cursors });

describe('portfolio (§3.16)', () => {
  it('§3.16 RISK order: never assessed first, then by level, showstoppers, at risk and score; other consultancies and unmanaged tenants left out', async () => {
    const { portfolio, t } = await seeded();
    const page = await consultancyPortfolio(
      actor('consultant'),
      'c1',
      'RISK',
      { first: 10 },
      read(portfolio),
    );
    expect(page.edges.map((e) => e.node.tenantId)).toEqual([
      t.fresh.id,
      t.blocked.id,
      t.behind.id,
      t.ready.id,
    ]);
    expect(portfolio.reads).toBe(1);
  });

  it('§3.16 NAME order and paging: the cursor carries on, one read per page', async () => {
    const { portfolio } = await seeded();
    const first = await consultancyPortfolio(actor('partner'), 'c1', 'NAME', { first: 2 }, read(portfolio));
    expect(first.edges.map((e) => e.node.tenantName)).toEqual(['Alpha Blocked', 'Beta Fresh']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await consultancyPortfolio(
      actor('partner'),
      'c1',
      'NAME',
      { first: 2, after: first.pageInfo.endCursor },
      read(portfolio),
    );
    expect(next.edges.map((e) => e.node.tenantName)).toEqual(['Mu Behind', 'Zeta Ready']);
    expect(portfolio.reads).toBe(2);
  });

  it('§3.16 only the consultancy staff read it: another consultancy and a non-staff user are FORBIDDEN', async () => {
    const { portfolio } = await seeded();
    for (const who of ['other', 'alex']) {
      await expect(consultancyPortfolio(actor(who), 'c1', 'RISK', {}, read(portfolio))).rejects.toThrow(
        ForbiddenError,
      );
    }
  });

  it('§3.16 a cursor is bound to the consultancy and the order', async () => {
    const { portfolio } = await seeded();
    const page = await consultancyPortfolio(actor('consultant'), 'c1', 'RISK', { first: 1 }, read(portfolio));
    const after = page.pageInfo.endCursor;
    await expect(
      consultancyPortfolio(actor('consultant'), 'c1', 'NAME', { first: 1, after }, read(portfolio)),
    ).rejects.toThrow(ValidationError);
    await expect(
      consultancyPortfolio(actor('other'), 'c2', 'RISK', { first: 1, after }, read(portfolio)),
    ).rejects.toThrow(ValidationError);
  });

  it('§3.16 an older snapshot arriving after a newer one is ignored; each writer keeps the other’s fields', async () => {
    const { portfolio, t } = await seeded();
    await portfolio.recordOverdue(t.ready, { day: '2026-11-11', byKind: { POLICY_REVIEW: 1 } });
    await portfolio.recordReadiness(
      t.ready,
      readiness({ snapshotId: 'old', takenAt: '2026-10-01T02:00:00.000Z', readinessLevel: 'FOUNDATION' }),
    );
    await portfolio.recordOverdue(t.ready, { day: '2026-11-01', byKind: { POLICY_REVIEW: 7 } });
    const status = portfolio.statuses.get(t.ready.id);
    expect(status?.readiness).toMatchObject({ snapshotId: 's1', readinessLevel: 'READY' });
    expect(status?.overdue).toEqual({ day: '2026-11-11', byKind: { POLICY_REVIEW: 1 } });
    await portfolio.recordReadiness(
      t.ready,
      readiness({ snapshotId: 'new', takenAt: '2026-11-20T02:00:00.000Z' }),
    );
    expect(portfolio.statuses.get(t.ready.id)?.overdue?.day).toBe('2026-11-11');
    expect(portfolio.statuses.get(t.ready.id)?.readiness?.snapshotId).toBe('new');
  });

  it('§3.16 orderBy is validated at its path', async () => {
    const { portfolio } = await seeded();
    await expect(
      consultancyPortfolio(actor('consultant'), 'c1', 'SIZE' as never, {}, read(portfolio)),
    ).rejects.toMatchObject({ fieldErrors: [expect.objectContaining({ path: ['orderBy'] })] });
  });
});
