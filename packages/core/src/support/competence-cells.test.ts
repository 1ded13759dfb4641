import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import { readAll } from '../shared/read-all';
import type { AnyAggregate } from '../shared/store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { COMPETENCE_AREAS, type CompetenceArea, competenceMatrixOf, type Member } from './competence';
import { type CompetenceDeps, recordCompetence, updateCompetenceRecord } from './manage-competence';
import { CompetenceCells, CompetenceRecords } from './model';
import { competenceMatrix } from './query-competence';

/** Counts items read, since a flat request count can hide a read of everything. */
class CountingStore extends InMemoryTenantStore {
  itemsRead = 0;
  override async get(decl: AnyAggregate, key: unknown) {
    const found = await super.get(decl, key);
    this.itemsRead += found ? 1 : 0;
    return found;
  }
  override async query(...args: Parameters<InMemoryTenantStore['query']>) {
    const page = await super.query(...args);
    this.itemsRead += page.entries.length;
    return page;
  }
}

const users = Array.from({ length: 12 }, (_, i) => `u-${String(i).padStart(2, '0')}`);
const members: Member[] = [
  { userId: 'u-manager', role: 'AIMS_MANAGER', joinedOn: '2026-01-01' },
  ...users.map((userId) => ({ userId, role: 'AI_RISK_OWNER' as const, joinedOn: '2026-01-01' })),
];
const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });

let table: InMemoryTable;
let store: CountingStore;
let deps: CompetenceDeps;
let now: Date;
const read = () => ({ store, cursors, clock: { now: () => now }, members: async () => members });

beforeEach(() => {
  table = new InMemoryTable();
  store = new CountingStore('t1', table);
  now = new Date('2026-03-01T10:00:00.000Z');
  let n = 0;
  deps = {
    store,
    memberRole: async (id) => members.find((m) => m.userId === id)?.role ?? null,
    clock: { now: () => now },
    ids: { next: () => `id-${String(++n).padStart(5, '0')}` },
  };
});

const record = (
  userId: string,
  area: CompetenceArea,
  level: number,
  assessedOn: string,
  validUntil?: string,
) =>
  recordCompetence(
    manager,
    { userId, area, level, basis: 'TRAINING', evidenceRef: 'CERT', assessedOn, validUntil },
    deps,
  );

const TODAYS = [
  '2025-06-01',
  '2026-01-10',
  '2026-01-20',
  '2026-02-01',
  '2026-02-15',
  '2026-03-01',
  '2027-01-01',
];

/** The matrix the records give, computed directly: what the cells must reproduce. */
async function matrixFromRecords(today: string) {
  const records = await readAll(store, CompetenceRecords, 'all', {});
  const fast = await competenceMatrix(manager, { today, first: 100 }, read());
  return { fast: fast.edges.map((e) => e.node), records };
}

async function history() {
  await record('u-00', 'AI_REGULATION', 1, '2026-01-10', '2026-02-01');
  await record('u-00', 'AI_REGULATION', 1, '2026-01-10', '2026-02-01');
  await record('u-00', 'AI_REGULATION', 2, '2026-01-15', '2026-02-20');
  await record('u-00', 'AI_REGULATION', 2, '2026-01-20');
  const changed = await record('u-01', 'AUDIT_METHOD', 3, '2026-01-05', '2026-12-31');
  await record('u-01', 'AUDIT_METHOD', 1, '2026-01-01');
  await updateCompetenceRecord(
    manager,
    { id: changed.id, expectedVersion: 1, level: 2, validUntil: '2026-02-10' },
    deps,
  );
}

describe('competence cells (D-10, README Performance §6)', () => {
  it('D-10 the matrix from the cells equals the matrix from the records, for any today, after creates and updates', async () => {
    await history();
    for (const today of TODAYS) {
      const { fast, records } = await matrixFromRecords(today);
      const people = members.map((m) => m.userId);
      const slow = competenceMatrixOf({ required: [], records, people, today });
      // Required levels come from requirements, the same input either way; compare what records decide.
      const held = (rows: typeof slow) =>
        rows.map((r) => ({
          userId: r.userId,
          cells: r.cells.map((c) => [c.area, c.heldLevel, c.validUntil]),
        }));
      expect(held(fast)).toEqual(held(slow));
    }
    const cell = await store.get(CompetenceCells, { userId: 'u-00', area: 'AI_REGULATION' });
    expect(cell?.standings).toEqual([
      { level: 1, assessedOn: '2026-01-10', validUntil: '2026-02-01', records: 2 },
      { level: 2, assessedOn: '2026-01-15', validUntil: '2026-02-20', records: 1 },
      { level: 2, assessedOn: '2026-01-20', validUntil: null, records: 1 },
    ]);
  });

  it('D-10 a tenant with records from before the cells reads the records, and its next write builds every cell once', async () => {
    // More cells than one transaction holds, so the rebuild commits in chunks.
    for (const u of users) for (const area of COMPETENCE_AREAS) await record(u, area, 1, '2026-01-10');
    await history();
    const built = await readAll(store, CompetenceCells, 'all', {});
    expect(built.length).toBeGreaterThan(90);
    const expected = await competenceMatrix(manager, { today: '2026-02-15', first: 100 }, read());
    for (const [k, item] of table.items) {
      if (item.entity === 'CompetenceCell' || item.entity === 'CompetenceCellsIndexed') table.items.delete(k);
    }
    const legacy = await competenceMatrix(manager, { today: '2026-02-15', first: 100 }, read());
    expect(legacy.edges.map((e) => e.node)).toEqual(expected.edges.map((e) => e.node));

    await record('u-05', 'AI_REGULATION', 3, '2026-02-01');
    const rebuilt = await readAll(store, CompetenceCells, 'all', {});
    expect(rebuilt.length).toBe(built.length);
    const after = await competenceMatrix(manager, { today: '2026-02-15', first: 100 }, read());
    const row = after.edges.find((e) => e.node.userId === 'u-05')?.node;
    expect(row?.cells.find((c) => c.area === 'AI_REGULATION')?.heldLevel).toBe(3);
    expect(after.edges.filter((e) => e.node.userId !== 'u-05').map((e) => e.node)).toEqual(
      expected.edges.filter((e) => e.node.userId !== 'u-05').map((e) => e.node),
    );
  });

  it('Performance §6 competenceMatrix reads the same items at 10 and 200 records (people × areas, not history)', async () => {
    const cost = async () => {
      store.itemsRead = 0;
      table.calls.get = 0;
      table.calls.query = 0;
      await competenceMatrix(manager, { first: 100 }, read());
      return { items: store.itemsRead, gets: table.calls.get, queries: table.calls.query };
    };
    for (let i = 0; i < 10; i++) await record(i % 2 ? 'u-00' : 'u-01', 'AI_REGULATION', 2, '2026-02-01');
    const at10 = await cost();
    for (let i = 10; i < 200; i++) await record(i % 2 ? 'u-00' : 'u-01', 'AI_REGULATION', 2, '2026-02-01');
    const at200 = await cost();
    expect(at200).toEqual(at10);
    expect(at10.items).toBeLessThan(10);
  });
});
