// Reads of the inventory: one system, a filtered page, and a system's history.
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
import { type AiSystem, type AiSystemFilter, LIFECYCLE_STAGES, PROVENANCES } from './ai-system';
import { EU_AI_ACT_VIEW_CLASSES } from './eu-ai-act';
import { AiSystems } from './model';

/** Every filter combination is served by its own key: no read past the filter. */
function listByFilter(
  store: TenantStore,
  filter: AiSystemFilter,
  page: PageRequest,
): Promise<Page<AiSystem>> {
  const { lifecycleStage: stage, provenance } = filter;
  if (stage && provenance) return store.query(AiSystems, 'byStageAndProvenance', { stage, provenance }, page);
  if (stage) return store.query(AiSystems, 'byStage', { stage }, page);
  if (provenance) return store.query(AiSystems, 'byProvenance', { provenance }, page);
  return store.query(AiSystems, 'inventory', {}, page);
}

const filterSchema = z
  .object({ lifecycleStage: z.enum(LIFECYCLE_STAGES).nullish(), provenance: z.enum(PROVENANCES).nullish() })
  .nullish();

export interface InventoryReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

export async function getAiSystem(scope: TenantScope, id: string, deps: Pick<InventoryReadDeps, 'store'>) {
  assertCan(scope.role, 'aiSystem.read');
  const system = await deps.store.get(AiSystems, { id });
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
    listByFilter(deps.store, filter, page),
  );
}

export function aiSystemHistory(
  scope: TenantScope,
  system: Pick<AiSystem, 'id' | 'version'>,
  args: ConnectionArgs,
  deps: InventoryReadDeps & { recent?: RecentChanges },
): Promise<Connection<ChangeRecord>> {
  return entityHistory(scope, 'AiSystem', system.id, args, { history: deps.store, ...deps }, system.version);
}

const euClassSchema = z.enum(EU_AI_ACT_VIEW_CLASSES);

/** I9: the EU AI Act view, one class at a time, served by its own key. */
export async function listAiSystemsByEuAiActClass(
  scope: TenantScope,
  args: ConnectionArgs & { euAiActClass: string },
  deps: InventoryReadDeps,
): Promise<Connection<AiSystem>> {
  assertCan(scope.role, 'aiSystem.read');
  const euClass = parseInput(euClassSchema, args.euAiActClass, ['euAiActClass']);
  return pagedConnection(scope.tenantId, `aiSystems|eu=${euClass}`, args, deps.cursors, (page) =>
    deps.store.query(AiSystems, 'byEuAiActClass', { euClass }, page),
  );
}
