// Reads of the risk register: filtered pages, a heat map ready to draw, and the
// gap list of risks above the threshold that nobody has treated.
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
import { currentMethodology, type MethodologyRepository } from './manage-methodology';
import { bandFor, RISK_BANDS, type RiskBand, type RiskMethodology } from './methodology';
import {
  isUntreatedAboveThreshold,
  RISK_STATUSES,
  type Risk,
  type RiskFilter,
  type RiskRepository,
} from './risk';

export interface RiskReadDeps {
  risks: RiskRepository;
  methodologies: MethodologyRepository;
  cursors: CursorCodec;
  clock: { now(): Date };
  ids: { next(): string };
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
  deps: Pick<RiskReadDeps, 'risks'>,
): Promise<Risk> {
  assertCan(scope.role, 'risk.read');
  const risk = await deps.risks.get(id);
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
    deps.risks.list(filter, page),
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

export function buildHeatMap(risks: readonly Risk[], m: RiskMethodology): RiskHeatMap {
  const L = m.likelihoodScale.length;
  const I = m.impactScale.length;
  const cells: HeatMapCell[] = [];
  for (let likelihood = L; likelihood >= 1; likelihood--) {
    for (let impact = 1; impact <= I; impact++) {
      const score = likelihood * impact;
      cells.push({ likelihood, impact, score, band: bandFor(score, m.bands), inherent: 0, residual: 0 });
    }
  }
  const at = (l: number, i: number) => cells[(L - l) * I + (i - 1)];
  let notOnCurrentMethodology = 0;
  for (const risk of risks) {
    if (risk.status === 'CLOSED') continue;
    if (risk.methodologyVersion !== m.version) {
      notOnCurrentMethodology++;
      continue;
    }
    const inherent = at(risk.inherent.likelihood, risk.inherent.impact);
    if (inherent) inherent.inherent++;
    const residual = risk.residual ? at(risk.residual.likelihood, risk.residual.impact) : inherent;
    if (residual) residual.residual++;
  }
  return {
    methodologyVersion: m.version,
    likelihoodLevels: L,
    impactLevels: I,
    cells,
    notOnCurrentMethodology,
  };
}

export async function riskHeatMap(scope: TenantScope, deps: RiskReadDeps): Promise<RiskHeatMap> {
  assertCan(scope.role, 'risk.read');
  const [risks, methodology] = await Promise.all([deps.risks.all(), currentMethodology(scope, deps)]);
  return buildHeatMap(risks, methodology);
}

export async function untreatedRisksAboveThreshold(scope: TenantScope, deps: RiskReadDeps): Promise<Risk[]> {
  assertCan(scope.role, 'risk.read');
  const risks = await deps.risks.all();
  const versions = new Map<number, RiskMethodology | null>();
  const gaps: Risk[] = [];
  for (const risk of risks) {
    if (!versions.has(risk.methodologyVersion)) {
      versions.set(risk.methodologyVersion, await deps.methodologies.getVersion(risk.methodologyVersion));
    }
    const m = versions.get(risk.methodologyVersion);
    if (m && isUntreatedAboveThreshold(risk, m)) gaps.push(risk);
  }
  return gaps.sort((a, b) => b.inherent.score - a.inherent.score || a.title.localeCompare(b.title));
}

export function riskHistory(
  scope: TenantScope,
  riskId: string,
  args: ConnectionArgs,
  deps: RiskReadDeps,
): Promise<Connection<ChangeRecord>> {
  return entityHistory(scope, 'Risk', riskId, args, { history: deps.risks, cursors: deps.cursors });
}

/** One AI system's risks in register order, from the register already read for this request. */
export function risksOfSystem(scope: TenantScope, aiSystemId: string, register: readonly Risk[]): Risk[] {
  assertCan(scope.role, 'risk.read');
  return register
    .filter((r) => r.aiSystemIds.includes(aiSystemId))
    .sort((a, b) => b.inherent.score - a.inherent.score || a.id.localeCompare(b.id));
}

/** Open risks treated by AVOID that name this system: the use case is to be stopped. */
export function stopRequestsFor(scope: TenantScope, aiSystemId: string, register: readonly Risk[]): Risk[] {
  return risksOfSystem(scope, aiSystemId, register).filter(
    (r) => r.status !== 'CLOSED' && r.treatment?.option === 'AVOID' && r.treatment.stopUseCase,
  );
}
