// Reads of the communication plan: entries and an entry's log by key, the
// guide's template, and the gaps (A.8.4 incident communication undefined, a
// scheduled communication missed) from two key reads.
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
import { SoaEntries } from '../soa/model';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type CommunicationGap,
  type CommunicationLog,
  type CommunicationPlanEntry,
  communicationGapsOf,
} from './communication';
import { CommunicationLogs, CommunicationPlanEntries } from './model';
import { todayOf } from './query-competence';

interface CommunicationReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

export async function getCommunicationPlanEntry(
  scope: TenantScope,
  id: string,
  deps: { store: TenantStore },
) {
  assertCan(scope.role, 'support.read');
  const entry = await deps.store.get(CommunicationPlanEntries, { id });
  if (!entry) throw new NotFoundError('CommunicationPlanEntry', id);
  return entry;
}

/** The plan: internal entries then external ones (or one direction), oldest first. */
export function listCommunicationPlan(
  scope: TenantScope,
  args: ConnectionArgs & { direction?: CommunicationPlanEntry['direction'] | null },
  deps: CommunicationReadDeps,
): Promise<Connection<CommunicationPlanEntry>> {
  assertCan(scope.role, 'support.read');
  const direction = args.direction;
  return pagedConnection(scope.tenantId, `communicationPlan|${direction ?? ''}`, args, deps.cursors, (page) =>
    deps.store.query(
      CommunicationPlanEntries,
      'all',
      {},
      page,
      direction ? { sortPrefix: `${direction}#` } : {},
    ),
  );
}

/** One entry's communications, newest first. */
export function listCommunicationLogs(
  scope: TenantScope,
  entry: Pick<CommunicationPlanEntry, 'id'>,
  args: ConnectionArgs,
  deps: CommunicationReadDeps,
): Promise<Connection<CommunicationLog>> {
  assertCan(scope.role, 'support.read');
  return pagedConnection(scope.tenantId, `communicationLogs|${entry.id}`, args, deps.cursors, (page) =>
    deps.store.query(CommunicationLogs, 'byEntry', { entryId: entry.id }, page, { descending: true }),
  );
}

/** The incident-communication control the plan must answer when applicable. */
export const INCIDENT_COMMUNICATION_CONTROL = 'A.8.4';

export async function communicationGaps(
  scope: TenantScope,
  args: ConnectionArgs & { today?: string | null },
  deps: CommunicationReadDeps & { clock: Clock },
): Promise<Connection<CommunicationGap>> {
  assertCan(scope.role, 'support.read');
  const today = todayOf(args.today, deps.clock);
  // The plan (a few dozen entries, each carrying its last-sent date) and one SoA entry: no logs are read.
  const [entries, soaEntry] = await Promise.all([
    readAll(deps.store, CommunicationPlanEntries, 'all', {}),
    deps.store.get(SoaEntries, { controlId: INCIDENT_COMMUNICATION_CONTROL }),
  ]);
  const gaps = communicationGapsOf({
    tenantId: scope.tenantId,
    entries,
    incidentControlApplicable: soaEntry?.applicable === true,
    today,
  });
  return connectionFromArray(gaps, args, deps.cursors, scope.tenantId, `communicationGaps|${today}`);
}
