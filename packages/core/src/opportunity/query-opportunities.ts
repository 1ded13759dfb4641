// Reads of the opportunity register: one by id, pages by priority, status or
// AI system (all key-served), the 6.1.1 actions view, and history.
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
import { AiOpportunities, OpportunitySystemLinks } from './model';
import {
  type AiOpportunity,
  OPPORTUNITY_STATUSES,
  type OpportunityAction,
  type OpportunityEvaluation,
  type OpportunityStatus,
} from './opportunity';

export interface OpportunityReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

export interface OpportunityFilter {
  status?: OpportunityStatus | null;
  aiSystemId?: string | null;
}

const filterSchema = z
  .object({
    status: z.enum(OPPORTUNITY_STATUSES).nullish(),
    aiSystemId: z.string().min(1).nullish(),
  })
  .nullish();

export async function getAiOpportunity(
  scope: TenantScope,
  id: string,
  deps: Pick<OpportunityReadDeps, 'store'>,
): Promise<AiOpportunity> {
  assertCan(scope.role, 'risk.read');
  const opportunity = await deps.store.get(AiOpportunities, { id });
  if (!opportunity) throw new NotFoundError('AiOpportunity', id);
  return opportunity;
}

/** Highest priority first; a status or an AI system selects by its own key. */
export async function listAiOpportunities(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: OpportunityFilter | null },
  deps: OpportunityReadDeps,
): Promise<Connection<AiOpportunity>> {
  assertCan(scope.role, 'risk.read');
  const filter = parseInput(filterSchema, args.filter, ['filter']) ?? {};
  const listing = `opportunities|status=${filter.status ?? ''}|system=${filter.aiSystemId ?? ''}`;
  return pagedConnection(scope.tenantId, listing, args, deps.cursors, (page) => {
    if (filter.aiSystemId) return systemPage(deps.store, filter.aiSystemId, page, filter.status ?? null);
    if (filter.status) return deps.store.query(AiOpportunities, 'byStatus', { status: filter.status }, page);
    return deps.store.query(AiOpportunities, 'register', {}, page);
  });
}

/** One AI system's opportunities by priority, through its link items. */
export function opportunitiesOfSystem(
  scope: TenantScope,
  aiSystemId: string,
  args: ConnectionArgs,
  deps: OpportunityReadDeps,
): Promise<Connection<AiOpportunity>> {
  assertCan(scope.role, 'risk.read');
  return pagedConnection(scope.tenantId, `systemOpportunities|${aiSystemId}`, args, deps.cursors, (page) =>
    systemPage(deps.store, aiSystemId, page, null),
  );
}

/** A row of the 6.1.1 view "actions to address risks and opportunities" (opportunity side). */
export interface OpportunityActionRow {
  opportunity: AiOpportunity;
  action: OpportunityAction;
  /** The evaluated result, once the opportunity is REALISED; null before. */
  evaluation: OpportunityEvaluation | null;
  /** Due and not done (not REALISED or REJECTED) as of today. */
  overdue: boolean;
}

/** Every opportunity action, earliest due first, with its evaluation (sparse index: only planned ones). */
export function opportunityActions(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: OpportunityReadDeps & { clock: { now(): Date } },
): Promise<Connection<OpportunityActionRow>> {
  assertCan(scope.role, 'risk.read');
  const today = deps.clock.now().toISOString().slice(0, 10);
  return pagedConnection(scope.tenantId, 'opportunityActions', args, deps.cursors, async (page) => {
    const read = await deps.store.query(AiOpportunities, 'actions', {}, page);
    return {
      ...read,
      entries: read.entries.flatMap((e) => {
        const o = e.item;
        if (!o.action) return [];
        const open = o.status !== 'REALISED' && o.status !== 'REJECTED';
        const row = {
          opportunity: o,
          action: o.action,
          evaluation: o.evaluation,
          overdue: open && o.action.dueOn < today,
        };
        return [{ item: row, key: e.key }];
      }),
    };
  });
}

export function aiOpportunityHistory(
  scope: TenantScope,
  opportunity: Pick<AiOpportunity, 'id' | 'version'>,
  args: ConnectionArgs,
  deps: OpportunityReadDeps & { recent?: RecentChanges },
): Promise<Connection<ChangeRecord>> {
  return entityHistory(
    scope,
    'AiOpportunity',
    opportunity.id,
    args,
    { history: deps.store, ...deps },
    opportunity.version,
  );
}

async function systemPage(
  store: TenantStore,
  aiSystemId: string,
  page: PageRequest,
  status: OpportunityStatus | null,
): Promise<Page<AiOpportunity>> {
  const links = await store.query(OpportunitySystemLinks, 'bySystem', {}, page, {
    sortPrefix: `${aiSystemId}#`,
  });
  const found = await store.getMany(
    AiOpportunities,
    links.entries.map((e) => ({ id: e.item.opportunityId })),
  );
  const entries = links.entries.flatMap((e, i) => {
    const o = found[i];
    return o && (!status || o.status === status) ? [{ item: o, key: e.key }] : [];
  });
  const last = links.entries.at(-1)?.key;
  return entries.length < links.entries.length && links.hasMore && last
    ? { entries, hasMore: true, endKey: last }
    : { ...links, entries };
}
