// Reads of the risk register: filtered pages, a heat map ready to draw, and the
// gap list of risks above the threshold that nobody has treated.
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
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { parseInput } from '../shared/validation';
import type { StoreDeps } from '../shared/versioned';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { currentMethodology } from './manage-methodology';
import { bandFor, RISK_BANDS, type RiskBand, type RiskMethodology } from './methodology';
import { type RiskCounts, RiskCountsStore, RiskSystemLinks, Risks } from './model';
import { RISK_STATUSES, type Risk, type RiskFilter, type RiskStatus } from './risk';

export interface RiskReadDeps extends StoreDeps {
  cursors: CursorCodec;
}

const filterSchema = z
  .object({
    aiSystemId: z.string().min(1).nullish(),
    category: z.string().min(1).nullish(),
    band: z.enum(RISK_BANDS).nullish(),
    ownerId: z.string().min(1).nullish(),
    status: z.enum(RISK_STATUSES).nullish(),
  })
  .nullish();

export async function getRisk(
  scope: TenantScope,
  id: string,
  deps: Pick<RiskReadDeps, 'store'>,
): Promise<Risk> {
  assertCan(scope.role, 'risk.read');
  const risk = await deps.store.get(Risks, { id });
  if (!risk) throw new NotFoundError('Risk', id);
  return risk;
}

export async function listRisks(
  scope: TenantScope,
  args: ConnectionArgs & { filter?: RiskFilter | null },
  deps: RiskReadDeps,
): Promise<Connection<Risk>> {
  assertCan(scope.role, 'risk.read');
  const filter = parseInput(filterSchema, args.filter, ['filter']) ?? {};
  const listing = `risks|${JSON.stringify([filter.aiSystemId, filter.category, filter.band, filter.ownerId, filter.status])}`;
  return pagedConnection(scope.tenantId, listing, args, deps.cursors, (page) =>
    listByFilter(deps.store, filter, page),
  );
}

export interface HeatMapCell {
  likelihood: number;
  impact: number;
  score: number;
  band: RiskBand;
  inherent: number;
  residual: number;
}

export interface RiskHeatMap {
  methodologyVersion: number;
  likelihoodLevels: number;
  impactLevels: number;
  /** Every cell of the grid, row by row (likelihood high to low), counts possibly zero. */
  cells: HeatMapCell[];
  /** Risks scored under an older methodology, which this grid cannot place. */
  notOnCurrentMethodology: number;
}

/** The grid for a methodology from its counters; risks on other versions are counted apart. */
export function buildHeatMap(counts: readonly RiskCounts[], m: RiskMethodology): RiskHeatMap {
  const L = m.likelihoodScale.length;
  const I = m.impactScale.length;
  const current = counts.find((c) => c.methodologyVersion === m.version)?.cells ?? {};
  const cells: HeatMapCell[] = [];
  for (let likelihood = L; likelihood >= 1; likelihood--) {
    for (let impact = 1; impact <= I; impact++) {
      const score = likelihood * impact;
      cells.push({
        likelihood,
        impact,
        score,
        band: bandFor(score, m.bands),
        inherent: current[`i_${likelihood}_${impact}`] ?? 0,
        residual: current[`r_${likelihood}_${impact}`] ?? 0,
      });
    }
  }
  const openRisks = (c: RiskCounts) =>
    Object.entries(c.cells).reduce((n, [k, v]) => (k.startsWith('i_') ? n + v : n), 0);
  return {
    methodologyVersion: m.version,
    likelihoodLevels: L,
    impactLevels: I,
    cells,
    notOnCurrentMethodology: counts
      .filter((c) => c.methodologyVersion !== m.version)
      .reduce((n, c) => n + openRisks(c), 0),
  };
}

/** From the counters every risk write keeps: one read however large the register. */
export async function riskHeatMap(scope: TenantScope, deps: RiskReadDeps): Promise<RiskHeatMap> {
  assertCan(scope.role, 'risk.read');
  const [counts, methodology] = await Promise.all([
    deps.store.collection(RiskCountsStore, ['RISKCOUNT']),
    currentMethodology(scope, deps),
  ]);
  return buildHeatMap(counts, methodology);
}

