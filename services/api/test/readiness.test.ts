import { primaryKey, ReadinessDrafts } from '@aims/core';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, storedCounts, type TestApi } from '../test-support/harness';

const SAVE = /* GraphQL */ `
  mutation Save($tenantId: ID, $input: SaveReadinessAnswersInput!) {
    saveReadinessAnswers(tenantId: $tenantId, input: $input) {
      version
      profile { existingCertifications sector startDate euNexus { hasNexus } }
      answers { itemId value notApplicable justification }
      progress { answered total sections { section answered total } }
    }
  }
`;
const DRAFT = /* GraphQL */ `
  query Draft($tenantId: ID) { readinessDraft(tenantId: $tenantId) { version progress { answered } answers { itemId value } } }
`;
const SUBMIT = /* GraphQL */ `
  mutation Submit($tenantId: ID, $input: SubmitReadinessAssessmentInput!) {
    submitReadinessAssessment(tenantId: $tenantId, input: $input) { id source readinessLevel overall }
  }
`;
const LATEST = /* GraphQL */ `
  query Latest($tenantId: ID) {
    latestReadiness(tenantId: $tenantId) {
      id source readinessLevel overall stage1 overclaim verifiedShare
      perClause { block score }
      perTheme { block score }
      showstoppers { itemId item { question critical } effective }
      gapList(first: 5) {
        edges { node { itemId declared cap capBasis effective verified weight target gap item { critical month } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;
const ROADMAP = /* GraphQL */ `
  query Roadmap($tenantId: ID, $snapshotId: ID) {
    readinessRoadmap(tenantId: $tenantId, snapshotId: $snapshotId) {
      snapshotId horizonMonths startDate
      months { k from to milestones { key done } tasks { itemId dueOn status ownerAppointmentKind } }
    }
  }
`;
const ADOPT = /* GraphQL */ `
  mutation Adopt($tenantId: ID, $input: AdoptReadinessRoadmapInput!) {
    adoptReadinessRoadmap(tenantId: $tenantId, input: $input) { skipped adopted { id itemId status version } }
  }
