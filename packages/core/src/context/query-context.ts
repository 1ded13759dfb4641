// Reads of the context of the organisation: issues and parties by id or in
// key-served pages (by origin and category, by party type), scope editions,
// the approved scope, the scope templates, and change history.
import * as z from 'zod';
import type { ChangeRecord } from '../audit/change-record';
import { entityHistory, type RecentChanges } from '../audit/query-history';
import { NotFoundError } from '../shared/errors';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  connectionFromArray,
  pagedConnection,
} from '../shared/pagination';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type ContextIssue,
  ISSUE_CATEGORIES,
  ISSUE_ORIGINS,
  type IssueCategory,
  type IssueOrigin,
} from './context-issue';
import { type InterestedParty, PARTY_TYPES, type PartyType } from './interested-party';
import { readApprovedScope } from './manage-scope';
import { ContextIssues, InterestedParties, LIVE_ISSUES, ScopeStatements } from './model';
import type { ScopeStatement } from './scope-statement';
import { SCOPE_TEMPLATES, type ScopeTemplate } from './scope-templates';

export interface ContextReadDeps {
  store: TenantStore;
  cursors: CursorCodec;
}

export interface ContextIssueFilter {
  origin?: IssueOrigin | null;
  category?: IssueCategory | null;
  /** true: only ACTIVE and MONITORING issues. */
  liveOnly?: boolean | null;
}

const issueFilter = z
  .object({
    origin: z.enum(ISSUE_ORIGINS).nullish(),
    category: z.enum(ISSUE_CATEGORIES).nullish(),
    liveOnly: z.boolean().nullish(),
  })
  .nullish();

export async function getContextIssue(scope: TenantScope, id: string, deps: Pick<ContextReadDeps, 'store'>) {
  assertCan(scope.role, 'context.read');
  const issue = await deps.store.get(ContextIssues, { id });
  if (!issue) throw new NotFoundError('ContextIssue', id);
  return issue;
}

/** Live issues first, most relevant first; origin and category each select by their own key. */
export function listContextIssues(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: ContextIssueFilter | null },
  deps: ContextReadDeps,
): Promise<Connection<ContextIssue>> {
  assertCan(scope.role, 'context.read');
  const f = parseInput(issueFilter, args.filter, ['filter']) ?? {};
  const options = f.liveOnly ? { sortPrefix: LIVE_ISSUES } : {};
  const listing = `contextIssues|${f.origin ?? ''}|${f.category ?? ''}|${f.liveOnly ? 'live' : 'all'}`;
  return pagedConnection(scope.tenantId, listing, args, deps.cursors, (page) => {
    if (f.origin && f.category) {
      return deps.store.query(
        ContextIssues,
        'byOriginAndCategory',
        { origin: f.origin, category: f.category },
        page,
        options,
      );
    }
    if (f.origin) return deps.store.query(ContextIssues, 'byOrigin', { origin: f.origin }, page, options);
    if (f.category)
      return deps.store.query(ContextIssues, 'byCategory', { category: f.category }, page, options);
    return deps.store.query(ContextIssues, 'register', {}, page, options);
  });
}

export async function getInterestedParty(
  scope: TenantScope,
  id: string,
  deps: Pick<ContextReadDeps, 'store'>,
) {
  assertCan(scope.role, 'context.read');
  const party = await deps.store.get(InterestedParties, { id });
  if (!party) throw new NotFoundError('InterestedParty', id);
  return party;
}

const partyFilter = z.object({ type: z.enum(PARTY_TYPES).nullish() }).nullish();

/** By name; a type selects by its own key. */
export function listInterestedParties(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: { type?: PartyType | null } | null },
  deps: ContextReadDeps,
): Promise<Connection<InterestedParty>> {
  assertCan(scope.role, 'context.read');
  const f = parseInput(partyFilter, args.filter, ['filter']) ?? {};
  return pagedConnection(scope.tenantId, `interestedParties|${f.type ?? ''}`, args, deps.cursors, (page) =>
    f.type
      ? deps.store.query(InterestedParties, 'byType', { type: f.type }, page)
      : deps.store.query(InterestedParties, 'register', {}, page),
  );
}

export async function getScopeStatement(
  scope: TenantScope,
  id: string,
  deps: Pick<ContextReadDeps, 'store'>,
) {
  assertCan(scope.role, 'context.read');
  const statement = await deps.store.get(ScopeStatements, { id });
  if (!statement) throw new NotFoundError('ScopeStatement', id);
  return statement;
}

/** Every edition, newest first. */
export function listScopeStatements(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: ContextReadDeps,
): Promise<Connection<ScopeStatement>> {
  assertCan(scope.role, 'context.read');
  return pagedConnection(scope.tenantId, 'scopeStatements', args, deps.cursors, (page) =>
    deps.store.query(ScopeStatements, 'editions', {}, page, { descending: true }),
  );
}

export async function approvedScopeStatement(scope: TenantScope, deps: Pick<ContextReadDeps, 'store'>) {
  assertCan(scope.role, 'context.read');
  return readApprovedScope(deps.store);
}

export function scopeTemplates(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: Pick<ContextReadDeps, 'cursors'>,
): Connection<ScopeTemplate> {
  assertCan(scope.role, 'context.read');
  return connectionFromArray(SCOPE_TEMPLATES, args, deps.cursors, scope.tenantId, 'scopeTemplates');
}

export function contextHistory(
  scope: TenantScope,
  entityType: 'ContextIssue' | 'InterestedParty' | 'ScopeStatement' | 'ContextProfile',
  entity: { id: string; version: number },
  args: ConnectionArgs,
  deps: ContextReadDeps & { recent?: RecentChanges },
): Promise<Connection<ChangeRecord>> {
  return entityHistory(scope, entityType, entity.id, args, { history: deps.store, ...deps }, entity.version);
}
