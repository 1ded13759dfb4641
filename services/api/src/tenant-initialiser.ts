// What every new tenant starts with, written into its store before it turns ACTIVE.
import { latestMethodology, seedDefaultMethodology, type Tenant } from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from './context';

/** New tenants start with the default risk methodology, written before they turn ACTIVE. */
export function tenantInitialiser(deps: Pick<ApiDeps, 'clients' | 'clock' | 'ids'>) {
  return async (tenant: Tenant, actorId: string) => {
    const store = await tenantStore(tenant, deps.clients);
    // Idempotent: a resumed provisioning may find the methodology already written.
    if (await latestMethodology(store)) return;
    await seedDefaultMethodology(tenant.id, actorId, { store, clock: deps.clock, ids: deps.ids });
  };
}
