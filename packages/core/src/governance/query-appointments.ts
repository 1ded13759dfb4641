// Reads of governance appointments: one by id, a filtered page, and history.
import * as z from 'zod';
import type { ChangeRecord } from '../audit/change-record';
import { entityHistory, type RecentChanges } from '../audit/query-history';
import { NotFoundError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { Page, PageRequest } from '../shared/ports';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { APPOINTMENT_KINDS, type Appointment, type AppointmentFilter } from './appointment';
import { Appointments } from './model';

const filterSchema = z
  .object({
    kind: z.enum(APPOINTMENT_KINDS).nullish(),
    userId: z.string().min(1).nullish(),
    subjectRef: z.string().min(1).nullish(),
    active: z.boolean().nullish(),
  })
  .nullish();

/**
 * Keeps the entries a key cannot select. The page still ends where the read
 * stopped, so a thinned page keeps its place (`endKey`) and `hasMore`.
 */
async function thinned(read: Promise<Page<Appointment>>, keep: (a: Appointment) => boolean) {
  const page = await read;
  const last = page.endKey ?? page.entries.at(-1)?.key;
  const entries = page.entries.filter((e) => keep(e.item));
  return { entries, hasMore: page.hasMore, ...(page.hasMore && last ? { endKey: last } : {}) };
}

function listByFilter(store: TenantStore, filter: AppointmentFilter, page: PageRequest) {
  const { kind, userId, subjectRef, active } = filter;
  const matchesActive = (a: Appointment) => active === undefined || active === null || !a.endedAt === active;
  if (userId) {
    // A person's appointments are few: the user's partition, thinned by kind and state.
    return thinned(
      store.query(Appointments, 'byUser', { userId }, page, kind ? { where: { kind } } : {}),
      matchesActive,
    );
  }
  const prefix = kind ? { sortPrefix: `${kind}#` } : {};
  if (subjectRef) {
    return thinned(store.query(Appointments, 'bySubject', { subjectRef }, page, prefix), matchesActive);
  }
  if (active) return store.query(Appointments, 'inForce', {}, page, prefix);
  if (active === false) {
    return thinned(store.query(Appointments, 'register', {}, page, prefix), (a) => !!a.endedAt);
  }
  return store.query(Appointments, 'register', {}, page, prefix);
}

export interface GovernanceReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

export async function getAppointment(
  scope: TenantScope,
  id: string,
  deps: Pick<GovernanceReadDeps, 'store'>,
) {
  assertCan(scope.role, 'governance.read');
  const appointment = await deps.store.get(Appointments, { id });
  if (!appointment) throw new NotFoundError('Appointment', id);
  return appointment;
}

export async function listAppointments(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: AppointmentFilter | null },
  deps: GovernanceReadDeps,
): Promise<Connection<Appointment>> {
  assertCan(scope.role, 'governance.read');
  const filter = parseInput(filterSchema, args.filter, ['filter']) ?? {};
  const listing = `appointments|kind=${filter.kind ?? ''}|user=${filter.userId ?? ''}|subject=${filter.subjectRef ?? ''}|active=${filter.active ?? ''}`;
  return pagedConnection(scope.tenantId, listing, args, deps.cursors, (page) =>
    listByFilter(deps.store, filter, page),
  );
}

export function appointmentHistory(
  scope: TenantScope,
  appointment: Pick<Appointment, 'id' | 'version'>,
  args: ConnectionArgs,
  deps: GovernanceReadDeps & { recent?: RecentChanges },
): Promise<Connection<ChangeRecord>> {
  return entityHistory(
    scope,
    'Appointment',
    appointment.id,
    args,
    { history: deps.store, ...deps },
    appointment.version,
  );
}
