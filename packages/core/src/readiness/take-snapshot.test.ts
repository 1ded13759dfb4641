import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { put, type TenantStore } from '../shared/store';
import { clientReadinessOf, portfolioRiskKey } from '../tenancy/portfolio';
import { READINESS_BANK_VERSION } from './bank';
import { ReadinessSnapshots, type ReadinessSubmission, ReadinessSubmissions } from './model';
import { readinessProfileSchema } from './scale';
import {
  isReadinessChanged,
  latestReadinessSnapshot,
  prepareReadinessSnapshot,
  roadmapMonthOn,
  roadmapOfSnapshot,
  takeNightlyReadinessSnapshot,
} from './take-snapshot';

let store: InMemoryTenantStore;

beforeEach(() => {
  store = new InMemoryTenantStore('t1', new InMemoryTable());
});

function submission(overrides: Partial<ReadinessSubmission> = {}): ReadinessSubmission {
  return {
    id: 'sub-1',
    tenantId: 't1',
    submittedAt: '2026-03-01T09:00:00.000Z',
    submittedBy: 'u-manager',
    questionBankVersion: READINESS_BANK_VERSION,
    profile: readinessProfileSchema.parse({ startDate: '2026-03-01' }),
    answers: [
      { itemId: 'RQ-05', value: 4 },
      { itemId: 'RQ-02', value: 3 },
    ],
    ...overrides,
  };
}

describe('readiness snapshots (§3.12.3)', () => {
  it('scores the latest submission: unanswered critical items are showstoppers, answered ones count as declared', async () => {
    await store.commit([put(ReadinessSubmissions, submission(), 'absent')]);
    const prepared = await prepareReadinessSnapshot(store, {
      source: 'QUESTIONNAIRE',
      now: '2026-03-02T10:00:00.000Z',
      snapshotId: 'snap-1',
    });
    expect(prepared.snapshot.submissionId).toBe('sub-1');
    expect(prepared.snapshot.day).toBe('2026-03-02');
    expect(prepared.snapshot.showstoppers).toContain('RQ-07');
    expect(prepared.snapshot.showstoppers).not.toContain('RQ-05');
    expect(prepared.snapshot.readinessLevel).toBe('NOT_READY_FOR_STAGE_1');
    // RQ-01 is capped by having completed the assessment.
    expect(prepared.result.items.find((i) => i.itemId === 'RQ-01')?.cap).toBe(3);
    expect(prepared.roadmap.startDate).toBe('2026-03-01');
    expect(prepared.snapshot.roadmapMonth).toBe(1);
    expect(prepared.change).toMatchObject({ previousSnapshotId: null, levelChanged: true });
    await store.commit(prepared.writes);
    expect((await latestReadinessSnapshot(store))?.id).toBe('snap-1');
    expect(await roadmapOfSnapshot(store, 'snap-1')).toEqual(prepared.roadmap);
  });

  it('without a submission scores the evidence alone: no overclaim, EVIDENCE source', async () => {
    const night = await takeNightlyReadinessSnapshot(store, {
      now: '2026-03-02T02:00:00.000Z',
      snapshotId: 's1',
    });
    expect(night.status).toBe('WRITTEN');
    if (night.status !== 'WRITTEN') return;
    expect(night.prepared.snapshot.source).toBe('EVIDENCE');
    expect(night.prepared.snapshot.overclaim).toBe(0);
    expect(night.prepared.snapshot.submissionId).toBeNull();
  });

  it('writes one nightly snapshot per day: a rerun or a duplicate delivery writes nothing', async () => {
    await store.commit([put(ReadinessSubmissions, submission(), 'absent')]);
    const first = await takeNightlyReadinessSnapshot(store, {
      now: '2026-03-02T02:00:00.000Z',
      snapshotId: 's1',
    });
    const again = await takeNightlyReadinessSnapshot(store, {
      now: '2026-03-02T05:00:00.000Z',
      snapshotId: 's2',
    });
    expect(first.status).toBe('WRITTEN');
    expect(again).toEqual({ status: 'ALREADY_RAN', day: '2026-03-02' });
    const snaps = await (store as TenantStore).query(ReadinessSnapshots, 'timeline', {}, { limit: 10 });
    expect(snaps.entries.map((e) => e.item.id)).toEqual(['s1']);
    expect(first.status === 'WRITTEN' && first.prepared.snapshot.source).toBe('COMBINED');
  });

  it('reports no change when the next night scores the same inputs', async () => {
    await store.commit([put(ReadinessSubmissions, submission(), 'absent')]);
    await takeNightlyReadinessSnapshot(store, { now: '2026-03-02T02:00:00.000Z', snapshotId: 's1' });
    const next = await takeNightlyReadinessSnapshot(store, {
      now: '2026-03-03T02:00:00.000Z',
      snapshotId: 's2',
    });
    expect(next.status === 'WRITTEN' && next.prepared.change).toMatchObject({
      previousSnapshotId: 's1',
      levelChanged: false,
      inputsChanged: false,
    });
    expect(next.status === 'WRITTEN' && isReadinessChanged(next.prepared.change)).toBe(false);
  });

  it('treats a stored N/A whose condition no longer holds as unanswered instead of failing', async () => {
    await store.commit([
      put(
        ReadinessSubmissions,
        submission({ answers: [{ itemId: 'RQ-A.5.2', notApplicable: true, justification: 'excluded' }] }),
        'absent',
      ),
    ]);
    const prepared = await prepareReadinessSnapshot(store, {
      source: 'COMBINED',
      now: '2026-03-02T02:00:00Z',
      snapshotId: 'x',
    });
    const item = prepared.result.items.find((i) => i.itemId === 'RQ-A.5.2');
    expect(item).toMatchObject({ applicable: true, declared: 0, effective: 0 });
  });
});

