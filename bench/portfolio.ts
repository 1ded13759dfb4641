// Section 7: the consultancy portfolio (§3.16) through the real Lambda handler
// against DynamoDB Local: 200 client tenants of one consultancy, their portfolio
// rows written at onboarding and by the portfolio sink (readiness for three in
// four, overdue counts for half). One page of 50 in each order and the full walk
// by risk: DynamoDB requests per page (flat: staff check + one Query) and p50/p95.
import { DEMO_USERS } from '@aims/api/local';
import type { ClientReadiness, Tenant } from '@aims/core';
import { benchStack, inParallel, printTable, summarise } from './support';

const CLIENTS = Number(process.env.BENCH_PORTFOLIO_CLIENTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const WARM_UP = 5;
const CONSULTANCY = 'cons-bench';
const LEVELS: ClientReadiness['readinessLevel'][] = [
  'NOT_READY_FOR_STAGE_1',
  'FOUNDATION',
  'BUILDING',
  'NEARLY_READY',
  'READY',
];

const PORTFOLIO = `query($o: PortfolioOrder, $first: Int, $after: String) {
  portfolio(consultancyId: "${CONSULTANCY}", orderBy: $o, first: $first, after: $after) {
    edges { node { tenantId name updatedAt
      readiness { level score stage1 showstoppers overclaim verifiedShare roadmapMonth atRisk takenAt }
      overdue { day byKind { kind count } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export async function portfolioBench() {
  const stack = await benchStack();
  try {
    const { controlPlane, portfolio } = stack.deps;
    const started = performance.now();
    await controlPlane.putConsultancy(
      { id: CONSULTANCY, name: 'Bench Consultancy', createdAt: new Date().toISOString() },
      [{ consultancyId: CONSULTANCY, userId: DEMO_USERS.priya.sub, role: 'PARTNER_ADMIN' }],
    );
    // Control-plane rows only: the portfolio never reads a client's own table.
    await inParallel(CLIENTS, 8, async (i) => {
      const tenant: Tenant = {
        id: `bench-client-${String(i).padStart(4, '0')}`,
        name: `Client ${String(i).padStart(4, '0')}`,
        tier: 'MANAGED',
        status: 'ACTIVE',
        consultancyId: CONSULTANCY,
        tableName: `bench-client-${i}`,
        createdAt: new Date().toISOString(),
        version: 1,
      };
      await controlPlane.createTenant(tenant, []);
      if (i % 4 !== 0) {
        await portfolio.recordReadiness(tenant, {
          snapshotId: `snap-${i}`,
          takenAt: new Date(Date.UTC(2026, 10, 1 + (i % 25))).toISOString(),
          readinessLevel: LEVELS[i % LEVELS.length] as ClientReadiness['readinessLevel'],
          overall: (i * 37) % 100,
          stage1: (i * 53) % 100,
          showstoppers: i % 5 === 0 ? i % 3 : 0,
          overclaim: i % 7,
          verifiedShare: (i % 10) / 10,
          roadmapMonth: 1 + (i % 9),
          horizonMonths: 9,
          atRisk: i % 3 === 0,
        });
      }
      if (i % 2 === 0) {
        await portfolio.recordOverdue(tenant, {
          day: '2026-11-26',
          byKind: { IA_REASSESSMENT_DUE: i % 4, POLICY_REVIEW: i % 3 },
        });
      }
    });
    const seedSeconds = (performance.now() - started) / 1000;
    console.log(`\nSeeded ${CLIENTS} portfolio clients in ${seedSeconds.toFixed(1)} s`);

    const gql = await stack.client(DEMO_USERS.priya, '');
    const walk = async () => {
      let after: string | null = null;
      let pages = 0;
      let rows = 0;
      do {
        const data = await gql(PORTFOLIO, { o: 'RISK', first: 50, after });
        pages++;
        rows += data.portfolio.edges.length;
        after = data.portfolio.pageInfo.hasNextPage ? data.portfolio.pageInfo.endCursor : null;
      } while (after);
      return { pages, rows };
    };
    const operations = [
      { name: 'portfolio RISK, page of 50', run: () => gql(PORTFOLIO, { o: 'RISK', first: 50 }) },
      { name: 'portfolio NAME, page of 50', run: () => gql(PORTFOLIO, { o: 'NAME', first: 50 }) },
      { name: `portfolio RISK, full walk of ${CLIENTS} (pages of 50)`, run: walk },
    ];
    const rows = [];
    for (const op of operations) {
      for (let w = 0; w < WARM_UP; w++) await op.run();
      const counted = await stack.callsOf(op.run);
      const timing = summarise((await stack.measure(ROUNDS, op.run)).times);
      rows.push({ operation: op.name, requests: counted.calls, items: counted.items, timing });
    }
    const walked = await walk();
    printTable(
      `7. Consultancy portfolio (§3.16): ${CLIENTS} clients, through the handler — p50/p95 over ${ROUNDS} rounds after ${WARM_UP} warm-up; DynamoDB requests per run`,
      rows.map((r) => ({
        operation: r.operation,
        'p50 ms': r.timing.p50.toFixed(1),
        'p95 ms': r.timing.p95.toFixed(1),
        'DynamoDB requests': r.requests,
        'items read': r.items,
      })),
    );
    console.log(
      `  Full walk: ${walked.pages} pages, ${walked.rows} clients; requests per page = ${(
        (rows[2]?.requests ?? 0) / walked.pages
      ).toFixed(1)}`,
    );
    return { seedSeconds, clients: CLIENTS, rounds: ROUNDS, walk: walked, operations: rows };
  } finally {
    await stack.stop();
  }
}
