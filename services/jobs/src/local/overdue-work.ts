// Sample risk-register and treatment-plan entries around a given day, so a local
// run (and the tests) have something to remind about. Goes through the core use
// cases, so the entries are what the API would have written.
import {
  type Clock,
  closeRisk,
  createRisk,
  createTreatmentAction,
  type IdGenerator,
  type Risk,
  type Role,
  type Tenant,
  type TreatmentAction,
  treatRisk,
  updateTreatmentAction,
} from '@aims/core';
import { type TenantClientProvider, tenantStore } from '@aims/data';

export interface OverdueWork {
  staleRisk: Risk;
  currentRisk: Risk;
  closedRisk: Risk;
  overdueAction: TreatmentAction;
  finishedAction: TreatmentAction;
  upcomingAction: TreatmentAction;
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Three risks (one past its review date, one not yet due, one closed) and three
 * actions (one overdue, one overdue but finished, one not yet due). Only the
 * first risk and the first action call for a reminder on `today`.
 */
export async function seedOverdueWork(
  tenant: Tenant,
  manager: { userId: string; role: Role },
  deps: { clients: TenantClientProvider; clock: Clock; ids: IdGenerator },
  today: string,
): Promise<OverdueWork> {
  const scope = { tenantId: tenant.id, actorId: manager.userId, role: manager.role };
  const riskDeps = {
    store: await tenantStore(tenant, deps.clients),
    isMember: async (userId: string) => userId === manager.userId,
    clock: deps.clock,
    ids: deps.ids,
  };
  const risk = (title: string, reviewDate: string) =>
    createRisk(
      scope,
      {
        title,
        category: 'BIAS_FAIRNESS',
        ownerId: manager.userId,
        likelihood: 3,
        impacts: { ORGANISATION: 2, INDIVIDUALS: 4, GROUPS: 2, SOCIETY: 1 },
        reviewDate,
      },
      riskDeps,
    );
  const staleRisk = await risk('Triage model under-prioritises older patients', addDays(today, -10));
  const currentRisk = await risk('Summaries omit medication changes', addDays(today, 30));
  const closing = await risk('Vendor model drifts after update', addDays(today, -5));
  // a risk above the threshold is closed only once a treatment is decided, and with a reason.
  await treatRisk(
    scope,
    { id: closing.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.6.2.4'] }] },
    riskDeps,
  );
  const closedRisk = await closeRisk(
    scope,
    {
      id: closing.id,
      expectedVersion: 2,
      closureReason: 'SYSTEM_DECOMMISSIONED',
      explanation: 'The vendor model was replaced by the in-house triage model',
    },
    riskDeps,
  );

  const action = (title: string, dueDate: string) =>
    createTreatmentAction(scope, { title, riskId: staleRisk.id, ownerId: manager.userId, dueDate }, riskDeps);
  const overdueAction = await action('Re-run the fairness evaluation by age group', addDays(today, -3));
  const finishing = await action('Document the triage override procedure', addDays(today, -20));
  const finishedAction = await updateTreatmentAction(
    scope,
    { id: finishing.id, expectedVersion: 1, progress: 100 },
    riskDeps,
  );
  const upcomingAction = await action('Add age to the monitoring dashboard', addDays(today, 7));
  return { staleRisk, currentRisk, closedRisk, overdueAction, finishedAction, upcomingAction };
}