describe('roadmap month and portfolio order (§3.16)', () => {
  const months = [
    { k: 1, from: '2026-03-01', to: '2026-04-01' },
    { k: 2, from: '2026-04-01', to: '2026-05-01' },
  ];
  it('reads the month a day falls in, 0 before and horizon + 1 after', () => {
    expect(roadmapMonthOn({ months: months as never }, '2026-02-28')).toBe(0);
    expect(roadmapMonthOn({ months: months as never }, '2026-04-15')).toBe(2);
    expect(roadmapMonthOn({ months: months as never }, '2026-05-01')).toBe(3);
  });

  it('orders clients riskiest first: unassessed, showstoppers, at risk, lower score', () => {
    const base = clientReadinessOf({
      id: 's',
      takenAt: 't',
      readinessLevel: 'BUILDING',
      overall: 55,
      stage1: 40,
      showstoppers: [],
      overclaim: 0,
      verifiedShare: 0.5,
      roadmapMonth: 2,
      horizonMonths: 5,
      atRisk: false,
    } as never);
    const keys = [
      portfolioRiskKey({ ...base, readinessLevel: 'READY', overall: 90 }, 'a'),
      portfolioRiskKey({ ...base, overall: 60 }, 'b'),
      portfolioRiskKey({ ...base, overall: 45 }, 'c'),
      portfolioRiskKey({ ...base, atRisk: true, overall: 65 }, 'd'),
      portfolioRiskKey({ ...base, readinessLevel: 'NOT_READY_FOR_STAGE_1', showstoppers: 2 }, 'e'),
      portfolioRiskKey({ ...base, readinessLevel: 'NOT_READY_FOR_STAGE_1', showstoppers: 5 }, 'f'),
      portfolioRiskKey(null, 'g'),
    ];
    expect([...keys].sort().map((k) => k.slice(-1))).toEqual(['g', 'f', 'e', 'd', 'c', 'b', 'a']);
  });
});
