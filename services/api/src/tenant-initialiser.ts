// What every new tenant starts with, written into its store before it turns ACTIVE.
import {
  applyConsultancyTemplate,
  type ConsultancyTemplate,
  latestMethodology,
  seedDefaultMethodology,
  type Tenant,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from './context';

/**
 * New tenants start with the default risk methodology, written before they turn
 * ACTIVE; onboarding with a consultancy template (§3.16) then adds its drafts,
 * through the modules' use cases, as the onboarding consultant.
 */
export function tenantInitialiser(deps: Pick<ApiDeps, 'clients' | 'clock' | 'ids'>) {
  return async (tenant: Tenant, actorId: string, template?: ConsultancyTemplate | null) => {
    const store = await tenantStore(tenant, deps.clients);
    // Idempotent: a resumed provisioning may find the methodology already written.
    if (await latestMethodology(store)) return;
    const storeDeps = { store, clock: deps.clock, ids: deps.ids };
    await seedDefaultMethodology(tenant.id, actorId, storeDeps);
    if (template) {
      await applyConsultancyTemplate(
        { tenantId: tenant.id, actorId, role: 'CONSULTANT' },
        template,
        storeDeps,
      );
    }
  };
}
