// Demo readiness picture for Acme Health (§3.12): the AIMS manager fills in the
// questionnaire in two sittings and submits it. The answers are honest about what
// is missing but overclaim where records already say otherwise (the inventory, the
// internal audit), so the sandbox shows the gap list, showstoppers, the overclaim
// index and a roadmap. Runs last: the evidence caps read what the other seeds wrote.
import {
  type ReadinessSnapshot,
  saveReadinessAnswers,
  submitReadinessAssessment,
  type Tenant,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

const DAY_MS = 86_400_000;

const FIRST_SITTING = [
  { itemId: 'RQ-01', value: 3 },
  { itemId: 'RQ-02', value: 3 },
  { itemId: 'RQ-03', value: 3 },
  { itemId: 'RQ-04', value: 2 },
  { itemId: 'RQ-05', value: 3 },
  { itemId: 'RQ-06', value: 3 },
  { itemId: 'RQ-07', value: 3 },
  { itemId: 'RQ-08', value: 2 },
  { itemId: 'RQ-09', value: 3 },
  { itemId: 'RQ-10', value: 2 },
  // Overclaims: the inventory is said to be complete, and an audit said to be done.
  { itemId: 'RQ-11', value: 5 },
  { itemId: 'RQ-12', value: 2 },
];

const SECOND_SITTING = [
  { itemId: 'RQ-13', value: 3 },
  { itemId: 'RQ-14', value: 3 },
  { itemId: 'RQ-15', value: 2 },
  { itemId: 'RQ-16', value: 2 },
  { itemId: 'RQ-17', value: 2 },
  { itemId: 'RQ-18', value: 2 },
  { itemId: 'RQ-19', value: 3 },
  { itemId: 'RQ-20', value: 3 },
  { itemId: 'RQ-22', value: 2 },
  { itemId: 'RQ-24', value: 2 },
  { itemId: 'RQ-25', value: 2 },
  { itemId: 'RQ-27', value: 3 },
  { itemId: 'RQ-28', value: 1 },
  { itemId: 'RQ-32', value: 1 },
  { itemId: 'RQ-34', value: 3 },
  { itemId: 'RQ-35', value: 1 },
  { itemId: 'RQ-36', value: 0 },
  { itemId: 'CM-1', value: 3 },
  { itemId: 'CM-2', value: 2 },
  { itemId: 'CM-3', value: 4 },
  { itemId: 'CM-4', value: 2 },
  { itemId: 'CM-5', value: 1 },
];

export async function seedReadiness(deps: ApiDeps, acme: Tenant, alex: string): Promise<ReadinessSnapshot> {
  const store = await tenantStore(acme, deps.clients);
  const manager = { tenantId: acme.id, actorId: alex, role: 'AIMS_MANAGER' as const };
  const ports = { store, clock: deps.clock, ids: deps.ids };
  const started = new Date(deps.clock.now().getTime() - 30 * DAY_MS).toISOString().slice(0, 10);
  const target = new Date(deps.clock.now().getTime() + 150 * DAY_MS).toISOString().slice(0, 10);
  await saveReadinessAnswers(
    manager,
    {
      expectedVersion: 0,
      profile: {
        existingCertifications: ['ISO_27001'],
        aiSystems: { inUse: 2, inDevelopment: 1 },
        thirdPartyAi: { inUse: true, types: ['SAAS_EMBEDDED', 'PRE_TRAINED'] },
        euNexus: { hasNexus: true, operatorRoles: ['DEPLOYER', 'PROVIDER'] },
        sector: 'Healthcare',
        targetCertificationDate: target,
        startDate: started,
      },
      answers: FIRST_SITTING,
    },
    ports,
  );
  await saveReadinessAnswers(manager, { expectedVersion: 1, answers: SECOND_SITTING }, ports);
  return submitReadinessAssessment(manager, { expectedVersion: 2 }, ports);
}
