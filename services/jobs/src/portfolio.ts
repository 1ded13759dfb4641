// Where the jobs report to the consultancy portfolio (§3.16). The DynamoDB sink
// (control plane) lives in services/data; the worker's handler factory is given
// it at its wiring point (src/worker.ts). Local runs and tests keep the latest
// report per tenant in memory.
import type { ClientOverdue, ClientReadiness, PortfolioSink, Tenant } from '@aims/core';

export class InMemoryPortfolioSink implements PortfolioSink {
  readonly readiness = new Map<string, ClientReadiness>();
  readonly overdue = new Map<string, ClientOverdue>();
  /** Every call, in order: a rerun shows as a repeated call with the same value. */
  readonly calls: { kind: 'readiness' | 'overdue'; tenantId: string }[] = [];

  async recordReadiness(tenant: Tenant, readiness: ClientReadiness): Promise<void> {
    this.calls.push({ kind: 'readiness', tenantId: tenant.id });
    this.readiness.set(tenant.id, readiness);
  }

  async recordOverdue(tenant: Tenant, overdue: ClientOverdue): Promise<void> {
    this.calls.push({ kind: 'overdue', tenantId: tenant.id });
    this.overdue.set(tenant.id, overdue);
  }
}
