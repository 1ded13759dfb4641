import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import { put } from '../shared/store';
import type { Tenant } from '../tenancy/model';
import type { ClientReadiness, PortfolioSink } from '../tenancy/portfolio';
import type { TenantScope } from '../tenancy/tenant-scope';
import { commonMistakes, commonMistakesOf } from './common-mistakes';
import { ReadinessActions, type ReadinessSnapshot, ReadinessSubmissions } from './model';
import {
  compareReadinessSnapshots,
  gapListOf,
  latestReadiness,
  listReadinessSnapshots,
  readinessQuestionBank,
  readinessRoadmap,
  showstoppersOf,
} from './query-readiness';
import {
  adoptReadinessRoadmap,
  chunkWrites,
  evidenceClosures,
  listReadinessActions,
  updateReadinessAction,
} from './readiness-actions';
import { saveReadinessAnswers } from './save-readiness-answers';
import { submitReadinessAssessment } from './submit-readiness-assessment';
import { closuresWith } from './take-snapshot';

const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const auditor: TenantScope = { tenantId: 't1', actorId: 'u-ines', role: 'INTERNAL_AUDITOR' };
const tenant = { id: 't1', name: 'Acme' } as Tenant;

let store: InMemoryTenantStore;
let n = 0;
let now = new Date('2026-03-02T09:00:00.000Z');
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const recorded: ClientReadiness[] = [];
const sink: PortfolioSink = {
  recordReadiness: async (_t, r) => {
    recorded.push(r);
  },
  recordOverdue: async () => {},
};
const deps = () => ({
  store,
  cursors,
  clock: { now: () => now },
  ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
  isMember: async (u: string) => u === 'u-sam',
  portfolio: sink,
  tenant,
});

async function answerAndSubmit(answers: { itemId: string; value: number }[], version = 0) {
  await saveReadinessAnswers(
    manager,
    { expectedVersion: version, profile: { startDate: '2026-03-01', sector: 'Health' }, answers },
    deps(),
  );
  return submitReadinessAssessment(manager, { expectedVersion: version + 1 }, deps());
}

beforeEach(() => {
  store = new InMemoryTenantStore('t1', new InMemoryTable());
  recorded.length = 0;
  now = new Date('2026-03-02T09:00:00.000Z');
});

describe('submitting the readiness assessment (§3.12.3)', () => {
  it('§3.12.3 writes the submission and a QUESTIONNAIRE snapshot with its roadmap in one commit, keeps the draft, tells the portfolio', async () => {
    const snapshot = await answerAndSubmit([
      { itemId: 'RQ-05', value: 4 },
      { itemId: 'RQ-02', value: 3 },
      { itemId: 'CM-1', value: 5 },
    ]);
    expect(snapshot).toMatchObject({ source: 'QUESTIONNAIRE', readinessLevel: 'NOT_READY_FOR_STAGE_1' });
    const submission = await store.get(ReadinessSubmissions, { id: snapshot.submissionId ?? '' });
    expect(submission?.answers).toHaveLength(3);
    expect((await latestReadiness(manager, deps()))?.id).toBe(snapshot.id);
    expect(await readinessRoadmap(manager, null, deps())).toMatchObject({ snapshotId: snapshot.id });
    expect(recorded).toEqual([expect.objectContaining({ snapshotId: snapshot.id })]);
    // The draft stays, one version on: submitting it again unchanged is a CONFLICT.
    await expect(submitReadinessAssessment(manager, { expectedVersion: 1 }, deps())).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(
      (await store.history('ReadinessSubmission', snapshot.submissionId ?? '', { limit: 5 })).entries,
    ).toHaveLength(1);
  });

  it('§3.12.3 the gap list is served from the snapshot: ranked, with d, c, e, w, T and g per item; showstoppers are critical items below 3', async () => {
    const snapshot = await answerAndSubmit([
      { itemId: 'RQ-05', value: 4 },
      { itemId: 'RQ-02', value: 3 },
    ]);
    const gaps = gapListOf(snapshot);
    expect(gaps.length).toBe(snapshot.gaps.length);
    expect(gaps[0]).toMatchObject({ weight: 5, target: 4, gap: 20, declared: 0 });
    const rq02 = gaps.find((g) => g.itemId === 'RQ-02');
    expect(rq02).toMatchObject({
      declared: 3,
      effective: 3,
      cap: 5,
      verified: false,
      gap: 3,
      answered: true,
    });
    const stoppers = showstoppersOf(snapshot).map((s) => s.itemId);
    expect(stoppers).toContain('RQ-07');
    expect(stoppers).not.toContain('RQ-05');
  });

  it('nothing to submit before a draft → CONFLICT INVALID_STATE; an auditor may read but not submit', async () => {
    const e = await submitReadinessAssessment(manager, { expectedVersion: 1 }, deps()).catch((x) => x);
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.extensions.reason).toBe('INVALID_STATE');
    await expect(submitReadinessAssessment(auditor, { expectedVersion: 1 }, deps())).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(latestReadiness(auditor, deps())).resolves.toBeNull();
  });

  it('§3.12.3 trend: compare defaults to the latest against the previous snapshot', async () => {
    await answerAndSubmit([{ itemId: 'RQ-05', value: 1 }]);
    now = new Date('2026-03-09T09:00:00.000Z');
    await answerAndSubmit([{ itemId: 'RQ-05', value: 4 }], 2);
    const pair = await compareReadinessSnapshots(manager, {}, deps());
    expect(pair?.comparison.showstoppersResolved).toContain('RQ-05');
    expect(pair?.comparison.overall.delta).toBeGreaterThan(0);
    const listed = await listReadinessSnapshots(manager, { first: 10 }, deps());
    expect(listed.edges.map((e) => e.node.takenAt)).toEqual([
      '2026-03-09T09:00:00.000Z',
      '2026-03-02T09:00:00.000Z',
    ]);
  });

  it('§3.12.1 the question bank says where N/A is allowed for this tenant (RQ-18 and CM-5 by the profile)', async () => {
    const bank = await readinessQuestionBank(manager, deps());
    const allowed = bank.items.filter((i) => i.notApplicableAllowed).map((i) => i.id);
    expect(allowed).toEqual(expect.arrayContaining(['RQ-18', 'CM-5', 'RQ-40']));
    expect(allowed).not.toContain('RQ-05');
  });
});

