// Issue 12's done-when as one story over HTTP against `pnpm dev`: a self-service
// organisation signs up, answers the readiness questionnaire in two sittings,
// gets a scored gap list and a month-by-month roadmap, adopts it, invites its
// Northwind consultant and converts to a managed tenant without loss; the
// consultant then sees it beside the demo clients in one portfolio query.
// The self-service user is brand new: their token comes from the dev server's
// `/dev/token`, as a newcomer trying the sandbox would get one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from './harness';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(() => stack?.stop());

/** The data of a successful operation, failing with its errors otherwise. */
async function ok(query: string, variables: Record<string, unknown>, as: string, tenantId?: string) {
  const { status, body } = await stack.gql(query, variables, as, tenantId);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return body.data;
}

const DRAFT = `query { readinessDraft { version answers { itemId value } progress { answered total }
  profile { sector startDate targetCertificationDate } } }`;
const SAVE = `mutation($i: SaveReadinessAnswersInput!) { saveReadinessAnswers(input: $i) {
  version progress { answered total } } }`;
const SNAPSHOT_FIELDS = `id source kind overall readinessLevel stage1 horizonMonths
  showstoppers { itemId effective item { critical } }
  gapList(first: 100) { edges { node { itemId gap declared effective target } } pageInfo { hasNextPage } }`;
const ROADMAP = `query($s: ID) { readinessRoadmap(snapshotId: $s) { snapshotId horizonMonths startDate
  months { k from to milestones { key done } tasks { itemId dueOn status gap } } } }`;
const ACTIONS = `query { readinessActions(first: 100) { edges { node { id itemId snapshotId status dueOn } } } }`;

