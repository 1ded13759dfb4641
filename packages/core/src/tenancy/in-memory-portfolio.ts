// The portfolio store in memory, for core tests: the same rules as the DynamoDB
// sink (own fields only, older snapshots ignored) and the same order, taken
// from the ClientStatus declaration's index sort keys.
import type { Page, PageRequest } from '../shared/ports';
import { ClientStatuses } from './control-plane-model';
import type { Tenant } from './model';
import type { ClientOverdue, ClientReadiness } from './portfolio';
import {
  type ClientStatus,
  initialClientStatus,
  type PortfolioOrder,
  type PortfolioStore,
  withOverdue,
  withReadiness,
} from './portfolio-status';

export class InMemoryPortfolio implements PortfolioStore {
  readonly statuses = new Map<string, ClientStatus>();
  /** Reads served, so tests can assert a page costs one. */
  reads = 0;

  constructor(private readonly now: () => string = () => new Date().toISOString()) {}

  onboard(tenant: Tenant): void {
    this.statuses.set(tenant.id, initialClientStatus(tenant, this.now()));
  }

  async recordReadiness(tenant: Tenant, readiness: ClientReadiness): Promise<void> {
    const next = withReadiness(this.statuses.get(tenant.id) ?? null, tenant, readiness, this.now());
    if (next) this.statuses.set(tenant.id, next);
  }

  async recordOverdue(tenant: Tenant, overdue: ClientOverdue): Promise<void> {
    const next = withOverdue(this.statuses.get(tenant.id) ?? null, tenant, overdue, this.now());
    if (next) this.statuses.set(tenant.id, next);
  }

  async recordTenant(tenant: Tenant): Promise<void> {
    const current = this.statuses.get(tenant.id);
    const base = initialClientStatus(tenant, this.now());
    this.statuses.set(
      tenant.id,
      current ? { ...current, consultancyId: base.consultancyId, tenantName: base.tenantName } : base,
    );
  }

  async listClientStatuses(
    consultancyId: string,
    orderBy: PortfolioOrder,
    page: PageRequest,
  ): Promise<Page<ClientStatus>> {
    this.reads++;
    const pattern = orderBy === 'RISK' ? ClientStatuses.patterns.byRisk : ClientStatuses.patterns.byName;
    const after = typeof page.startKey?.sort === 'string' ? page.startKey.sort : '';
    const rows = [...this.statuses.values()]
      .filter((s) => s.consultancyId === consultancyId)
      .map((s) => ({ s, sort: pattern.sort(s) }))
      .filter((r) => r.sort > after)
      .sort((a, b) => (a.sort < b.sort ? -1 : 1));
    const kept = rows.slice(0, page.limit);
    return {
      entries: kept.map((r) => ({ item: r.s, key: { sort: r.sort } })),
      hasMore: rows.length > page.limit,
    };
  }
}