`;
const ACTIONS = /* GraphQL */ `
  query Actions($tenantId: ID, $filter: ReadinessActionFilter, $first: Int) {
    readinessActions(tenantId: $tenantId, filter: $filter, first: $first) {
      edges { node { id itemId dueOn status overdue version owner { id } item { question } } }
      pageInfo { hasNextPage }
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($tenantId: ID, $input: UpdateReadinessActionInput!) {
    updateReadinessAction(tenantId: $tenantId, input: $input) {
      id status version owner { id } closure { kind by note }
    }
  }
`;
const COMPARE = /* GraphQL */ `
  query Compare($tenantId: ID) {
    compareReadinessSnapshots(tenantId: $tenantId) {
      from { id } to { id }
      overall { from to delta }
      showstoppersResolved
      gaps { itemId from to change }
      perClause { block delta }
    }
  }
`;

let api: TestApi;
const founder = { sub: 'user-rdy-founder', email: 'founder@rdy-startup.example', name: 'Rdy Founder' };
let tenantId: string;

beforeAll(async () => {
  api = await createTestApi();
  const signUp = await api.gql(
    'mutation { signUpSelfService(input: { organisationName: "Readiness Startup" }) { id } }',
    {},
    { as: founder },
  );
  tenantId = signUp.data?.signUpSelfService.id;
});

const asFounder = { as: founder };

/** The draft, submissions and their change records in the pooled table. */
async function written() {
  const [draft, subs] = await Promise.all([
    api.clients.doc.send(
      new GetCommand({ TableName: api.tables.pooled, Key: primaryKey(ReadinessDrafts, tenantId, {}) }),
    ),
    storedCounts(api, {
      table: api.tables.pooled,
      tenantId,
      partition: 'RDY#SUBS',
      entityType: 'ReadinessSubmission',
    }),
  ]);
  const drafts = await storedCounts(api, {
    table: api.tables.pooled,
    tenantId,
    partition: 'RDY#DRAFT',
    entityType: 'ReadinessDraft',
  });
  return { draftVersion: draft.Item?.version ?? 0, submissions: subs.items, draftChanges: drafts.changes };
}

describe('§3.12 self-service readiness journey', () => {
  let snapshotId: string;

  it('§3.12.2 saves the questionnaire in parts across requests, then submits it', async () => {
    const first = await api.gql(
      SAVE,
      {
        tenantId,
        input: {
          expectedVersion: 0,
          profile: { sector: 'Fintech', startDate: '2026-03-01', existingCertifications: [] },
          answers: [
            { itemId: 'RQ-01', value: 2 },
            { itemId: 'RQ-05', value: 4 },
            { itemId: 'RQ-18', notApplicable: true, justification: 'We sell only in Canada.' },
          ],
        },
      },
      asFounder,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data?.saveReadinessAnswers).toMatchObject({
      version: 1,
      progress: { answered: 3, total: 83 },
    });

    const second = await api.gql(
      SAVE,
      {
        tenantId,
        input: {
          expectedVersion: 1,
          answers: [
            { itemId: 'RQ-07', value: 4 },
            { itemId: 'RQ-09', value: 3 },
            { itemId: 'CM-2', value: 1 },
          ],
        },
      },
      asFounder,
    );
    expect(second.data?.saveReadinessAnswers.version).toBe(2);
    const draft = await api.gql(DRAFT, { tenantId }, asFounder);
    expect(draft.data?.readinessDraft.progress.answered).toBe(6);

    const submitted = await api.gql(SUBMIT, { tenantId, input: { expectedVersion: 2 } }, asFounder);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.submitReadinessAssessment).toMatchObject({ source: 'QUESTIONNAIRE' });
    snapshotId = submitted.data?.submitReadinessAssessment.id;
    expect(await written()).toMatchObject({ draftVersion: 3, submissions: 1 });
  });

  it('§3.12.3 latestReadiness has a scored gap list, showstoppers and block scores as lists', async () => {
    const latest = (await api.gql(LATEST, { tenantId }, asFounder)).data?.latestReadiness;
    expect(latest.id).toBe(snapshotId);
    expect(latest.readinessLevel).toBe('NOT_READY_FOR_STAGE_1');
    expect(latest.perClause.map((b: any) => b.block)).toEqual(['4', '5', '6', '7', '8', '9', '10']);
    expect(latest.perTheme).toHaveLength(6);
    const stoppers = latest.showstoppers.map((s: any) => s.itemId);
    expect(stoppers).toContain('RQ-11');
    expect(stoppers).not.toContain('RQ-05');
    expect(latest.showstoppers.every((s: any) => s.item.critical && s.effective < 3)).toBe(true);
    const gaps = latest.gapList.edges.map((e: any) => e.node);
    expect(gaps).toHaveLength(5);
    expect(gaps[0]).toMatchObject({ weight: 5, target: 4, gap: 20, declared: 0, effective: 0 });
    const ranked = gaps.map((g: any) => g.gap);
    expect([...ranked].sort((a, b) => b - a)).toEqual(ranked);
    expect(latest.gapList.pageInfo.hasNextPage).toBe(true);
  });

  it('§3.12.4 the roadmap reads month by month; adopting it tracks the tasks, once', async () => {
    const roadmap = (await api.gql(ROADMAP, { tenantId }, asFounder)).data?.readinessRoadmap;
    expect(roadmap).toMatchObject({ snapshotId, horizonMonths: 5, startDate: '2026-03-01' });
    expect(roadmap.months.map((m: any) => m.k)).toEqual([1, 2, 3, 4, 5]);
    expect(roadmap.months[0].tasks.map((t: any) => t.itemId)).toContain('RQ-11');
    const tasks = roadmap.months.flatMap((m: any) => m.tasks);

    const adopted = await api.gql(ADOPT, { tenantId, input: { snapshotId } }, asFounder);
    expect(adopted.errors).toBeUndefined();
    expect(adopted.data?.adoptReadinessRoadmap.adopted).toHaveLength(tasks.length);
    const again = await api.gql(ADOPT, { tenantId, input: { snapshotId } }, asFounder);
    expect(again.data?.adoptReadinessRoadmap).toEqual({ adopted: [], skipped: tasks.length });

    const listed = (await api.gql(ACTIONS, { tenantId, first: 100 }, asFounder)).data?.readinessActions;
    expect(listed.edges).toHaveLength(tasks.length);
    const dues = listed.edges.map((e: any) => e.node.dueOn);
    expect([...dues].sort()).toEqual(dues);

    const rq11 = listed.edges.find((e: any) => e.node.itemId === 'RQ-11').node;
    const assigned = await api.gql(
      UPDATE,
      { tenantId, input: { id: rq11.id, expectedVersion: 1, ownerId: founder.sub } },
      asFounder,
    );
    expect(assigned.data?.updateReadinessAction).toMatchObject({ version: 2, owner: { id: founder.sub } });
    const stale = await api.gql(
      UPDATE,
      { tenantId, input: { id: rq11.id, expectedVersion: 1, markDone: { note: 'Inventory complete' } } },
      asFounder,
    );
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const cancelled = await api.gql(
      UPDATE,
      { tenantId, input: { id: rq11.id, expectedVersion: 2, cancel: { reason: 'Done another way' } } },
      asFounder,
    );
    expect(cancelled.data?.updateReadinessAction).toMatchObject({
      status: 'CANCELLED',
      closure: { kind: 'CANCELLED', by: founder.sub, note: 'Done another way' },
    });
    const open = (await api.gql(ACTIONS, { tenantId, first: 100, filter: { status: 'OPEN' } }, asFounder))
      .data?.readinessActions;
    expect(open.edges).toHaveLength(tasks.length - 1);
  });

  it('§3.12.1 bad input: a value of 7 and N/A where no condition holds → BAD_USER_INPUT with the field path, nothing written', async () => {
    const before = await written();
    const seven = await api.gql(
      SAVE,
      { tenantId, input: { expectedVersion: 3, answers: [{ itemId: 'RQ-02', value: 7 }] } },
      asFounder,
    );
    const e1 = onlyError(seven);
    expect(e1.extensions.code).toBe('BAD_USER_INPUT');
    expect(e1.extensions.fieldErrors[0].path).toEqual(['input', 'answers', 0, 'value']);
    const na = await api.gql(
      SAVE,
      {
        tenantId,
        input: {
          expectedVersion: 3,
          answers: [{ itemId: 'RQ-05', notApplicable: true, justification: 'n/a' }],
        },
      },
      asFounder,
    );
    const e2 = onlyError(na);
    expect(e2.extensions.code).toBe('BAD_USER_INPUT');
    expect(e2.extensions.fieldErrors[0].path).toEqual(['input', 'answers', 0, 'notApplicable']);
    expect(await written()).toEqual(before);
  });

  it('a stale draft version → CONFLICT VERSION_MISMATCH, nothing written', async () => {
    const before = await written();
    const stale = await api.gql(
      SAVE,
      { tenantId, input: { expectedVersion: 1, answers: [{ itemId: 'RQ-02', value: 3 }] } },
      asFounder,
    );
    expect(onlyError(stale).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const resubmit = await api.gql(SUBMIT, { tenantId, input: { expectedVersion: 2 } }, asFounder);
    expect(onlyError(resubmit).extensions.code).toBe('CONFLICT');
    expect(await written()).toEqual(before);
  });

  it('§3.12.3 compares the latest snapshot with the previous one after a second submission', async () => {
    const saved = await api.gql(
      SAVE,
      { tenantId, input: { expectedVersion: 3, answers: [{ itemId: 'RQ-11', value: 4 }] } },
      asFounder,
    );
    expect(saved.errors).toBeUndefined();
    const second = await api.gql(SUBMIT, { tenantId, input: { expectedVersion: 4 } }, asFounder);
    const compared = (await api.gql(COMPARE, { tenantId }, asFounder)).data?.compareReadinessSnapshots;
    expect(compared.from.id).toBe(snapshotId);
    expect(compared.to.id).toBe(second.data?.submitReadinessAssessment.id);
    expect(compared.showstoppersResolved).toContain('RQ-11');
    expect(compared.overall.delta).toBeGreaterThan(0);
    expect(compared.gaps.find((g: any) => g.itemId === 'RQ-11')).toMatchObject({
      from: 20,
      to: 0,
      change: 'CLOSED',
    });
  });
});

describe('§3.12 who may answer', () => {
  it('an internal auditor reads the readiness picture but may not answer, submit or adopt → FORBIDDEN', async () => {
    const acme = api.demo.tenants.acme.id;
    const read = await api.gql(DRAFT, { tenantId: acme }, { as: api.users.ines });
    expect(read.errors).toBeUndefined();
    const save = await api.gql(
      SAVE,
      { tenantId: acme, input: { expectedVersion: 0, answers: [{ itemId: 'RQ-01', value: 3 }] } },
      { as: api.users.ines },
    );
    expect(onlyError(save).extensions.code).toBe('FORBIDDEN');
    const submit = await api.gql(
      SUBMIT,
      { tenantId: acme, input: { expectedVersion: 1 } },
      { as: api.users.ines },
    );
    expect(onlyError(submit).extensions.code).toBe('FORBIDDEN');
  });

  it("another tenant's member cannot read or write this tenant's readiness, nor adopt its roadmap", async () => {
    const read = await api.gql(LATEST, { tenantId }, { as: api.users.mei });
    expect(onlyError(read).extensions.code).toBe('FORBIDDEN');
    const save = await api.gql(
      SAVE,
      { tenantId, input: { expectedVersion: 4, answers: [{ itemId: 'RQ-01', value: 5 }] } },
      { as: api.users.mei },
    );
    expect(onlyError(save).extensions.code).toBe('FORBIDDEN');
    // Named under their own tenant, our snapshot does not exist.
    const latest = (await api.gql(LATEST, { tenantId }, asFounder)).data?.latestReadiness;
    const adopt = await api.gql(
      ADOPT,
      { tenantId: api.demo.tenants.globex.id, input: { snapshotId: latest.id } },
      { as: api.users.mei },
    );
    expect(onlyError(adopt).extensions.code).toBe('NOT_FOUND');
  });
});
