// What every new tenant starts with, written into its store before it turns ACTIVE.
import { seedDefaultMethodology, type Tenant } from '@aims/core';
import { tenantRepositories } from '@aims/data';
import type { ApiDeps } from './context';

/** New tenants start with the default risk methodology, written before they turn ACTIVE. */
export function tenantInitialiser(deps: Pick<ApiDeps, 'clients' | 'clock' | 'ids'>) {
  return async (tenant: Tenant, actorId: string) => {
    const repos = await tenantRepositories(tenant, deps.clients);
    // Idempotent: a resumed provisioning may find the methodology already written.
    if (await repos.methodologies.current()) return;
    await seedDefaultMethodology(tenant.id, actorId, {
      methodologies: repos.methodologies,
      clock: deps.clock,
      ids: deps.ids,
    });
  };
}
