// A client tenant with N records in each register added by issue 11: context
// issues, interested parties, policy documents, AI objectives, competence
// records, training assignments, communication plan entries, controlled
// documents, custom controls, AI opportunities, committees and meetings. As in
// dataset.ts, the core use cases write into an in-memory store with the
// tenant's id (the same items the API writes) and the items are copied in bulk.
import { DEMO_USERS } from '@aims/api/local';
import {
  acceptAppointment,
  appoint,
  assignTraining,
  createAiObjective,
  createAiOpportunity,
  createCommittee,
  createCommunicationPlanEntry,
  createContextIssue,
  createControlledDocument,
  createCustomControl,
  createInterestedParty,
  createPolicyDocument,
  createTrainingCourse,
  InMemoryTenantStore,
  recordCommitteeMeeting,
  recordCompetence,
  registerAiSystem,
} from '@aims/core';
import { onboardBenchTenant, writeAll } from './dataset';
import type { BenchStack } from './support';

export interface RegisterTenant {
  tenantId: string;
  records: number;
  /** The committee holding N meetings. */
  committeeId: string;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const pad = (i: number) => String(i).padStart(5, '0');

export async function seedRegisterTenant(stack: BenchStack, records: number): Promise<RegisterTenant> {
  const { tenant, deps } = await onboardBenchTenant(stack, `Bench registers ${records}`);
  const memory = new InMemoryTenantStore(tenant.id);
  const alex = DEMO_USERS.alex.sub;
  const rafa = DEMO_USERS.rafa.sub;
  const roles: Record<string, 'AIMS_MANAGER' | 'AI_RISK_OWNER'> = {
    [alex]: 'AIMS_MANAGER',
    [rafa]: 'AI_RISK_OWNER',
  };
  const manager = { tenantId: tenant.id, actorId: alex, role: 'AIMS_MANAGER' as const };
  const ports = {
    store: memory,
    clock: deps.clock,
    ids: deps.ids,
    memberRole: async (id: string) => roles[id] ?? null,
    isMember: async (id: string) => id in roles,
  };

  // The set-up is ten days old, so meetings held yesterday fall within the committee's and the appointments' life.
  const past = { ...ports, clock: { now: () => new Date(deps.clock.now().getTime() - 10 * 86_400_000) } };
  const system = await registerAiSystem(
    manager,
    {
      name: 'Benchmark system',
      purpose: 'The system the register records refer to.',
      lifecycleStage: 'USE',
      ownerId: alex,
      provenance: 'INTERNAL',
    },
    ports,
  );
  const appointment = await appoint(
    manager,
    { kind: 'AIMS_MANAGER', userId: alex, responsibilities: ['Runs the AIMS day to day'] },
    past,
  );
  // Alex attends the meetings as top management, so the meetings can carry decisions.
  const topManagement = await appoint(
    manager,
    { kind: 'TOP_MANAGEMENT', userId: alex, responsibilities: ['Provides resources for the AIMS'] },
    past,
  );
  for (const a of [appointment, topManagement]) {
    await acceptAppointment(manager, { id: a.id, expectedVersion: a.version }, past);
  }
  const course = await createTrainingCourse(
    manager,
    { title: 'AI policy and AIMS awareness', topics: ['The AI policy'], validityMonths: 12 },
    ports,
  );
  const committee = await createCommittee(
    manager,
    { name: 'AI Governance Committee', charterDocumentRef: 'POL-AI-003', cadenceMonths: 3 },
    past,
  );

  for (let i = 0; i < records; i++) {
    const n = pad(i);
    await createContextIssue(
      manager,
      {
        title: `Context issue ${n}`,
        description: 'An external or internal issue of typical length for the register.',
        origin: i % 2 ? 'INTERNAL' : 'EXTERNAL',
        category: 'REGULATORY',
        relevance: (i % 5) + 1,
        implicationsForRisk: 'Assess the systems it touches.',
        aiSystemIds: [system.id],
        reviewOn: day(90),
      },
      ports,
    );
    await createInterestedParty(
      manager,
      {
        name: `Interested party ${n}`,
        type: 'REGULATOR',
        description: 'A party with two requirements.',
        aiSystemIds: [system.id],
        lastReviewedOn: day(-1),
        requirements: [
          {
            text: 'Report serious incidents without delay',
            basis: 'REGULATION',
            addressedByAims: true,
            howAddressed: { controlRefs: ['A.8.4'] },
          },
          { text: 'Know how AI changes their work', basis: 'EXPECTATION', addressedByAims: null },
        ],
      },
      ports,
    );
    await createPolicyDocument(
      manager,
      {
        kind: 'TOPIC_POLICY',
        title: `Topic policy ${n}`,
        sections: [
          { heading: '1. Purpose', body: 'Why this policy exists and to whom it applies.', elements: [] },
        ],
      },
      ports,
    );
    await createAiObjective(
      manager,
      {
        title: `AI objective ${n}`,
        kind: 'AIMS',
        measure: {
          manualMetric: 'Share of systems assessed',
          notPracticableJustification: 'No KPI is defined for it yet.',
        },
        baseline: 0,
        target: 100,
        direction: 'INCREASE',
        dueOn: day(120),
        ownerAppointmentId: appointment.id,
      },
      ports,
    );
    await recordCompetence(
      manager,
      {
        userId: i % 2 ? alex : rafa,
        area: 'AI_REGULATION',
        level: 2,
        basis: 'TRAINING',
        evidenceRef: `CERT-${n}`,
        assessedOn: day(-1),
      },
      ports,
    );
    await assignTraining(
      manager,
      { userId: i % 2 ? alex : rafa, courseId: course.id, reason: 'CHANGE_DRIVEN', dueOn: day(30) },
      ports,
    );
    await createCommunicationPlanEntry(
      manager,
      {
        subject: `Communication ${n}`,
        direction: i % 2 ? 'INTERNAL' : 'EXTERNAL',
        audience: 'All staff',
        timing: { frequency: 'QUARTERLY' },
        senderAppointmentKind: 'AIMS_MANAGER',
        channel: 'Intranet',
        linkedRequirementIds: ['7.4'],
      },
      ports,
    );
    await createControlledDocument(
      manager,
      {
        docCode: `PR-${n}`,
        title: `Procedure ${n}`,
        type: 'PROCEDURE',
        annexAControls: ['A.7.4'],
        ownerUserId: i % 2 ? alex : rafa,
        retentionPeriod: '3 years after superseded',
        classification: 'INTERNAL',
        storage: { url: `https://intranet.example/aims/PR-${n}.pdf` },
        distribution: ['AIMS manager'],
        wordCount: 1200,
      },
      ports,
    );
    await createCustomControl(
      manager,
      { ref: `ORG-${n}`, title: `Organisation control ${n}`, source: 'ORGANISATION', ownerId: alex },
      ports,
    );
    await createAiOpportunity(
      manager,
      {
        title: `AI opportunity ${n}`,
        description: 'A benefit the system could bring.',
        aiSystemIds: [system.id],
        benefit: (i % 5) + 1,
        feasibility: ((i * 3) % 5) + 1,
      },
      ports,
    );
    await createCommittee(
      manager,
      { name: `Committee ${n}`, charterDocumentRef: `CH-${n}`, cadenceMonths: 6 },
      ports,
    );
    await recordCommitteeMeeting(
      manager,
      {
        committeeId: committee.id,
        heldOn: day(-1),
        attendees: [alex],
        guests: ['Rafael (risk owner)'],
        agenda: ['Review of the AI risk register'],
        decisions: [{ text: 'Carry on', type: 'OTHER', ref: null }],
        minutesRef: `MIN-${n}`,
      },
      ports,
    );
  }
  // Onboarding already wrote the methodology to the table; everything else is copied.
  const items = [...memory.table.items.values()].filter((i) => i.entity !== 'RiskMethodology');
  await writeAll(stack, tenant.tableName, items);
  return { tenantId: tenant.id, records, committeeId: committee.id };
}