/** Risks above the threshold with no treatment: the sparse gap index, highest score first. */
export function untreatedRisksAboveThreshold(
  scope: TenantScope,
  args: ConnectionArgs,
  deps: RiskReadDeps,
): Promise<Connection<Risk>> {
  assertCan(scope.role, 'risk.read');
  return pagedConnection(scope.tenantId, 'untreatedRisks', args, deps.cursors, (page) =>
    deps.store.query(Risks, 'gaps', {}, page),
  );
}

export function riskHistory(
  scope: TenantScope,
  risk: Pick<Risk, 'id' | 'version'>,
  args: ConnectionArgs,
  deps: RiskReadDeps & { recent?: RecentChanges },
): Promise<Connection<ChangeRecord>> {
  return entityHistory(scope, 'Risk', risk.id, args, { history: deps.store, ...deps }, risk.version);
}

/** One AI system's risks in register order, through its link items. */
export function risksOfSystem(
  scope: TenantScope,
  aiSystemId: string,
  args: ConnectionArgs,
  deps: RiskReadDeps,
): Promise<Connection<Risk>> {
  assertCan(scope.role, 'risk.read');
  return pagedConnection(scope.tenantId, `systemRisks|${aiSystemId}`, args, deps.cursors, (page) =>
    systemRisksPage(deps.store, aiSystemId, page, {}),
  );
}

/** Open AVOID risks asking for systems to stop (a sparse index: few, read whole). */
export function stopRequests(scope: TenantScope, store: TenantStore): Promise<Risk[]> {
  assertCan(scope.role, 'risk.read');
  return readAll(store, Risks, 'stopRequests', {});
}

export function stopRequestsFor(aiSystemId: string, requests: readonly Risk[]): Risk[] {
  return requests.filter((r) => r.aiSystemIds.includes(aiSystemId));
}

type RiskWhere = { ownerId?: string; currentBand?: string; category?: string; status?: string };

/** Each single filter is served by its own key; a second one filters that key's reads (bounded). */
function listByFilter(store: TenantStore, f: RiskFilter, page: PageRequest): Promise<Page<Risk>> {
  const where: RiskWhere = {};
  if (f.ownerId) where.ownerId = f.ownerId;
  if (f.band) where.currentBand = f.band;
  if (f.category) where.category = f.category;
  if (f.status) where.status = f.status;
  if (f.aiSystemId) return systemRisksPage(store, f.aiSystemId, page, where);
  const { ownerId, currentBand, category, status, ...none } = where;
  void none;
  const rest = (omit: keyof RiskWhere) => {
    const { [omit]: _dropped, ...others } = where;
    return Object.keys(others).length ? { where: others as Record<string, string> } : {};
  };
  if (ownerId) return store.query(Risks, 'byOwner', { ownerId }, page, rest('ownerId'));
  if (currentBand)
    return store.query(Risks, 'byBand', { band: currentBand as RiskBand }, page, rest('currentBand'));
  if (category) return store.query(Risks, 'byCategory', { category }, page, rest('category'));
  if (status) return store.query(Risks, 'byStatus', { status: status as RiskStatus }, page, rest('status'));
  return store.query(Risks, 'register', {}, page);
}

async function systemRisksPage(
  store: TenantStore,
  aiSystemId: string,
  page: PageRequest,
  where: RiskWhere,
): Promise<Page<Risk>> {
  const links = await store.query(RiskSystemLinks, 'bySystem', {}, page, { sortPrefix: `${aiSystemId}#` });
  const risks = await store.getMany(
    Risks,
    links.entries.map((e) => ({ id: e.item.riskId })),
  );
  const entries = links.entries.flatMap((e, i) => {
    const risk = risks[i];
    const keep =
      risk && Object.entries(where).every(([k, v]) => (risk as unknown as Record<string, unknown>)[k] === v);
    return keep ? [{ item: risk, key: e.key }] : [];
  });
  const last = links.entries.at(-1)?.key;
  return entries.length < links.entries.length && links.hasMore && last
    ? { entries, hasMore: true, endKey: last }
    : { ...links, entries };
}
