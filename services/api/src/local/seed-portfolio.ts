// Demo portfolio (§3.16): every Northwind client already has its portfolio row
// from onboarding (never assessed); Acme Health's takes its latest readiness
// snapshot when the seed wrote one. Northwind publishes Acme Health's set-up
// as its first client template.
import {
  type Actor,
  clientReadinessOf,
  latestReadinessSnapshot,
  publishConsultancyTemplate,
  type Tenant,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

export const DEMO_TEMPLATE_NAME = 'Northwind healthcare starter';

export async function seedPortfolio(deps: ApiDeps, priya: Actor, consultancyId: string, acme: Tenant) {
  const store = await tenantStore(acme, deps.clients);
  const snapshot = await latestReadinessSnapshot(store);
  if (snapshot) await deps.portfolio.recordReadiness(acme, clientReadinessOf(snapshot));
  return publishConsultancyTemplate(
    priya,
    { consultancyId, name: DEMO_TEMPLATE_NAME, sourceTenantId: acme.id },
    {
      controlPlane: deps.controlPlane,
      templates: deps.templates,
      tenantStore: (tenant) => tenantStore(tenant, deps.clients),
      cursors: deps.cursors,
      clock: deps.clock,
    },
  );
}