describe('issue 12 done-when, over HTTP', () => {
  it('SPEC-3.12 a self-service user signs up, answers in two sittings, gets a scored gap list and a monthly roadmap, adopts it, converts under Northwind without loss, and Priya sees the client in one portfolio query', async () => {
    // 1. Sign-up: a new identity becomes the AIMS manager of a new self-service tenant.
    const stamp = Date.now();
    await stack.newUser('newcomer', `founder.${stamp}@lumen-robotics.example`, 'Lumen founder');
    const name = `Lumen Robotics ${stamp}`;
    const signUp = await ok(
      'mutation($i: SignUpSelfServiceInput!) { signUpSelfService(input: $i) { id name tier status } }',
      { i: { organisationName: name } },
      'newcomer',
    );
    const tenant = signUp.signUpSelfService;
    expect(tenant).toMatchObject({ name, tier: 'SELF_SERVICE', status: 'ACTIVE' });
    const t = tenant.id as string;

    // 2. The questionnaire in two requests: the second reads the draft back first.
    const bank = await ok(
      'query { readinessQuestionBank { items { id critical applicability } } }',
      {},
      'newcomer',
      t,
    );
    const items = bank.readinessQuestionBank.items as {
      id: string;
      critical: boolean;
      applicability: string;
    }[];
    expect(items.length).toBeGreaterThan(40);
    const empty = await ok(DRAFT, {}, 'newcomer', t);
    expect(empty.readinessDraft).toMatchObject({ version: 0, answers: [] });
    // Critical items answered 2 are showstoppers; the rest spread over 1–4.
    const declared = (item: { id: string; critical: boolean }, i: number) =>
      item.critical ? 2 : 1 + (i % 4);
    const answers = items.map((item, i) => ({ itemId: item.id, value: declared(item, i) }));
    const half = Math.floor(answers.length / 2);
    const first = await ok(
      SAVE,
      {
        i: {
          expectedVersion: 0,
          profile: {
            existingCertifications: [],
            aiSystems: { inUse: 2, inDevelopment: 1 },
            thirdPartyAi: { inUse: true, types: ['API'] },
            euNexus: { hasNexus: true, operatorRoles: ['DEPLOYER'] },
            sector: 'Warehouse robotics',
            startDate: '2027-01-04',
          },
          answers: answers.slice(0, half),
        },
      },
      'newcomer',
      t,
    );
    expect(first.saveReadinessAnswers).toMatchObject({ version: 1, progress: { answered: half } });

    const resumed = (await ok(DRAFT, {}, 'newcomer', t)).readinessDraft;
    expect(resumed.version).toBe(1);
    expect(resumed.profile).toMatchObject({ sector: 'Warehouse robotics', startDate: '2027-01-04' });
    expect(resumed.answers).toHaveLength(half);
    expect(resumed.progress).toEqual({ answered: half, total: items.length });
    const second = await ok(
      SAVE,
      { i: { expectedVersion: resumed.version, answers: answers.slice(half) } },
      'newcomer',
      t,
    );
    expect(second.saveReadinessAnswers.progress).toEqual({ answered: items.length, total: items.length });

    // 3. Submit, then read the scored picture back.
    const submitted = await ok(
      `mutation($i: SubmitReadinessAssessmentInput!) { submitReadinessAssessment(input: $i) { id source } }`,
      { i: { expectedVersion: second.saveReadinessAnswers.version } },
      'newcomer',
      t,
    );
    const snapshotId = submitted.submitReadinessAssessment.id as string;
    const latest = (await ok(`query { latestReadiness { ${SNAPSHOT_FIELDS} } }`, {}, 'newcomer', t))
      .latestReadiness;
    expect(latest).toMatchObject({ id: snapshotId, source: 'QUESTIONNAIRE', kind: 'REGULAR' });
    expect(latest.overall).toBeGreaterThan(0);
    expect(latest.overall).toBeLessThan(100);
    // Every critical item was answered 2: all are showstoppers and the level says so.
    const critical = items.filter((i) => i.critical).map((i) => i.id);
    expect(latest.showstoppers.map((s: { itemId: string }) => s.itemId).sort()).toEqual([...critical].sort());
    expect(latest.readinessLevel).toBe('NOT_READY_FOR_STAGE_1');
    // The gap list is ranked: g_i descending, every entry below target.
    const gaps = latest.gapList.edges.map((e: { node: { gap: number } }) => e.node);
    expect(gaps.length).toBeGreaterThan(0);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i - 1].gap).toBeGreaterThanOrEqual(gaps[i].gap);
    for (const g of gaps) expect(g.gap).toBeGreaterThan(0);

    // 4. The roadmap, month by month from the start date (P7).
    const roadmap = (await ok(ROADMAP, { s: null }, 'newcomer', t)).readinessRoadmap;
    expect(roadmap).toMatchObject({
      snapshotId,
      startDate: '2027-01-04',
      horizonMonths: latest.horizonMonths,
    });
    expect(roadmap.months.map((m: { k: number }) => m.k)).toEqual(
      Array.from({ length: roadmap.horizonMonths }, (_, i) => i + 1),
    );
    expect(roadmap.months[0].from).toBe('2027-01-04');
    for (let i = 1; i < roadmap.months.length; i++)
      expect(roadmap.months[i].from).toBe(roadmap.months[i - 1].to);
    const tasks = roadmap.months.flatMap((m: { from: string; to: string; tasks: any[] }) =>
      m.tasks.map((task) => ({ ...task, from: m.from, to: m.to })),
    );
    for (const task of tasks) {
      expect(task.dueOn >= task.from && task.dueOn < task.to, `${task.itemId} due ${task.dueOn}`).toBe(true);
    }
    expect(tasks.length).toBeGreaterThan(0);

    // 5. Adopt the roadmap: one action per task.
    const adopted = await ok(
      `mutation($i: AdoptReadinessRoadmapInput!) { adoptReadinessRoadmap(input: $i) { adopted { id itemId } skipped } }`,
      { i: { snapshotId } },
      'newcomer',
      t,
    );
    expect(adopted.adoptReadinessRoadmap.skipped).toBe(0);
    expect(adopted.adoptReadinessRoadmap.adopted.map((a: { itemId: string }) => a.itemId).sort()).toEqual(
      tasks.map((task: { itemId: string }) => task.itemId).sort(),
    );
    const before = {
      draft: (await ok(DRAFT, {}, 'newcomer', t)).readinessDraft,
      snapshots: (
        await ok(
          'query { readinessSnapshots(first: 20) { edges { node { id overall } } } }',
          {},
          'newcomer',
          t,
        )
      ).readinessSnapshots.edges,
      roadmap: (await ok(ROADMAP, { s: snapshotId }, 'newcomer', t)).readinessRoadmap,
      actions: (await ok(ACTIONS, {}, 'newcomer', t)).readinessActions.edges,
    };
    expect(before.actions).toHaveLength(tasks.length);

    // 6. The organisation invites its Northwind consultant, who accepts.
    await ok(
      `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { __typename } }`,
      { i: { email: 'priya@northwind-assurance.example', role: 'CONSULTANT' } },
      'newcomer',
      t,
    );
    const membership = await ok(
      `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { role tenant { id } } }`,
      { i: { tenantId: t } },
      'priya',
    );
    expect(membership.acceptInvitation).toEqual({ role: 'CONSULTANT', tenant: { id: t } });

    // 7. The manager converts under Northwind.
    const converted = await ok(
      `mutation($i: ConvertToManagedTenantInput!) { convertToManagedTenant(input: $i) {
        step tenant { tier status consultancy { id } } baselineSnapshotId checksum itemCount } }`,
      { i: { tenantId: t, consultancyId: stack.consultancyId } },
      'newcomer',
    );
    const report = converted.convertToManagedTenant;
    expect(report).toMatchObject({
      step: 'COMPLETED',
      tenant: { tier: 'MANAGED', status: 'ACTIVE', consultancy: { id: stack.consultancyId } },
    });
    expect(report.checksum).toMatch(/^[0-9a-f]{64}$/);

    // 8. Nothing lost: answers, snapshots, roadmap and actions read back the same.
    expect((await ok(DRAFT, {}, 'newcomer', t)).readinessDraft).toEqual(before.draft);
    const after = (
      await ok(
        'query { readinessSnapshots(first: 20) { edges { node { id overall kind } } } }',
        {},
        'newcomer',
        t,
      )
    ).readinessSnapshots.edges.map((e: { node: { id: string } }) => e.node);
    // The conversion baseline is the newest snapshot; the questionnaire snapshot is still there.
    expect(after[0]).toMatchObject({ id: report.baselineSnapshotId, kind: 'CONVERSION_BASELINE' });
    expect(after.slice(1)).toEqual(
      before.snapshots.map((e: { node: object }) => ({ ...e.node, kind: 'REGULAR' })),
    );
    expect((await ok(ROADMAP, { s: snapshotId }, 'newcomer', t)).readinessRoadmap).toEqual(before.roadmap);
    expect((await ok(ACTIONS, {}, 'newcomer', t)).readinessActions.edges).toEqual(before.actions);
    // The consultant reads the same answers in the managed tenant.
    expect((await ok(DRAFT, {}, 'priya', t)).readinessDraft.answers).toEqual(before.draft.answers);

    // 9. Priya's portfolio: the new client beside the demo clients, riskiest first, in one query.
    const portfolio = await ok(
      `query($c: ID!) { portfolio(consultancyId: $c, orderBy: RISK, first: 50) {
        edges { node { tenantId name readiness { snapshotId level score showstoppers } } } } }`,
      { c: stack.consultancyId },
      'priya',
    );
    const rows = portfolio.portfolio.edges.map((e: { node: any }) => e.node);
    const names = rows.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['Acme Health', 'Globex Logistics', name]));
    const row = rows.find((r: { tenantId: string }) => r.tenantId === t);
    expect(row.readiness).toMatchObject({
      snapshotId: report.baselineSnapshotId,
      level: 'NOT_READY_FOR_STAGE_1',
      showstoppers: critical.length,
    });
  });
});
