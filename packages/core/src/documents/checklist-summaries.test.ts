import { beforeEach, describe, expect, it } from 'vitest';
import { acceptAppointment } from '../governance/accept-appointment';
import { appoint } from '../governance/appoint';
import type { AppointmentKind } from '../governance/appointment';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { type AnyAggregate, put } from '../shared/store';
import { SoaEntries } from '../soa/model';
import { blankEntry } from '../soa/statement-of-applicability';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { EVIDENCE_SAMPLE } from './checklist-summaries';
import {
  approveControlledDocument,
  createControlledDocument,
  type DocumentDeps,
  transitionControlledDocument,
} from './manage-documents';
import { ChecklistRefSummaries } from './model';
import { documentChecklistOf } from './query-documents';

/** Counts items read, since a flat request count can hide a read of everything. */
class CountingStore extends InMemoryTenantStore {
  itemsRead = 0;
  override async getMany(decl: AnyAggregate, keys: readonly unknown[]) {
    const found = await super.getMany(decl, keys);
    this.itemsRead += found.filter(Boolean).length;
    return found;
  }
  override async collection(...args: Parameters<InMemoryTenantStore['collection']>) {
    const items = await super.collection(...args);
    this.itemsRead += items.length;
    return items;
  }
  override async query(...args: Parameters<InMemoryTenantStore['query']>) {
    const page = await super.query(...args);
    this.itemsRead += page.entries.length;
    return page;
  }
}

const roles: Record<string, Role> = {
  'u-alex': 'AIMS_MANAGER',
  'u-cleo': 'COMMITTEE_MEMBER',
  'u-rafa': 'AI_RISK_OWNER',
};
const scopeOf = (actorId: string): TenantScope => ({
  tenantId: 't1',
  actorId,
  role: roles[actorId] ?? 'VIEWER',
});
const [alex, cleo, rafa] = ['u-alex', 'u-cleo', 'u-rafa'].map(scopeOf) as [
  TenantScope,
  TenantScope,
  TenantScope,
];

let table: InMemoryTable;
let store: CountingStore;
let deps: DocumentDeps;
let now: Date;

async function appointAccepted(userId: string, kind: AppointmentKind) {
  const made = await appoint(alex, { kind, userId }, deps);
  await acceptAppointment(scopeOf(userId), { id: made.id, expectedVersion: made.version }, deps);
}

beforeEach(async () => {
  table = new InMemoryTable();
  store = new CountingStore('t1', table);
  now = new Date('2026-03-01T10:00:00.000Z');
  let n = 0;
  deps = {
    store,
    memberRole: async (id) => roles[id] ?? null,
    clock: { now: () => now },
    ids: { next: () => `id-${++n}` },
  };
  await appointAccepted('u-cleo', 'TOP_MANAGEMENT');
  await store.commit([
    put(SoaEntries, { ...blankEntry('t1', 'A.7.4'), applicable: true, version: 1 }, 'any'),
  ]);
});

const doc = (n: number, over: Record<string, unknown> = {}) =>
  createControlledDocument(
    rafa,
    {
      docCode: `PR-${String(n).padStart(4, '0')}`,
      title: `Procedure ${n}`,
      type: 'PROCEDURE',
      annexAControls: ['A.7.4'],
      ownerUserId: 'u-rafa',
      retentionPeriod: '3 years',
      classification: 'INTERNAL',
      storage: { url: `https://intranet.example/pr-${n}.pdf` },
      distribution: ['AIMS manager'],
      ...over,
    },
    deps,
  );

async function approve(id: string, version: number) {
  const r = await transitionControlledDocument(
    rafa,
    { id, expectedVersion: version, status: 'IN_REVIEW' },
    deps,
  );
  return approveControlledDocument(cleo, { id, expectedVersion: r.version }, deps);
}

const TODAYS = ['2026-03-01', '2027-02-28', '2027-03-01', '2027-03-02', '2027-06-01', '2030-01-01'];
const checklist = (today: string) =>
  documentChecklistOf(alex, { today }, { store, clock: { now: () => now } });
