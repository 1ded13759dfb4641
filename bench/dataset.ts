// A client tenant with N AI systems and N risks (half mitigated, each with an
// action), a third of the systems at version 2, and part of the SoA decided.
// Entities are built with the core types and written in bulk (BatchWrite) with
// the repositories' key shapes and their change records: the use cases take
// ~13 ms a write on DynamoDB Local, too slow for 5,000-record tenants.

import { DEMO_CONSULTANCY, DEMO_USERS, tenantInitialiser } from '@aims/api/local';
import {
  type AiSystem,
  type ControlId,
  defaultMethodology,
  entityChange,
  inviteMember,
  onboardClientTenant,
  type Risk,
  scoreRisk,
  type Tenant,
  type TreatmentAction,
  updateSoaEntry,
} from '@aims/core';
import { tenantKeys, tenantRepositories } from '@aims/data';
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

export async function seedScaleTenant(stack: BenchStack, records: number): Promise<ScaleTenant> {
  const deps = { ...stack.deps, initialiseTenant: tenantInitialiser(stack.deps) };
  const priya = DEMO_USERS.priya;
  const tenant = await onboardClientTenant(
    { userId: priya.sub, email: priya.email, emailVerified: true, displayName: priya.name },
    { consultancyId: DEMO_CONSULTANCY.id, name: `Bench ${records} records` },
    deps,
  );
  const consultant = { tenantId: tenant.id, actorId: priya.sub, role: 'CONSULTANT' as const };
  await inviteMember(consultant, { email: DEMO_USERS.alex.email, role: 'AIMS_MANAGER' }, deps);
  await inviteMember(consultant, { email: DEMO_USERS.rafa.email, role: 'AI_RISK_OWNER' }, deps);

  const repos = await tenantRepositories(tenant, deps.clients);
  const manager = { tenantId: tenant.id, actorId: DEMO_USERS.alex.sub, role: 'AIMS_MANAGER' as const };
  const ports = {
    ...repos,
    clock: deps.clock,
    ids: deps.ids,
    isMember: async (id: string) => !!(await deps.controlPlane.getMembership(id, tenant.id)),
  };
  const owners = [DEMO_USERS.alex.sub, DEMO_USERS.rafa.sub];
  const t = tenant.id;
  const now = deps.clock.now().toISOString();
  const methodology = defaultMethodology(t, now, manager.actorId);
  const items: Record<string, unknown>[] = [];
  const change = (type: string, before: any, after: any) => {
    const c = entityChange(type, manager, before, after, now, deps.ids);
    items.push({
      ...tenantKeys.change(t, type, c.entityId, c.version),
      ...tenantKeys.changeFeed(t, c.at, c.id),
      entity: 'ChangeRecord',
      ...c,
    });
  };

  const systems: AiSystem[] = Array.from({ length: records }, (_, i) => ({
    id: deps.ids.next(),
    tenantId: t,
    name: `System ${String(i).padStart(5, '0')}`,
    purpose: 'Benchmark system with a realistic amount of inventory detail.',
    description: null,
    dataProcessed: ['customer records', 'support tickets'],
    decisionsInfluenced: ['queue order'],
    affectedStakeholders: ['customers', 'agents'],
    businessProcess: 'Customer service',
    lifecycleStage: STAGES[i % 3] as AiSystem['lifecycleStage'],
    ownerId: owners[i % 2] as string,
    provenance: i % 4 === 0 ? 'THIRD_PARTY_API' : 'INTERNAL',
    vendor:
      i % 4 === 0
        ? { name: 'Vendor Ltd', modelOrService: 'model-x', contractReference: null, dpaReference: null }
        : null,
    decommissionedAt: null,
    decommissionReason: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  }));
  for (const [i, first] of systems.entries()) {
    change('AiSystem', null, first);
    // A third get a second version, so history pages hold more than one record.
    const system = i % 3 ? first : { ...first, purpose: 'Benchmark system, revised purpose.', version: 2 };
    if (system !== first) change('AiSystem', first, system);
    systems[i] = system;
    items.push({
      ...tenantKeys.aiSystem(t, system.id),
      ...tenantKeys.aiSystemIndexes(t, system),
      entity: 'AiSystem',
      ...system,
    });
  }

  const risks: Risk[] = systems.map((system, i) => {
    const inherent = scoreRisk(methodology, (i % 5) + 1, {
      INDIVIDUALS: ((i * 3) % 5) + 1,
      ORGANISATION: ((i * 7) % 5) + 1,
    });
    const controlId = CONTROLS[i % CONTROLS.length] as ControlId;
    const risk: Risk = {
      id: deps.ids.next(),
      tenantId: t,
      title: `Benchmark risk ${i}`,
      description: 'A risk with a description of typical length for the register.',
      category: CATEGORIES[i % CATEGORIES.length] as string,
      aiSystemIds: [system.id],
      ownerId: owners[(i + 1) % 2] as string,
      methodologyVersion: methodology.version,
      inherent,
      treatment:
        i % 2
          ? null
          : {
              option: 'MITIGATE',
              controlIds: [controlId],
              transferParty: null,
              acceptance: null,
              stopUseCase: false,
              notes: null,
              decidedBy: manager.actorId,
              decidedAt: now,
            },
      residual: null,
      reviewDate: '2027-06-30',
      status: i % 2 ? 'OPEN' : 'TREATED',
      sourceFinding: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    change('Risk', null, risk);
    items.push({
      ...tenantKeys.risk(t, risk.id),
      ...tenantKeys.riskIndexes(t, {
        id: risk.id,
        score: inherent.score,
        band: inherent.band,
        ownerId: risk.ownerId,
      }),
      entity: 'Risk',
      ...risk,
    });
    if (!risk.treatment) return risk;
    const action: TreatmentAction = {
      id: deps.ids.next(),
      tenantId: t,
      title: `Action for risk ${i}`,
      riskId: risk.id,
      controlId,
      ownerId: owners[i % 2] as string,
      dueDate: '2027-03-31',
      progress: 0,
      completedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    change('TreatmentAction', null, action);
    items.push({
      ...tenantKeys.action(t, action.id),
      ...tenantKeys.actionIndex(t, action),
      entity: 'TreatmentAction',
      ...action,
    });
    return risk;
  });
  await writeAll(stack, tenant.tableName, items);

  let version = 0;
  for (const controlId of CONTROLS) {
    const soa = await updateSoaEntry(
      manager,
      {
        controlId,
        expectedVersion: version,
        applicable: true,
        justification: 'Needed to treat the risks of the benchmark register.',
        reasons: ['RISK_TREATMENT'],
        implementationStatus: 'PLANNED',
        linkedRiskIds: risks.slice(0, 3).map((r) => r.id),
      },
      ports,
    );
    version = soa.version;
  }
  return { tenant, records, systemIds: systems.map((s) => s.id), riskIds: risks.map((r) => r.id) };
}

async function writeAll(stack: BenchStack, table: string, items: Record<string, unknown>[]) {
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
