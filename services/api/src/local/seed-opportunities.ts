// Demo AI opportunities for Acme Health (6.1.1, R9): one being carried out, one
// planned, one realised with its result evaluated, and one rejected with a
// reason, so the register, its state machine and the actions view show content.
import {
  type AiOpportunity,
  AiSystems,
  type Clock,
  createAiOpportunity,
  type Tenant,
  transitionAiOpportunity,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

const DAY_MS = 86_400_000;

export async function seedOpportunities(
  deps: ApiDeps,
  acme: Tenant,
  users: Record<'alex' | 'sam' | 'rafa', string>,
) {
  const store = await tenantStore(acme, deps.clients);
  const memberRole = async (id: string) => (await deps.controlPlane.getMembership(id, acme.id))?.role ?? null;
  const day = (offset: number) =>
    new Date(deps.clock.now().getTime() + offset * DAY_MS).toISOString().slice(0, 10);
  const at = (daysAgo: number): Clock => ({
    now: () => new Date(deps.clock.now().getTime() - daysAgo * DAY_MS),
  });
  const ports = (daysAgo: number) => ({ store, memberRole, clock: at(daysAgo), ids: deps.ids });
  const manager = { tenantId: acme.id, actorId: users.alex, role: 'AIMS_MANAGER' as const };
  const riskOwner = { tenantId: acme.id, actorId: users.rafa, role: 'AI_RISK_OWNER' as const };
  const systems = (await store.query(AiSystems, 'inventory', {}, { limit: 10 })).entries.map((e) => e.item);
  const systemId = (name: string) => {
    const system = systems.find((s) => s.name === name);
    if (!system) throw new Error(`seed AI system ${name} missing`);
    return system.id;
  };
  const move = (o: AiOpportunity, daysAgo: number, input: Record<string, unknown>) =>
    transitionAiOpportunity(riskOwner, { id: o.id, expectedVersion: o.version, ...input }, ports(daysAgo));

  const triage = await createAiOpportunity(
    manager,
    {
      title: 'Triage assistant shortens waiting times for urgent patient messages',
      description:
        'Urgent messages reach a nurse within the hour instead of the next morning; nurses spend less time sorting the inbox.',
      aiSystemIds: [systemId('Patient triage assistant')],
      benefit: 5,
      feasibility: 4,
    },
    ports(45),
  );
  await move(triage, 40, {
    status: 'PLANNED',
    action: {
      plan: 'Pilot on the cardiology and respiratory wards for eight weeks; measure median time to first nurse response against the last quarter.',
      ownerId: users.sam,
      dueOn: day(30),
    },
  }).then((o) => move(o, 35, { status: 'IN_PROGRESS' }));

  await createAiOpportunity(
    manager,
    {
      title: 'Discharge summary drafting frees clinician time',
      description:
        'The notes summariser drafts discharge summaries for clinician review, so patients leave with their summary on the day.',
      aiSystemIds: [systemId('Clinical notes summariser')],
      benefit: 4,
      feasibility: 3,
      action: {
        plan: 'Validate draft quality on 200 past discharges with two consultants before enabling it in the EHR.',
        ownerId: users.sam,
        dueOn: day(90),
      },
    },
    ports(20),
  ).then((o) => move(o, 18, { status: 'PLANNED' }));

  const followUp = await createAiOpportunity(
    manager,
    {
      title: 'Readmission scores target follow-up calls',
      description: 'Care coordinators call the patients most likely to be readmitted first.',
      aiSystemIds: [systemId('Readmission risk model')],
      benefit: 3,
      feasibility: 4,
    },
    ports(120),
  );
  await move(followUp, 115, {
    status: 'PLANNED',
    action: {
      plan: 'Order the follow-up call list by readmission score for one quarter and compare 30-day readmissions.',
      ownerId: users.rafa,
      dueOn: day(-10),
    },
  })
    .then((o) => move(o, 110, { status: 'IN_PROGRESS' }))
    .then((o) =>
      move(o, 5, {
        status: 'REALISED',
        evaluation: {
          result:
            '30-day readmissions of called patients fell from 14% to 11% over the quarter; calls per coordinator unchanged.',
          effective: true,
          evaluatedOn: day(-5),
        },
      }),
    );

  await createAiOpportunity(
    manager,
    {
      title: 'Chatbot answers appointment questions',
      aiSystemIds: [systemId('Patient triage assistant')],
      benefit: 2,
      feasibility: 2,
    },
    ports(60),
  ).then((o) =>
    move(o, 50, {
      status: 'REJECTED',
      reason:
        'The booking system already answers most questions; the benefit does not justify another patient-facing AI.',
    }),
  );
}