const dropSummaries = () => {
  for (const [k, item] of table.items) {
    if (item.entity === 'ChecklistRefSummary' || item.entity === 'ChecklistSummariesIndexed')
      table.items.delete(k);
  }
};

/** A mix of states: approved at two dates, one approved then obsolete, drafts, one in review, one mandatory. */
async function register() {
  const a = await doc(1);
  await approve(a.id, a.version);
  now = new Date('2026-06-01T10:00:00.000Z');
  const b = await doc(2);
  await approve(b.id, b.version);
  const c = await doc(3);
  const c2 = await approve(c.id, c.version);
  await transitionControlledDocument(
    rafa,
    { id: c.id, expectedVersion: c2.version, status: 'OBSOLETE' },
    deps,
  );
  await doc(4);
  const e = await doc(5);
  await transitionControlledDocument(
    rafa,
    { id: e.id, expectedVersion: e.version, status: 'IN_REVIEW' },
    deps,
  );
  await doc(6, { annexAControls: [], mandatoryRef: 'D-06' });
}

describe('checklist summaries (§3.13, README Performance §6)', () => {
  it('§3.13 the checklist from the summaries equals the checklist from the links, for any today', async () => {
    await register();
    const fast = await Promise.all(TODAYS.map(checklist));
    dropSummaries();
    const slow = await Promise.all(TODAYS.map(checklist));
    expect(fast).toEqual(slow);
    expect(new Set(fast.flat().map((i) => i.status))).toEqual(
      new Set(['MISSING', 'DRAFT', 'APPROVED', 'REVIEW_OVERDUE']),
    );
  });

  it('§3.13 a tenant with links from before the summaries reads the links, and its next document write builds them', async () => {
    await register();
    const expected = await Promise.all(TODAYS.map(checklist));
    dropSummaries();
    await doc(7, { annexAControls: [], mandatoryRef: 'D-07' });
    const built = await Promise.all(TODAYS.map(checklist));
    const withoutD07 = (c: typeof built) => c.map((items) => items.filter((i) => i.ref !== 'D-07'));
    expect(withoutD07(built)).toEqual(withoutD07(expected));
    expect(built[0]?.find((i) => i.ref === 'D-07')?.status).toBe('DRAFT');
    dropSummaries();
    expect(await Promise.all(TODAYS.map(checklist))).toEqual(built);
  });

  it(`§3.13 an item lists its first ${EVIDENCE_SAMPLE} documents by code; its status counts them all`, async () => {
    for (let n = 1; n <= EVIDENCE_SAMPLE + 5; n++) await doc(n);
    const last = await doc(99);
    await approve(last.id, last.version);
    const item = (await checklist('2026-03-01')).find((i) =>
      i.evidence.some((e) => e.title === 'Procedure 1'),
    );
    expect(item?.evidence).toHaveLength(EVIDENCE_SAMPLE);
    expect(item?.status).toBe('APPROVED');
    const summary = await store.get(ChecklistRefSummaries, { ref: item?.ref ?? '' });
    expect(summary).toMatchObject({ documents: EVIDENCE_SAMPLE + 6, live: EVIDENCE_SAMPLE + 6, approved: 1 });
  });

  it('Performance §6 documentChecklist reads the same requests and items at 10 and 60 documents', async () => {
    const cost = async () => {
      store.itemsRead = 0;
      table.calls.get = 0;
      table.calls.query = 0;
      await checklist('2026-03-01');
      return { items: store.itemsRead, gets: table.calls.get, queries: table.calls.query };
    };
    for (let n = 1; n <= 10; n++) await doc(n);
    const at10 = await cost();
    for (let n = 11; n <= 60; n++) await doc(n);
    const at60 = await cost();
    expect(at60).toEqual(at10);
    expect(at10.items).toBeLessThan(10);
  });
});
