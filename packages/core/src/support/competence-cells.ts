// The competence matrix's read model: one item per person × area holding the
// distinct standings (level, assessed, valid until) of that cell's records,
// written in the same transaction as each record. The matrix then reads
// people × areas items, not the history of records; the standings are all the
// matrix uses, so it computes the same cells for any `today`.
//
// A tenant whose records predate the cells has no marker item: its matrix
// reads the records as before, and its next competence write (re)builds every
// cell from the records once and sets the marker, all with conditional writes,
// so a concurrent write makes one of the two fail with CONFLICT, never a stale cell.
import { readAll } from '../shared/read-all';
import { put, type TenantStore, type Write } from '../shared/store';
import type { CompetenceCell, CompetenceRecord, CompetenceStanding } from './competence';
import { CompetenceCells, CompetenceCellsIndexedMarker, CompetenceRecords } from './model';

/** A transaction holds 100 items; the record, its change record and the marker share the last one. */
const CHUNK = 90;

const cellKey = (r: Pick<CompetenceRecord, 'userId' | 'area'>) => `${r.userId}|${r.area}`;

/** The standings after adding (+1) or removing (−1) one record, in a stable order. */
export function withStanding(
  standings: readonly CompetenceStanding[],
  r: Pick<CompetenceRecord, 'level' | 'assessedOn' | 'validUntil'>,
  delta: 1 | -1,
): CompetenceStanding[] {
  const same = (s: CompetenceStanding) =>
    s.level === r.level && s.assessedOn === r.assessedOn && s.validUntil === r.validUntil;
  const found = standings.find(same);
  const rest = standings.filter((s) => !same(s));
  const records = (found?.records ?? 0) + delta;
  const next =
    records > 0
      ? [...rest, { level: r.level, assessedOn: r.assessedOn, validUntil: r.validUntil, records }]
      : rest;
  const order = (s: CompetenceStanding) =>
    `${String(s.level).padStart(4, '0')}#${s.assessedOn}#${s.validUntil ?? '~'}`;
  return next.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** The matrix's view of the cells: one pseudo-record per distinct standing. */
export const standingsOf = (cells: readonly CompetenceCell[]) =>
  cells.flatMap((c) =>
    c.standings.map((s) => ({
      userId: c.userId,
      area: c.area,
      level: s.level,
      assessedOn: s.assessedOn,
      validUntil: s.validUntil,
    })),
  );

/**
 * Reads what keeping the cell of `target` in step needs, and returns the writes
 * for one record of that cell going from `before` to `after` (`before` null on
 * create), to join the record's transaction. Commits other cells itself only in
 * the one-off rebuild of a large legacy tenant.
 */
export async function prepareCompetenceCellWrites(
  store: TenantStore,
  target: Pick<CompetenceRecord, 'userId' | 'area'>,
  now: string,
): Promise<(before: CompetenceRecord | null, after: CompetenceRecord) => Write[]> {
  const marker = await store.get(CompetenceCellsIndexedMarker, {});
  if (marker) {
    const current = await store.get(CompetenceCells, { userId: target.userId, area: target.area });
    return (before, after) => {
      let standings = current?.standings ?? [];
      if (before) standings = withStanding(standings, before, -1);
      return [cellPut(after, withStanding(standings, after, 1), current, now)];
    };
  }
  // No marker: build every cell from the records (none, for a new tenant). Cells first, then records:
  // a write landing between the two reads bumps a cell this rebuild then fails to overwrite.
  const existing = await readAll(store, CompetenceCells, 'all', {});
  const records = await readAll(store, CompetenceRecords, 'all', {});
  const byKey = new Map(existing.map((c) => [cellKey(c), c]));
  const others = new Map<string, { of: CompetenceRecord; standings: CompetenceStanding[] }>();
  for (const r of records) {
    if (cellKey(r) === cellKey(target)) continue;
    const cell = others.get(cellKey(r)) ?? { of: r, standings: [] };
    cell.standings = withStanding(cell.standings, r, 1);
    others.set(cellKey(r), cell);
  }
  const writes = [...others.entries()].map(([k, c]) => cellPut(c.of, c.standings, byKey.get(k) ?? null, now));
  while (writes.length > CHUNK) await store.commit(writes.splice(0, CHUNK));
  const targetRecords = records.filter((r) => cellKey(r) === cellKey(target));
  return (_before, after) => {
    let standings: CompetenceStanding[] = [];
    for (const r of [...targetRecords.filter((r) => r.id !== after.id), after]) {
      standings = withStanding(standings, r, 1);
    }
    return [
      ...writes,
      cellPut(after, standings, byKey.get(cellKey(target)) ?? null, now),
      put(CompetenceCellsIndexedMarker, { tenantId: store.tenantId, version: 1, updatedAt: now }, 'absent'),
    ];
  };
}

function cellPut(
  r: Pick<CompetenceRecord, 'tenantId' | 'userId' | 'area'>,
  standings: CompetenceStanding[],
  current: CompetenceCell | null,
  now: string,
): Write {
  const cell: CompetenceCell = {
    tenantId: r.tenantId,
    userId: r.userId,
    area: r.area,
    standings,
    version: (current?.version ?? 0) + 1,
    updatedAt: now,
  };
  return put(CompetenceCells, cell, current ? { version: current.version } : 'absent');
}
