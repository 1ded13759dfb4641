// Reads of AI objectives: one by id, the register (earliest due first, or one
// status), an objective's progress recordings, and its history. Key-served.
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
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { AiObjectives, ObjectiveProgressRecords } from './model';
import { type AiObjective, OBJECTIVE_STATUSES, type ObjectiveProgressRecord } from './objective';

export interface ObjectiveReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

/** Recordings kept on one read: a monthly measurement for eight years. */
export const MAX_PROGRESS_READ = 100;

export async function getAiObjective(
  scope: TenantScope,
  id: string,
  deps: Pick<ObjectiveReadDeps, 'store'>,
): Promise<AiObjective> {
  assertCan(scope.role, 'governance.read');
  const objective = await deps.store.get(AiObjectives, { id });
  if (!objective) throw new NotFoundError('AiObjective', id);
  return objective;
}

const filterSchema = z.object({ status: z.enum(OBJECTIVE_STATUSES).nullish() }).nullish();

export function listAiObjectives(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: { status?: string | null } | null },
  deps: ObjectiveReadDeps,
): Promise<Connection<AiObjective>> {
  assertCan(scope.role, 'governance.read');
  const filter = parseInput(filterSchema, args.filter, ['filter']) ?? {};
  return pagedConnection(scope.tenantId, `objectives|${filter.status ?? ''}`, args, deps.cursors, (page) =>
    filter.status
      ? deps.store.query(AiObjectives, 'byStatus', { status: filter.status }, page)
      : deps.store.query(AiObjectives, 'register', {}, page),
  );
}

/** Progress recordings, newest measurement first. */
export function objectiveProgressRecords(
  scope: TenantScope,
  objectiveId: string,
  deps: Pick<ObjectiveReadDeps, 'store'>,
): Promise<ObjectiveProgressRecord[]> {
  assertCan(scope.role, 'governance.read');
  return deps.store.collection(ObjectiveProgressRecords, ['OBJ', objectiveId], {
    sortPrefix: 'P#',
    descending: true,
    limit: MAX_PROGRESS_READ,
  });
}

export function aiObjectiveHistory(
  scope: TenantScope,
  objective: Pick<AiObjective, 'id' | 'version'>,
  args: ConnectionArgs,
  deps: ObjectiveReadDeps & { recent?: RecentChanges },
): Promise<Connection<ChangeRecord>> {
  return entityHistory(
    scope,
    'AiObjective',
    objective.id,
    args,
    { history: deps.store, ...deps },
    objective.version,
  );
}
