// Reads of the inventory: one system, a filtered page, and a system's history.
import * as z from 'zod';
import type { ChangeRecord } from '../audit/change-record';
import { entityHistory } from '../audit/query-history';
import { NotFoundError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type AiSystem,
  type AiSystemFilter,
  type AiSystemRepository,
  LIFECYCLE_STAGES,
  PROVENANCES,
} from './ai-system';

const filterSchema = z
  .object({ lifecycleStage: z.enum(LIFECYCLE_STAGES).nullish(), provenance: z.enum(PROVENANCES).nullish() })
  .nullish();

export interface InventoryReadDeps {
  aiSystems: AiSystemRepository;
  cursors: CursorCodec;
}

export async function getAiSystem(
  scope: TenantScope,
  id: string,
  deps: Pick<InventoryReadDeps, 'aiSystems'>,
) {
  assertCan(scope.role, 'aiSystem.read');
  const system = await deps.aiSystems.get(id);
  if (!system) throw new NotFoundError('AiSystem', id);
  return system;
}

export async function listAiSystems(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: AiSystemFilter | null },
  deps: InventoryReadDeps,
): Promise<Connection<AiSystem>> {
  assertCan(scope.role, 'aiSystem.read');
  const filter = parseInput(filterSchema, args.filter, ['filter']) ?? {};
  const listing = `aiSystems|stage=${filter.lifecycleStage ?? ''}|provenance=${filter.provenance ?? ''}`;
  return pagedConnection(scope.tenantId, listing, args, deps.cursors, (page) =>
    deps.aiSystems.list(filter, page),
  );
}

export function aiSystemHistory(
  scope: TenantScope,
  systemId: string,
  args: ConnectionArgs,
  deps: InventoryReadDeps,
): Promise<Connection<ChangeRecord>> {
  return entityHistory(scope, 'AiSystem', systemId, args, { history: deps.aiSystems, cursors: deps.cursors });
}
