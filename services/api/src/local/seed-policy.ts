// Demo AI policy and objectives for Acme Health (5.2, 6.2): the AIMS manager
// drafted the AI policy a month ago, Cleo (TOP_MANAGEMENT) approved it three
// weeks ago and it was published the day after; three of the five internal
// members have acknowledged it so far. Two AI objectives implement its
// objectives framework: impact assessments for every AI system in use by month
// 4 (active, measured twice) and AI literacy training completion (a draft whose
// plan is still being written). Runs after the governance seed (appointments).
import {
  Appointments,
  acknowledgePolicy,
  approvePolicy,
  type Clock,
  createAiObjective,
  createPolicyDocument,
  type PolicySection,
  recordObjectiveProgress,
  type Tenant,
  transitionAiObjective,
  transitionPolicy,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

const DAY_MS = 86_400_000;

/** About 600 words, every element tagged; written for the demo, not taken from any standard. */
export const ACME_AI_POLICY: PolicySection[] = [
  {
    heading: '1. Purpose and context',
    body:
      'Acme Health runs hospitals and outpatient clinics. We use AI to help our staff, never to replace their ' +
      'judgement: to sort incoming patient messages by urgency, to estimate readmission risk so care ' +
      'coordinators call the right patients, and to draft visit summaries that clinicians review. Some of these ' +
      'systems are built by us, others are bought from suppliers or embedded in software we use. This policy ' +
      'applies to every AI system within the scope of our AI management system, whoever built it, and to ' +
      'everyone who designs, buys, operates or relies on one.',
    elements: ['APPROPRIATE_TO_PURPOSE'],
  },
  {
    heading: '2. Our commitment',
    body:
      'The executive board commits Acme Health to developing and using AI responsibly. An AI system is only ' +
      'put into use when its benefits for patients and staff clearly outweigh its risks, when those risks have ' +
      'been assessed and treated, and when a named person is accountable for it. We will stop or withdraw a ' +
      'system that no longer meets these conditions.',
    elements: ['COMMITMENT_RESPONSIBLE_AI'],
  },
  {
    heading: '3. Guiding principles',
    body:
      'Fairness: we check that our AI systems do not disadvantage patients because of age, sex, ethnicity, ' +
      'disability, language or where they live, and we act on what we find. Transparency: patients and staff ' +
      'are told when AI contributes to a decision that affects them, and clinicians can see why a suggestion ' +
      'was made. Accountability: every AI system has an owner, and a human remains responsible for every ' +
      'clinical decision. Safety: systems are tested before use, monitored in use, and can be overridden or ' +
      'switched off at any time. Privacy: patient data is used only for the purpose it was collected for, kept ' +
      'to the minimum needed, and protected as our privacy policy requires.',
    elements: ['GUIDING_PRINCIPLES'],
  },
  {
    heading: '4. Meeting our obligations',
    body:
      'We meet the laws, regulations and contracts that apply to our AI systems, including medical device and ' +
      'data protection law and the EU AI Act, and the standards we have chosen to follow. The AIMS manager ' +
      'keeps a register of these requirements and reports to the board on how they are met.',
    elements: ['COMPLIANCE_COMMITMENT'],
  },
  {
    heading: '5. Objectives',
    body:
      'Each year the board sets measurable AI objectives that follow from this policy, covering the management ' +
      'system, the responsible development of the systems we build and the responsible use of those we buy. ' +
      'Every objective has an owner, a target, a deadline, a plan and a way of measuring progress, and the AI ' +
      'governance committee reviews progress every quarter.',
    elements: ['OBJECTIVES_FRAMEWORK'],
  },
  {
    heading: '6. Continual improvement',
    body:
      'We learn from incidents, audits, complaints and monitoring results. The committee reviews how well the ' +
      'management system works at least once a year and decides what to improve; corrective actions are ' +
      'tracked until they are shown to be effective.',
    elements: ['CONTINUAL_IMPROVEMENT_COMMITMENT'],
  },
  {
    heading: '7. Relationship with other policies',
    body:
      'This policy works together with our information security policy, our privacy policy, our clinical ' +
      'quality policy and our procurement policy. Where they overlap, the stricter rule applies. Suppliers of AI ' +
      'systems must meet the requirements of this policy through their contracts.',
    elements: ['REFERENCES_OTHER_POLICIES'],
  },
  {
    heading: '8. Deviations and exceptions',
    body:
      'Anyone who cannot follow this policy asks the AIMS manager for an exception before acting. Exceptions are ' +
      'limited in time, recorded with their reason and the risk they create, and approved by the AI governance ' +
      'committee. Breaches are handled as nonconformities.',
    elements: ['DEVIATIONS_AND_EXCEPTIONS'],
  },
  {
    heading: '9. Responsibilities and review',
    body:
      'The board owns this policy and approves every version. The AIMS manager maintains it, makes it known ' +
      'to staff and asks each of them to acknowledge it, and publishes it to patients and partners on request. ' +
      'It is reviewed every twelve months, or sooner when our use of AI or the law changes.',
    elements: [],
  },
];

export async function seedPolicy(
  deps: ApiDeps,
  acme: Tenant,
  users: Record<'alex' | 'sam' | 'rafa' | 'cleo' | 'ines', string>,
) {
  const store = await tenantStore(acme, deps.clients);
  const memberRole = async (id: string) => (await deps.controlPlane.getMembership(id, acme.id))?.role ?? null;
  const at = (daysAgo: number): Clock => ({
    now: () => new Date(deps.clock.now().getTime() - daysAgo * DAY_MS),
  });
  const day = (offset: number) =>
    new Date(deps.clock.now().getTime() + offset * DAY_MS).toISOString().slice(0, 10);
  const ports = (daysAgo: number) => ({ store, memberRole, clock: at(daysAgo), ids: deps.ids });
  const as = async (userId: string) => ({
    tenantId: acme.id,
    actorId: userId,
    role: (await memberRole(userId)) ?? ('VIEWER' as const),
  });
  const manager = await as(users.alex);

  const draft = await createPolicyDocument(
    manager,
    {
      kind: 'AI_POLICY',
      title: 'Acme Health AI policy',
      sections: ACME_AI_POLICY,
      references: [
        { externalName: 'Information security policy v4', relation: 'ALIGNS_WITH' },
        { externalName: 'Privacy policy v3', relation: 'ALIGNS_WITH' },
        { externalName: 'Procurement policy v2', relation: 'REFERS_TO' },
      ],
      reviewIntervalMonths: 12,
      externalAvailability: 'ON_REQUEST',
    },
    ports(30),
  );
  const review = await transitionPolicy(
    manager,
    { documentId: draft.id, expectedVersion: draft.version, status: 'IN_REVIEW' },
    ports(25),
  );
  const approved = await approvePolicy(
    await as(users.cleo),
    {
      documentId: draft.id,
      expectedVersion: review.version,
      appropriateToPurposeAttested: true,
      comment: 'Approved by the executive board on behalf of Acme Health',
    },
    ports(21),
  );
  const published = await transitionPolicy(
    manager,
    { documentId: draft.id, expectedVersion: approved.version, status: 'PUBLISHED' },
    ports(20),
  );
  for (const [userId, daysAgo] of [
    [users.alex, 20],
    [users.cleo, 19],
    [users.rafa, 12],
  ] as const) {
    await acknowledgePolicy(
      await as(userId),
      { documentId: published.id, versionNumber: published.versionNumber },
      ports(daysAgo),
    );
  }

  const alexAppointments = (await store.query(Appointments, 'byUser', { userId: users.alex }, { limit: 10 }))
    .entries;
  const aimsManager = alexAppointments.find((e) => e.item.kind === 'AIMS_MANAGER')?.item;
  if (!aimsManager) throw new Error('seed AIMS_MANAGER appointment missing');
  const policyElementRef = { documentId: published.id, element: 'OBJECTIVES_FRAMEWORK' };

  const impact = await createAiObjective(
    manager,
    {
      title: '100 % of AI systems in use have an approved impact assessment',
      kind: 'RESPONSIBLE_USE',
      policyElementRef,
      measure: {
        manualMetric: 'Approved impact assessments / AI systems in use or deployment',
        notPracticableJustification:
          'The KPI catalogue is not set up yet; counted from the registers monthly',
      },
      baseline: 0,
      target: 100,
      direction: 'INCREASE',
      dueOn: day(100),
      ownerAppointmentId: aimsManager.id,
      plan: {
        what: 'Run and approve an impact assessment for each AI system in use or deployment',
        resources: 'AIMS manager two days per system; system owners and the committee for review',
        responsible: 'AIMS manager, with each AI system owner',
        when: 'By month 4 of the programme',
        evaluationMethod:
          'Monthly count of approved assessments against the inventory, reported to the committee',
      },
      communicatedOn: day(-18),
    },
    ports(18),
  );
  let active = await transitionAiObjective(
    manager,
    { id: impact.id, expectedVersion: impact.version, status: 'ACTIVE' },
    ports(18),
  );
  active = await recordObjectiveProgress(
    manager,
    {
      id: impact.id,
      expectedVersion: active.version,
      value: 0,
      measuredOn: day(-14),
      note: 'Baseline count',
    },
    ports(14),
  );
  await recordObjectiveProgress(
    manager,
    {
      id: impact.id,
      expectedVersion: active.version,
      value: 50,
      measuredOn: day(-2),
      note: 'Patient triage assistant assessed and approved',
    },
    ports(2),
  );

  await createAiObjective(
    manager,
    {
      title: 'AI literacy training completed by at least 90 % of staff who use AI',
      kind: 'AIMS',
      policyElementRef,
      measure: {
        manualMetric: 'Staff who completed AI literacy training / staff who use AI systems',
        notPracticableJustification: 'Training records are not in a system yet; taken from attendance sheets',
      },
      baseline: 15,
      target: 90,
      direction: 'INCREASE',
      dueOn: day(150),
      ownerAppointmentId: aimsManager.id,
      plan: {
        what: 'A one-hour AI literacy session for every team that uses an AI system',
        resources: 'HR learning team; slides prepared with the AIMS manager',
      },
    },
    ports(10),
  );
}
