// A client tenant with N AI systems and N risks (half mitigated, each with an
// action), a third of the systems at version 2, and part of the SoA decided.
// The core use cases write it into an in-memory store with the tenant's id —
// the same declarations, keys, links and counters the DynamoDB store writes —
// and the items are then copied to the tenant's table in bulk (BatchWrite):
// a use case on DynamoDB Local takes ~13 ms a write, too slow for 5,000 records.
import { DEMO_CONSULTANCY, DEMO_USERS, tenantInitialiser } from '@aims/api/local';
import {
  acceptInvitation,
  type ControlId,
  createRisk,
  createTreatmentAction,
  InMemoryTenantStore,
  inviteMember,
  latestMethodology,
  onboardClientTenant,
  registerAiSystem,
  seedDefaultMethodology,
  type Tenant,
  treatRisk,
  updateAiSystem,
  updateSoaEntry,
} from '@aims/core';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type BenchStack, inParallel } from './support';

const STAGES = ['DEVELOPMENT', 'DEPLOYMENT', 'USE'] as const;
const CATEGORIES = ['BIAS_FAIRNESS', 'SAFETY', 'PRIVACY', 'SECURITY', 'TRANSPARENCY', 'ACCOUNTABILITY'];
const CONTROLS = ['A.6.2.4', 'A.7.4', 'A.9.2', 'A.8.2', 'A.5.2', 'A.6.2.6'];
const CONCURRENCY = 8;

export interface ScaleTenant {
  tenant: Tenant;
  records: number;
  systemIds: string[];
  riskIds: string[];
}

/** A client tenant onboarded by Priya (consultant) with Alex (AIMS manager) and Rafa (risk owner) as members. */
export async function onboardBenchTenant(stack: BenchStack, name: string) {
  const deps = { ...stack.deps, initialiseTenant: tenantInitialiser(stack.deps) };
  const priya = DEMO_USERS.priya;
  const tenant = await onboardClientTenant(
    { userId: priya.sub, email: priya.email, emailVerified: true, displayName: priya.name },
    { consultancyId: DEMO_CONSULTANCY.id, name },
    deps,
  );
  const consultant = { tenantId: tenant.id, actorId: priya.sub, role: 'CONSULTANT' as const };
  for (const [user, role] of [
    [DEMO_USERS.alex, 'AIMS_MANAGER'],
    [DEMO_USERS.rafa, 'AI_RISK_OWNER'],
  ] as const) {
    await inviteMember(consultant, { email: user.email, role }, deps);
    const invitee = { userId: user.sub, email: user.email, emailVerified: true, displayName: user.name };
    await acceptInvitation(invitee, tenant.id, deps);
  }
  return { tenant, deps };
}

export async function seedScaleTenant(stack: BenchStack, records: number): Promise<ScaleTenant> {
  const { tenant, deps } = await onboardBenchTenant(stack, `Bench ${records} records`);

  const memory = new InMemoryTenantStore(tenant.id);
  const manager = { tenantId: tenant.id, actorId: DEMO_USERS.alex.sub, role: 'AIMS_MANAGER' as const };
  const owners = [DEMO_USERS.alex.sub, DEMO_USERS.rafa.sub];
  const ports = {
    store: memory,
    clock: deps.clock,
    ids: deps.ids,
    isMember: async (id: string) => owners.includes(id),
  };
  // The methodology onboarding wrote is the one risks are scored under.
  if (!(await latestMethodology(memory))) await seedDefaultMethodology(tenant.id, manager.actorId, ports);

  const systems = [];
  for (let i = 0; i < records; i++) {
    const system = await registerAiSystem(
      manager,
      {
        name: `System ${String(i).padStart(5, '0')}`,
        purpose: 'Benchmark system with a realistic amount of inventory detail.',
        dataProcessed: ['customer records', 'support tickets'],
        decisionsInfluenced: ['queue order'],
        affectedStakeholders: ['customers', 'agents'],
        businessProcess: 'Customer service',
        lifecycleStage: STAGES[i % 3],
        ownerId: owners[i % 2],
        provenance: i % 4 === 0 ? 'THIRD_PARTY_API' : 'INTERNAL',
        vendor: i % 4 === 0 ? { name: 'Vendor Ltd', modelOrService: 'model-x' } : null,
      },
      ports,
    );
    // A third get a second version, so history pages hold more than one record.
    systems.push(
      i % 3
        ? system
        : await updateAiSystem(
            manager,
            { id: system.id, expectedVersion: 1, purpose: 'Benchmark system, revised purpose.' },
            ports,
          ),
    );
  }

  const risks = [];
  for (let i = 0; i < records; i++) {
    const risk = await createRisk(
      manager,
      {
        title: `Benchmark risk ${i}`,
        description: 'A risk with a description of typical length for the register.',
        category: CATEGORIES[i % CATEGORIES.length],
        aiSystemIds: [systems[i % systems.length]?.id],
        ownerId: owners[(i + 1) % 2],
        likelihood: (i % 5) + 1,
        impacts: {
          ORGANISATION: ((i * 7) % 5) + 1,
          INDIVIDUALS: ((i * 3) % 5) + 1,
          GROUPS: ((i * 11) % 5) + 1,
          SOCIETY: 1,
        },
        reviewDate: '2027-06-30',
      },
      ports,
    );
    if (i % 2) {
      risks.push(risk);
      continue;
    }
    const controlId = CONTROLS[i % CONTROLS.length] as ControlId;
    risks.push(
      await treatRisk(
        manager,
        { id: risk.id, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: [controlId] }] },
        ports,
      ),
    );
    await createTreatmentAction(
      manager,
      {
        title: `Action for risk ${i}`,
        riskId: risk.id,
        controlId,
        ownerId: owners[i % 2],
        dueDate: '2027-03-31',
      },
      ports,
    );
  }
  for (const controlId of CONTROLS) {
    await updateSoaEntry(
      manager,
      {
        controlId,
        expectedVersion: 0,
        applicable: true,
        justification: 'Needed to treat the risks of the benchmark register.',
        reasons: ['RISK_TREATMENT'],
        implementationStatus: 'PLANNED',
        linkedRiskIds: risks.slice(0, 3).map((r) => r.id),
      },
      ports,
    );
  }
  // The onboarding methodology is already in the table; everything else is copied.
  const items = [...memory.table.items.values()].filter((i) => i.entity !== 'RiskMethodology');
  await writeAll(stack, tenant.tableName, items);
  return { tenant, records, systemIds: systems.map((s) => s.id), riskIds: risks.map((r) => r.id) };
}

export async function writeAll(stack: BenchStack, table: string, items: Record<string, unknown>[]) {
  const batches = Math.ceil(items.length / 25);
  await inParallel(batches, CONCURRENCY, async (b) => {
    let pending = items.slice(b * 25, b * 25 + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 10) throw new Error('BatchWrite kept returning unprocessed items');
      const out = await stack.clients.doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  });
}
