// Demo context of the organisation for Acme Health, a hospital (Clause 4,
// §3.1): the EU AI Act and the Medical Device Regulation as external
// regulatory issues, clinical staff AI literacy as an internal one; patients,
// the regulator, clinicians, the triage vendor and the board as interested
// parties with their requirements; the hospital's AI roles; and a scope
// approved by top management (Cleo) that covers the triage assistant and the
// readmission model and excludes the notes summariser pilot and research
// prototypes, each with a justification. Left open on purpose, as a consultant
// would find it: community and society not yet considered
// (PARTY_TYPE_NOT_CONSIDERED) and one clinician requirement undecided
// (REQUIREMENT_UNDECIDED).
import {
  AiSystems,
  approveScopeStatement,
  type Clock,
  createContextIssue,
  createInterestedParty,
  createScopeStatement,
  type Tenant,
  transitionScopeStatement,
  updateContextProfile,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

const DAY_MS = 86_400_000;

export async function seedContext(deps: ApiDeps, acme: Tenant, users: Record<'alex' | 'cleo', string>) {
  const store = await tenantStore(acme, deps.clients);
  const at = (daysAgo: number): Clock => ({
    now: () => new Date(deps.clock.now().getTime() - daysAgo * DAY_MS),
  });
  const ports = (daysAgo: number) => ({ store, clock: at(daysAgo), ids: deps.ids });
  const day = (offset: number) =>
    new Date(deps.clock.now().getTime() + offset * DAY_MS).toISOString().slice(0, 10);
  const manager = { tenantId: acme.id, actorId: users.alex, role: 'AIMS_MANAGER' as const };
  const topManagement = { tenantId: acme.id, actorId: users.cleo, role: 'COMMITTEE_MEMBER' as const };
  const systems = (await store.query(AiSystems, 'inventory', {}, { limit: 20 })).entries.map((e) => e.item);
  const systemId = (name: string) => {
    const system = systems.find((s) => s.name === name);
    if (!system) throw new Error(`seed AI system ${name} missing`);
    return system.id;
  };
  const triage = systemId('Patient triage assistant');
  const readmission = systemId('Readmission risk model');
  const notes = systemId('Clinical notes summariser');

  await createContextIssue(
    manager,
    {
      title: 'EU AI Act: obligations of a deployer of high-risk AI',
      description:
        'AI that prioritises patients for care is likely high-risk under the AI Act; as deployer the hospital must ensure human oversight, monitoring, logs, staff AI literacy and information to patients.',
      origin: 'EXTERNAL',
      category: 'REGULATORY',
      relevance: 5,
      implicationsForScope: 'Every AI system used on patients belongs in the first scope.',
      implicationsForRisk:
        'Assess each system against the deployer obligations; oversight failures are a top risk.',
      aiSystemIds: [triage, readmission],
      reviewOn: day(90),
    },
    ports(30),
  );
  await createContextIssue(
    manager,
    {
      title: 'Medical Device Regulation for clinical decision software',
      description:
        'Software that influences clinical decisions may be a medical device under the MDR; the vendor must hold the conformity assessment and the hospital must use it within its intended purpose.',
      origin: 'EXTERNAL',
      category: 'REGULATORY',
      relevance: 4,
      implicationsForScope: 'The triage assistant is in scope together with its supplier relationship.',
      implicationsForRisk: 'Use outside the certified intended purpose is a compliance risk.',
      aiSystemIds: [triage],
      reviewOn: day(120),
    },
    ports(30),
  );
  await createContextIssue(
    manager,
    {
      title: 'Reliance on one vendor for the triage model',
      description:
        'The triage assistant is a hosted model from Lumen AI Ltd: model changes, outages and data handling are decided outside the hospital.',
      origin: 'EXTERNAL',
      category: 'TECHNOLOGY',
      relevance: 4,
      implicationsForRisk: 'Supplier change and continuity risks need contractual controls (A.10.3).',
      aiSystemIds: [triage],
      status: 'MONITORING',
      reviewOn: day(60),
    },
    ports(29),
  );
  await createContextIssue(
    manager,
    {
      title: 'Clinical staff AI literacy',
      description:
        'Nurses and doctors use AI suggestions daily but few have been trained on their limits; over-reliance on a triage score is the concern raised most often.',
      origin: 'INTERNAL',
      category: 'CAPABILITY',
      relevance: 4,
      implicationsForRisk: 'Automation bias in triage; competence (7.2) and awareness (7.3) actions needed.',
      reviewOn: day(90),
    },
    ports(29),
  );

  const party = (daysAgo: number, input: Record<string, unknown>) =>
    createInterestedParty(manager, { lastReviewedOn: day(-daysAgo), ...input }, ports(daysAgo));
  await party(28, {
    name: 'Patients',
    type: 'DATA_SUBJECT',
    description:
      'Their messages and records are processed by the triage assistant and the readmission model.',
    aiSystemIds: [triage, readmission],
    requirements: [
      {
        text: 'Be told when AI helps decide the order in which their messages are handled',
        basis: 'REGULATION',
        addressedByAims: true,
        howAddressed: { controlRefs: ['A.8.2'], documentIds: ['DOC-PATIENT-AI-NOTICE'] },
      },
      {
        text: 'Personal health data used only lawfully and for the stated purpose',
        basis: 'LAW',
        addressedByAims: true,
        howAddressed: { controlRefs: ['A.7.2'], processRefs: ['Data protection impact assessment'] },
      },
      {
        text: 'Opt out of AI triage for their messages',
        basis: 'EXPECTATION',
        addressedByAims: false,
        notAddressedReason:
          'Every message is triaged for patient safety; a nurse reviews the queue, so no message is handled by AI alone.',
      },
    ],
  });
  await party(28, {
    name: 'National competent authority for AI and medical devices',
    type: 'REGULATOR',
    description: 'Supervises the AI Act deployer obligations and medical device vigilance.',
    requirements: [
      {
        text: 'Report serious incidents involving high-risk AI without delay',
        basis: 'REGULATION',
        addressedByAims: true,
        howAddressed: { controlRefs: ['A.8.4'], processRefs: ['AI incident management'] },
      },
      {
        text: 'Use high-risk AI according to the provider instructions, with human oversight',
        basis: 'REGULATION',
        addressedByAims: true,
        howAddressed: { controlRefs: ['A.9.4', 'A.9.2'] },
      },
    ],
  });
  await party(27, {
    name: 'Clinicians (nurses and doctors)',
    type: 'EMPLOYEE',
    description: 'Act on triage suggestions and readmission scores.',
    aiSystemIds: [triage, readmission],
    requirements: [
      {
        text: 'Training on what the AI tools can and cannot do (AI literacy)',
        basis: 'REGULATION',
        addressedByAims: true,
        howAddressed: { controlRefs: ['A.4.6'], processRefs: ['AI literacy training'] },
      },
      {
        text: 'Overrule an AI suggestion without having to justify it to a manager',
        basis: 'EXPECTATION',
        addressedByAims: true,
        howAddressed: { controlRefs: ['A.9.2'] },
      },
      {
        text: 'Know how AI tools change staffing and workload before they go live',
        basis: 'EXPECTATION',
        addressedByAims: null,
      },
    ],
  });
  await party(27, {
    name: 'Lumen AI Ltd (triage model supplier)',
    type: 'PARTNER_SUPPLIER',
    description: 'Provides and hosts the triage model under MSA-2025-014.',
    aiSystemIds: [triage],
    requirements: [
      {
        text: 'Use the model within its intended purpose and report performance issues to the vendor',
        basis: 'CONTRACT',
        addressedByAims: true,
        howAddressed: { controlRefs: ['A.10.3', 'A.9.4'], documentIds: ['MSA-2025-014'] },
      },
    ],
  });
  await party(26, {
    name: 'Hospital board of trustees',
    type: 'INVESTOR_BOARD',
    description: 'Oversees the hospital and expects assurance that clinical AI risks are managed.',
    requirements: [
      {
        text: 'Regular assurance that AI risks are identified and managed',
        basis: 'EXPECTATION',
        addressedByAims: true,
        howAddressed: { processRefs: ['Management review'] },
      },
    ],
  });

  await updateContextProfile(
    manager,
    {
      expectedVersion: 0,
      organisationAiRoles: [
        { role: 'AI_CUSTOMER', description: 'Deploys the vendor triage assistant and the EHR summariser.' },
        { role: 'AI_PRODUCER', description: 'Develops and runs the readmission risk model in-house.' },
      ],
      partyTypesNotRelevant: [
        {
          type: 'CUSTOMER_END_USER',
          reason:
            'The hospital sells no AI product: its AI users are its clinicians (EMPLOYEE) and the people affected are patients (DATA_SUBJECT).',
        },
      ],
    },
    ports(26),
  );

  const draft = await createScopeStatement(
    manager,
    {
      text:
        'The AIMS of Acme Health covers the deployment and use of AI that supports patient care: the patient ' +
        'triage assistant used by the nursing teams and the readmission risk model used by care coordination, ' +
        'including the data they use, their supplier relationships and the clinical processes they support.',
      inScope: {
        aiSystemIds: [triage, readmission],
        processes: ['Patient communications', 'Discharge follow-up'],
        orgUnits: ['Nursing', 'Care coordination', 'Data science'],
        locations: ['Main hospital campus'],
      },
      exclusions: [
        {
          what: 'Clinical notes summariser (pilot)',
          aiSystemId: notes,
          justification:
            'Still in a vendor pilot with no use on patients; it enters the scope before go-live, after its impact assessment.',
        },
        {
          what: 'Research prototypes of the clinical research unit',
          justification:
            'Never used in patient care; governed by the research ethics committee until a prototype is proposed for clinical use.',
        },
      ],
      interfacesAndDependencies: [
        { party: 'Lumen AI Ltd', description: 'Hosts and updates the triage model (MSA-2025-014).' },
        {
          party: 'CareRecord Systems',
          description: 'EHR platform that feeds the AI systems with patient data.',
        },
      ],
    },
    ports(22),
  );
  const review = await transitionScopeStatement(
    manager,
    { id: draft.id, expectedVersion: draft.version, status: 'IN_REVIEW' },
    ports(21),
  );
  await approveScopeStatement(
    topManagement,
    {
      id: draft.id,
      expectedVersion: review.version,
      comment: 'Approved for the first certification cycle; the notes summariser joins at go-live.',
    },
    ports(20),
  );
}
