// §3.14 reminders through the handler: issued by running the job's core rule
// against the demo tenant for a day far enough ahead that its risks' review
// dates have passed, then read and dismissed over GraphQL.
import {
  dueAppointmentAcceptances,
  dueCommitteeMeetings,
  dueDocumentReviews,
  dueImpactReassessments,
  duePolicyReviews,
  dueResidualAcceptanceExpiries,
  dueReviewReminders,
  dueTrainingAssignments,
  primaryKey,
  put,
  Reminders,
  remindersToIssue,
  type Tenant,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const FIELDS = /* GraphQL */ `
  id kind subjectType subjectId title dueDate daysOverdue period expiresAt version
  addressee { id }
  dismissal { by { id } at reason }
`;
const LIST = /* GraphQL */ `
  query List($tenantId: ID, $filter: ReminderFilter, $first: Int, $after: String) {
    reminders(tenantId: $tenantId, filter: $filter, first: $first, after: $after) {
      edges { node { ${FIELDS} } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const GET = /* GraphQL */ `
  query Get($tenantId: ID, $id: ID!) {
    reminder(tenantId: $tenantId, id: $id) {
      ${FIELDS}
      history { edges { node { action version actor { id } } } }
    }
  }
`;
const DISMISS = /* GraphQL */ `
  mutation Dismiss($tenantId: ID, $input: DismissReminderInput!) {
    dismissReminder(tenantId: $tenantId, input: $input) { ${FIELDS} }
  }
`;

let api: TestApi;
let tenantId: string;
const period = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);

async function issue(tenant: Tenant) {
  const store = await tenantStore(tenant, { clientFor: async () => api.clients.doc });
  // The rules the review-reminders job runs (services/jobs issue-review-reminders).
  const rules = [
    dueReviewReminders,
    dueImpactReassessments,
    dueResidualAcceptanceExpiries,
    dueTrainingAssignments,
    dueAppointmentAcceptances,
    dueCommitteeMeetings,
    duePolicyReviews,
    dueDocumentReviews,
  ];
  const reminders = (await Promise.all(rules.map((rule) => rule(store, period)))).flat();
  for (const r of await remindersToIssue(store, reminders, period, new Date().toISOString())) {
    await store.commit([put(Reminders, r, 'absent')]);
  }
  return reminders.length;
}

const list = async (as: TestApi['users'][keyof TestApi['users']], filter?: unknown, tenant = tenantId) => {
  const result = await api.gql(LIST, { tenantId: tenant, filter, first: 100 }, { as });
  expect(result.errors).toBeUndefined();
  return result.data?.reminders.edges.map((e: any) => e.node) as any[];
};

async function storedVersion(id: string) {
  const [p, kind, entityId] = id.split(':') as [string, string, string];
  const out = await api.clients.doc.send(
    new GetCommand({
      TableName: api.demo.tenants.acme.tableName,
      Key: primaryKey(Reminders, tenantId, { period: p, kind: kind as never, entityId }),
    }),
  );
  return out.Item;
}

beforeAll(async () => {
  api = await createTestApi();
  tenantId = api.demo.tenants.acme.id;
  expect(await issue(api.demo.tenants.acme)).toBeGreaterThan(0);
  await issue(api.demo.tenants.globex);
});

describe('§3.14 reminders through the handler', () => {
  it('§3.14 the manager reads every open reminder; an addressee only theirs; filters by kind and subject', async () => {
    const all = await list(api.users.alex);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((r) => r.period === period && r.dismissal === null && r.version === 1)).toBe(true);
    const rafas = all.filter((r) => r.addressee?.id === api.users.rafa.sub);
    expect(rafas.length).toBeGreaterThan(0);
    expect((await list(api.users.rafa)).map((r) => r.id)).toEqual(rafas.map((r) => r.id));
    const risks = await list(api.users.alex, { subjectType: 'RISK' });
    expect(risks.length).toBeGreaterThan(0);
    expect(
      risks.every(
        (r) =>
          ['RISK_REVIEW_OVERDUE', 'RESIDUAL_ACCEPTANCE_EXPIRING'].includes(r.kind) &&
          r.subjectType === 'RISK',
      ),
    ).toBe(true);
    expect(await list(api.users.alex, { kind: 'ACTION_OVERDUE', subjectType: 'RISK' })).toEqual([]);
    const [first] = all;
    // Expires 90 days after its day (DynamoDB TTL on the item's expiresAt, epoch seconds).
    expect(first.expiresAt).toBe(new Date(Date.parse(`${period}T00:00:00Z`) + 90 * 86_400_000).toISOString());
    expect((await storedVersion(first.id))?.expiresAt).toBe(
      Date.parse(`${period}T00:00:00Z`) / 1000 + 90 * 86_400,
    );
  });

  it('§3.14 COMMITTEE_MEETING_DUE: the demo committee, not met within its cadence, is listed by kind to its creator', async () => {
    const due = await list(api.users.alex, { kind: 'COMMITTEE_MEETING_DUE' });
    expect(due.length).toBeGreaterThan(0);
    expect(due.every((r) => r.kind === 'COMMITTEE_MEETING_DUE' && r.subjectType === 'COMMITTEE')).toBe(true);
    expect(due.every((r) => r.daysOverdue > 0 && r.addressee?.id)).toBe(true);
    expect(await list(api.users.alex, { kind: 'COMMITTEE_MEETING_DUE', subjectType: 'RISK' })).toEqual([]);
  });

  it("§3.14 a managed tenant's table is provisioned with TTL on expiresAt", async () => {
    const ttl = await api.clients.raw.send(
      new DescribeTimeToLiveCommand({ TableName: api.demo.tenants.acme.tableName }),
    );
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
  });

  it('§3.14 the addressee dismisses a reminder: version 2, a change record, gone from the open list', async () => {
    const [mine] = await list(api.users.rafa);
    const done = await api.gql(
      DISMISS,
      { tenantId, input: { id: mine.id, expectedVersion: 1, reason: 'Review meeting booked for Monday' } },
      { as: api.users.rafa },
    );
    expect(done.errors).toBeUndefined();
    expect(done.data?.dismissReminder).toMatchObject({
      id: mine.id,
      version: 2,
      dismissal: { by: { id: api.users.rafa.sub }, reason: 'Review meeting booked for Monday' },
    });
    expect((await list(api.users.rafa)).map((r) => r.id)).not.toContain(mine.id);
    expect((await list(api.users.rafa, { includeDismissed: true })).map((r) => r.id)).toContain(mine.id);
    const read = await api.gql(GET, { tenantId, id: mine.id });
    expect(
      read.data?.reminder.history.edges.map((e: any) => [e.node.action, e.node.version, e.node.actor.id]),
    ).toEqual([['UPDATED', 2, api.users.rafa.sub]]);
  });

  it('§3.14 bad input → BAD_USER_INPUT with field paths, nothing written', async () => {
    const [target] = await list(api.users.rafa);
    const result = await api.gql(DISMISS, {
      tenantId,
      input: { id: 'nope', expectedVersion: 0, reason: ' ' },
    });
    const error = onlyError(result);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors.map((e: any) => e.path.join('.'))).toEqual([
      'input.id',
      'input.expectedVersion',
      'input.reason',
    ]);
    const multi = await api.gql(DISMISS, {
      tenantId,
      input: { id: target.id, expectedVersion: 1, reason: 'a\nb' },
    });
    expect(onlyError(multi).extensions.fieldErrors[0].path).toEqual(['input', 'reason']);
    expect(await storedVersion(target.id)).toMatchObject({ version: 1, dismissal: null });
  });

  it('§3.14 stale version → CONFLICT VERSION_MISMATCH, nothing written', async () => {
    const [target] = await list(api.users.rafa);
    const result = await api.gql(
      DISMISS,
      { tenantId, input: { id: target.id, expectedVersion: 2, reason: 'Review meeting booked' } },
      { as: api.users.rafa },
    );
    expect(onlyError(result).extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(await storedVersion(target.id)).toMatchObject({ version: 1 });
  });

  it("§3.14 another member or the consultant may not dismiss someone else's reminder; an AIMS manager may", async () => {
    const [target] = await list(api.users.rafa);
    const input = { id: target.id, expectedVersion: 1, reason: 'Not needed any more' };
    for (const as of [api.users.sam, api.users.priya]) {
      expect(onlyError(await api.gql(DISMISS, { tenantId, input }, { as })).extensions.code).toBe(
        'FORBIDDEN',
      );
    }
    // Sam only reads his own: Rafael's is not there for him.
    expect(
      onlyError(await api.gql(GET, { tenantId, id: target.id }, { as: api.users.sam })).extensions.code,
    ).toBe('NOT_FOUND');
    expect(await storedVersion(target.id)).toMatchObject({ version: 1, dismissal: null });
    const byManager = await api.gql(DISMISS, { tenantId, input });
    expect(byManager.data?.dismissReminder).toMatchObject({
      version: 2,
      dismissal: { by: { id: api.users.alex.sub } },
    });
  });

  it("§3.14 cross-tenant: another tenant's manager neither reads nor dismisses our reminders", async () => {
    const [target] = await list(api.users.alex);
    const globex = api.demo.tenants.globex.id;
    const input = { id: target.id, expectedVersion: target.version, reason: 'Hostile dismissal' };
    // Named under our tenant: not a member.
    expect(
      onlyError(await api.gql(DISMISS, { tenantId, input }, { as: api.users.mei })).extensions.code,
    ).toBe('FORBIDDEN');
    // Named under theirs: the id is not there.
    const theirs = await api.gql(DISMISS, { tenantId: globex, input }, { as: api.users.mei });
    expect(onlyError(theirs).extensions.code).toBe('NOT_FOUND');
    const listed = await list(api.users.mei, { includeDismissed: true }, globex);
    expect(listed.map((r) => r.id)).not.toContain(target.id);
    expect(await storedVersion(target.id)).toMatchObject({ version: target.version, dismissal: null });
  });
});
