// Reads of competence: requirements and records by key, and the two derived
// views — the gaps (7.2 b–c) and the people × areas matrix — each from a fixed
// number of key-served reads whatever the number of people.
import * as z from 'zod';
import { Appointments } from '../governance/model';
import { NotFoundError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  connectionFromArray,
  pagedConnection,
} from '../shared/pagination';
import type { Clock } from '../shared/ports';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type CompetenceGap,
  type CompetenceMatrixRow,
  type CompetenceRecord,
  type CompetenceRequirement,
  competenceGapsOf,
  competenceMatrixOf,
  defaultRequirements,
  type Member,
  requiredCompetences,
} from './competence';
import { standingsOf } from './competence-cells';
import {
  CompetenceCells,
  CompetenceCellsIndexedMarker,
  CompetenceGapActions,
  CompetenceRecords,
  CompetenceRequirements,
} from './model';

export interface SupportReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
  clock: Clock;
  /** The tenant's members with their role and joining date (control plane). */
  members: () => Promise<Member[]>;
}

export const todayArg = z.iso.date({ message: 'must be a date YYYY-MM-DD' }).nullish();
export const todayOf = (today: string | null | undefined, clock: Clock) =>
  parseInput(todayArg, today, ['today']) ?? clock.now().toISOString().slice(0, 10);

/** The stored requirements; a tenant that has stored none is measured against the defaults. */
export async function effectiveRequirements(
  store: TenantStore,
  tenantId: string,
): Promise<CompetenceRequirement[]> {
  const stored = await readAll(store, CompetenceRequirements, 'all', {});
  return stored.length ? stored : defaultRequirements(tenantId, new Date(0).toISOString());
}

export function listCompetenceRequirements(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: Pick<SupportReadDeps, 'store' | 'cursors'>,
): Promise<Connection<CompetenceRequirement>> {
  assertCan(scope.role, 'support.read');
  return pagedConnection(scope.tenantId, 'competenceRequirements', args, deps.cursors, (page) =>
    deps.store.query(CompetenceRequirements, 'all', {}, page),
  );
}

export async function getCompetenceRecord(scope: TenantScope, id: string, deps: { store: TenantStore }) {
  assertCan(scope.role, 'support.read');
  const record = await deps.store.get(CompetenceRecords, { id });
  if (!record) throw new NotFoundError('CompetenceRecord', id);
  return record;
}

export function listCompetenceRecords(
  scope: TenantScope,
  args: ConnectionArgs & { userId?: string | null },
  deps: Pick<SupportReadDeps, 'store' | 'cursors'>,
): Promise<Connection<CompetenceRecord>> {
  assertCan(scope.role, 'support.read');
  const userId = args.userId;
  return pagedConnection(
    scope.tenantId,
    userId ? `competenceRecords|${userId}` : 'competenceRecords',
    args,
    deps.cursors,
    (page) =>
      userId
        ? deps.store.query(CompetenceRecords, 'byUser', { userId }, page)
        : deps.store.query(CompetenceRecords, 'all', {}, page),
  );
}

async function competenceInputs(scope: TenantScope, deps: SupportReadDeps) {
  const [requirements, appointments, records, actions, members] = await Promise.all([
    effectiveRequirements(deps.store, scope.tenantId),
    readAll(deps.store, Appointments, 'inForce', {}),
    readAll(deps.store, CompetenceRecords, 'all', {}),
    readAll(deps.store, CompetenceGapActions, 'all', {}),
    deps.members(),
  ]);
  const required = requiredCompetences({ requirements, appointments, members });
  return { required, records, actions, members };
}

/** Each appointee's (and role holder's) shortfall per required area, with the action on it. */
export async function competenceGaps(
  scope: TenantScope,
  args: ConnectionArgs & { today?: string | null },
  deps: SupportReadDeps,
): Promise<Connection<CompetenceGap>> {
  assertCan(scope.role, 'support.read');
  const today = todayOf(args.today, deps.clock);
  const { required, records, actions } = await competenceInputs(scope, deps);
  const gaps = competenceGapsOf({ required, records, actions, today });
  return connectionFromArray(gaps, args, deps.cursors, scope.tenantId, `competenceGaps|${today}`);
}

/**
 * People × areas: held and required level per cell, for the members and everyone
 * with a requirement or record. Reads the cells (people × areas items), or, for a
 * tenant whose cells are not built yet, the records.
 */
export async function competenceMatrix(
  scope: TenantScope,
  args: ConnectionArgs & { today?: string | null },
  deps: SupportReadDeps,
): Promise<Connection<CompetenceMatrixRow>> {
  assertCan(scope.role, 'support.read');
  const today = todayOf(args.today, deps.clock);
  const [requirements, appointments, members, records] = await Promise.all([
    effectiveRequirements(deps.store, scope.tenantId),
    readAll(deps.store, Appointments, 'inForce', {}),
    deps.members(),
    deps.store
      .get(CompetenceCellsIndexedMarker, {})
      .then((indexed) =>
        indexed
          ? readAll(deps.store, CompetenceCells, 'all', {}).then(standingsOf)
          : readAll(deps.store, CompetenceRecords, 'all', {}),
      ),
  ]);
  const required = requiredCompetences({ requirements, appointments, members });
  const people = members.filter((m) => m.role !== 'CONSULTANT').map((m) => m.userId);
  const rows = competenceMatrixOf({ required, records, people, today });
  return connectionFromArray(rows, args, deps.cursors, scope.tenantId, `competenceMatrix|${today}`);
}