describe('adopted roadmap actions (§3.12.4)', () => {
  it('§3.12.4 adopt turns open roadmap tasks into OPEN actions; adopting again adds nothing', async () => {
    const snapshot = await answerAndSubmit([{ itemId: 'RQ-05', value: 2 }]);
    const roadmap = await readinessRoadmap(manager, snapshot.id, deps());
    const tasks = roadmap?.months.flatMap((m) => m.tasks) ?? [];
    const first = await adoptReadinessRoadmap(manager, { snapshotId: snapshot.id }, deps());
    expect(first.adopted).toHaveLength(tasks.length);
    expect(tasks.length).toBeGreaterThan(50); // more than one transaction of 100 items
    const again = await adoptReadinessRoadmap(manager, { snapshotId: snapshot.id }, deps());
    expect(again).toEqual({ adopted: [], skipped: tasks.length });
    const page = await listReadinessActions(manager, { first: 100 }, deps());
    expect(page.edges).toHaveLength(tasks.length);
    expect(page.edges[0]?.node).toMatchObject({ status: 'OPEN', ownerId: null });
  });

  it('§3.12.4 a second roadmap adopts only items without an OPEN action', async () => {
    const s1 = await answerAndSubmit([{ itemId: 'RQ-05', value: 2 }]);
    await adoptReadinessRoadmap(manager, { snapshotId: s1.id }, deps());
    now = new Date('2026-03-03T09:00:00.000Z');
    const s2 = await answerAndSubmit([{ itemId: 'RQ-05', value: 2 }], 2);
    await expect(adoptReadinessRoadmap(manager, { snapshotId: s2.id }, deps())).resolves.toMatchObject({
      adopted: [],
    });
  });

  it('updates under expectedVersion: assign a member, move the date, mark done; closed actions are INVALID_STATE', async () => {
    const s = await answerAndSubmit([{ itemId: 'RQ-05', value: 2 }]);
    const { adopted } = await adoptReadinessRoadmap(manager, { snapshotId: s.id }, deps());
    const a = adopted.find((x) => x.itemId === 'RQ-05');
    if (!a) throw new Error('RQ-05 should be a task');
    const bad = await updateReadinessAction(
      manager,
      { id: a.id, expectedVersion: 1, ownerId: 'u-stranger' },
      deps(),
    ).catch((x) => x);
    expect(bad).toBeInstanceOf(ValidationError);
    expect(bad.fieldErrors[0].path).toEqual(['input', 'ownerId']);
    const assigned = await updateReadinessAction(
      manager,
      { id: a.id, expectedVersion: 1, ownerId: 'u-sam', dueOn: '2026-03-20' },
      deps(),
    );
    expect(assigned).toMatchObject({ ownerId: 'u-sam', dueOn: '2026-03-20', version: 2 });
    await expect(
      updateReadinessAction(manager, { id: a.id, expectedVersion: 1, dueOn: '2026-03-21' }, deps()),
    ).rejects.toBeInstanceOf(ConflictError);
    const done = await updateReadinessAction(
      manager,
      { id: a.id, expectedVersion: 2, markDone: { note: 'Scope approved by the board' } },
      deps(),
    );
    expect(done).toMatchObject({ status: 'DONE', closure: { kind: 'MARKED_DONE', by: 'u-manager' } });
    const again = await updateReadinessAction(
      manager,
      { id: a.id, expectedVersion: 3, cancel: { reason: 'x' } },
      deps(),
    ).catch((x) => x);
    expect(again.extensions.reason).toBe('INVALID_STATE');
    await expect(
      updateReadinessAction(manager, { id: 'nope', expectedVersion: 1, dueOn: '2026-03-21' }, deps()),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('§3.12.4 overdue filter: OPEN actions due before today, earliest first', async () => {
    const s = await answerAndSubmit([{ itemId: 'RQ-05', value: 2 }]);
    await adoptReadinessRoadmap(manager, { snapshotId: s.id }, deps());
    const none = await listReadinessActions(manager, { first: 100, filter: { overdue: true } }, deps());
    expect(none.edges).toHaveLength(0);
    now = new Date('2026-04-15T09:00:00.000Z');
    const overdue = await listReadinessActions(manager, { first: 100, filter: { overdue: true } }, deps());
    expect(overdue.edges.length).toBeGreaterThan(0);
    expect(overdue.edges.every((e) => e.node.dueOn < '2026-04-15' && e.node.status === 'OPEN')).toBe(true);
    expect(overdue.pageInfo.hasNextPage).toBe(false);
  });

  it('§3.12.4 tasks close when their evidence reaches target: OPEN actions of items verified at target become DONE, in ≤ 100-item transactions', async () => {
    const actions = Array.from({ length: 60 }, (_, i) => ({
      id: `s0.RQ-A.${i}`,
      tenantId: 't1',
      snapshotId: 's0',
      itemId: `ITEM-${i}`,
      title: 't',
      gap: 1,
      ownerAppointmentKind: 'AIMS_MANAGER' as const,
      ownerId: null,
      dueOn: '2026-04-01',
      status: 'OPEN' as const,
      closure: null,
      version: 1,
      createdAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-01T00:00:00.000Z',
    }));
    for (const a of actions) await store.commit([put(ReadinessActions, a, 'absent')]);
    const items = actions.map((a, i) => ({ itemId: a.itemId, verified: i < 59, cap: 4, target: 4 }));
    const snapshot = { id: 's9', items } as unknown as ReadinessSnapshot;
    const chunks = await closuresWith(store, { snapshot }, '2026-03-05T02:00:00.000Z', 3);
    expect(chunks.map((c) => c.length)).toEqual([96, 22]);
    for (const c of chunks) await store.commit(c);
    const done = await listReadinessActions(manager, { first: 100, filter: { status: 'DONE' } }, deps());
    expect(done.edges).toHaveLength(59);
    expect(done.edges[0]?.node.closure).toMatchObject({
      kind: 'EVIDENCE_AT_TARGET',
      by: 'system:readiness-scoring',
    });
    // A self-declared cap (not verified) does not close anything.
    expect(
      await evidenceClosures(store, [{ itemId: 'ITEM-59', verified: false, cap: 5, target: 4 }], {
        now: 'x',
        snapshotId: 's',
        ids: { next: () => 'c' },
      }),
    ).toEqual([]);
  });

  it('chunkWrites keeps an action with its change record and never passes 100 items', () => {
    const pairs = Array.from({ length: 83 }, () => [{ kind: 'change' }, { kind: 'change' }]) as never[][];
    const chunks = chunkWrites(pairs);
    expect(chunks.map((c) => c.length)).toEqual([100, 66]);
  });
});

describe('common mistakes (§3.12.2 CM-1…CM-5)', () => {
  it('CM detected on the declared answer below target, unknown when unanswered, N/A for CM-5 without another system', async () => {
    await saveReadinessAnswers(
      manager,
      {
        expectedVersion: 0,
        answers: [
          { itemId: 'CM-1', value: 2 },
          { itemId: 'CM-3', value: 5 },
          { itemId: 'CM-5', notApplicable: true, justification: 'No other management system.' },
        ],
      },
      deps(),
    );
    await submitReadinessAssessment(manager, { expectedVersion: 1 }, deps());
    const found = await commonMistakes(manager, deps());
    const by = new Map(found.map((m) => [m.itemId, m]));
    expect(by.get('CM-1')).toMatchObject({
      detection: 'DETECTED',
      basis: 'DECLARED',
      basisDetail: 'declared 2 of 5',
    });
    expect(by.get('CM-3')?.detection).toBe('NOT_DETECTED');
    expect(by.get('CM-5')?.detection).toBe('NOT_APPLICABLE');
    expect(by.get('CM-2')?.whatToDo).toMatch(/business programme/);
    expect(commonMistakesOf(null).every((m) => m.detection === 'UNKNOWN')).toBe(true);
  });

  it('CM decided by records when the evidence cap is at or below the declared answer', () => {
    const snapshot = {
      items: [
        {
          itemId: 'CM-3',
          applicable: true,
          answered: true,
          declared: 4,
          cap: 1,
          capBasis: '2 third-party AI systems not assessed',
          effective: 1,
          verified: true,
          weight: 2,
          target: 4,
          gap: 6,
        },
      ],
    } as unknown as ReadinessSnapshot;
    expect(commonMistakesOf(snapshot).find((m) => m.itemId === 'CM-3')).toMatchObject({
      detection: 'DETECTED',
      basis: 'RECORDS',
      basisDetail: '2 third-party AI systems not assessed',
    });
  });
});
