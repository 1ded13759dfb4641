// Acme Health mid-way through the guide's month 2: both clinical systems have approved impact
// assessments whose findings feed six risks, one state (an honest untreated gap, a
// RETREAT after a failed fix, a residual above the threshold accepted by the AI risk owner …).
// The SoA is drafted, not approved: data controls await a lead, and A.4.4 stays wrong (D1).
import {
  AiSystems,
  ASSESSMENT_DIMENSIONS,
  acceptResidualRisk,
  addDays,
  approveImpactAssessment,
  approveTreatmentPlan,
  assessResidualRisk,
  closeRisk,
  createCustomControl,
  createRisk,
  createTreatmentAction,
  editImpactAssessment,
  getTreatmentPlanState,
  ImpactAssessments,
  type Risk,
  Risks,
  raiseRiskFromFinding,
  recordEffectivenessCheck,
  setEuAiActProfile,
  startImpactAssessment,
  submitImpactAssessment,
  type Tenant,
  treatRisk,
  updateSoaEntry,
  updateTreatmentAction,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

type People = Record<'alex' | 'sam' | 'rafa' | 'cleo', string>;
type Role = 'AIMS_MANAGER' | 'AI_SYSTEM_OWNER' | 'AI_RISK_OWNER' | 'COMMITTEE_MEMBER';

export const DEMO_RISKS = {
  atypical: 'Triage under-prioritises atypical presentations of urgent conditions',
  automationBias: 'Nurses defer to the suggested urgency without reading the message',
  vendorRetention: 'Patient messages sent to Lumen AI are retained for model training',
  readmissionBias: 'Readmission scores under-estimate risk for patients over 80',
  drift: 'Readmission scores drift after the switch to the new diagnosis coding',
  shadowAi: 'Clinicians paste patient notes into a public chatbot to draft discharge summaries',
} as const;

async function contextOf(deps: ApiDeps, acme: Tenant) {
  const store = await tenantStore(acme, deps.clients);
  const ports = {
    store,
    clock: deps.clock,
    ids: deps.ids,
    isMember: async (id: string) => !!(await deps.controlPlane.getMembership(id, acme.id)),
    memberRole: async (id: string) => (await deps.controlPlane.getMembership(id, acme.id))?.role ?? null,
  };
  const as = (actorId: string, role: Role) => ({ tenantId: acme.id, actorId, role });
  const systems = (await store.query(AiSystems, 'inventory', {}, { limit: 10 })).entries.map((e) => e.item);
  const system = (name: string) => {
    const found = systems.find((s) => s.name === name);
    if (!found) throw new Error(`seed AI system ${name} missing`);
    return found;
  };
  const today = deps.clock.now().toISOString().slice(0, 10);
  return { store, ports, as, system, today };
}

export async function seedRiskWork(deps: ApiDeps, acme: Tenant, users: People) {
  const { ports, as, system, today } = await contextOf(deps, acme);
  const manager = as(users.alex, 'AIMS_MANAGER');
  const owner = as(users.sam, 'AI_SYSTEM_OWNER');
  const riskOwner = as(users.rafa, 'AI_RISK_OWNER');
  const triage = system('Patient triage assistant');
  const readmission = system('Readmission risk model');
  const summariser = system('Clinical notes summariser');

  /** One action through the plan: created, reported done by its owner, judged by someone else. */
  const doneAndJudged = async (
    input: Record<string, unknown> & { ownerId: string },
    judge: { scope: ReturnType<typeof as>; result: 'EFFECTIVE' | 'NOT_EFFECTIVE'; notes: string },
  ) => {
    const action = await createTreatmentAction(manager, input, ports);
    const done = await updateTreatmentAction(
      as(input.ownerId, input.ownerId === users.alex ? 'AIMS_MANAGER' : 'AI_SYSTEM_OWNER'),
      { id: action.id, expectedVersion: action.version, progress: 100 },
      ports,
    );
    await recordEffectivenessCheck(
      judge.scope,
      { id: done.id, expectedVersion: done.version, result: judge.result, notes: judge.notes },
      ports,
    );
  };
  const reload = async (risk: Risk) => (await ports.store.get(Risks, { id: risk.id })) ?? risk;

  // --- Triage assistant (high-risk, Annex III 5(d)): the impact assessment comes first, in review.
  const triageIa = await startImpactAssessment(owner, triage.id, ports);
  const triageDraft = await editImpactAssessment(
    owner,
    {
      id: triageIa.id,
      expectedVersion: 1,
      dimensions: triageDimensions(),
      euAiActClass: 'HIGH',
      euAiActReasons: [
        'Prioritises incoming patient messages, some describing emergencies: emergency healthcare patient triage (Annex III 5(d))',
        'The hospital deploys the Lumen AI model under its own authority and provides a public service, so a FRIA is due (Art. 27)',
      ],
      intendedUse:
        'Order the nurse work queue by suggested urgency; a nurse reads every message and decides the response',
      foreseeableMisuse: [
        'Answering in suggested order without reading low-urgency messages',
        'Telling a patient their message is not urgent because of the suggested level',
      ],
      deploymentContext: {
        technical:
          'Vendor API (lumen-clinical-2) called from the patient portal; suggestions shown in the nurse queue',
        societal:
          'Patients of one hospital writing in, including elderly patients and patients writing in a second language',
      },
      jurisdictions: ['EU'],
      participants: [
        { name: 'Sam Okafor', role: 'AI system owner', stakeholderGroup: 'Patient communications' },
        { name: 'Rafael Lind', role: 'AI risk owner', stakeholderGroup: 'Risk management' },
        { name: 'Lead nurse, medical ward', role: 'Queue supervisor', stakeholderGroup: 'Nursing staff' },
      ],
      positiveImpacts: [
        'Urgent messages reach a nurse within minutes instead of waiting in arrival order',
        'Nurses spend less time sorting the queue',
      ],
    },
    ports,
  );
  await submitImpactAssessment(owner, triageIa.id, triageDraft.version, ports);

  // I3: three of its findings become risks; FAIRNESS is handled by planned mitigations.
  const atypical = await raiseRiskFromFinding(
    riskOwner,
    {
      assessmentId: triageIa.id,
      dimension: 'SAFETY_HEALTH',
      risk: {
        title: DEMO_RISKS.atypical,
        description:
          'Chest pain in women and sepsis in older patients are often described vaguely; the model ranks such messages low.',
        category: 'SAFETY',
        ownerId: users.sam,
        likelihood: 3,
        impacts: { ORGANISATION: 3, INDIVIDUALS: 5, GROUPS: 3, SOCIETY: 1 },
        reviewDate: addDays(today, 90),
      },
    },
    ports,
  );
  await raiseRiskFromFinding(
    riskOwner,
    {
      assessmentId: triageIa.id,
      dimension: 'HUMAN_OVERSIGHT',
      risk: {
        title: DEMO_RISKS.automationBias,
        description:
          'Automation bias: under load, nurses answer in suggested order and skim messages ranked routine.',
        category: 'SAFETY',
        ownerId: users.rafa,
        likelihood: 4,
        impacts: {
          ORGANISATION: 3,
          INDIVIDUALS: 4,
          GROUPS: { notApplicable: 'Deferring to a suggestion harms one patient at a time, not a group' },
          SOCIETY: 1,
        },
        reviewDate: addDays(today, 30),
      },
    },
    ports,
  );
  const vendorRetention = await raiseRiskFromFinding(
    riskOwner,
    {
      assessmentId: triageIa.id,
      dimension: 'PRIVACY',
      risk: {
        title: DEMO_RISKS.vendorRetention,
        category: 'PRIVACY',
        ownerId: users.alex,
        likelihood: 3,
        impacts: { ORGANISATION: 4, INDIVIDUALS: 4, GROUPS: 2, SOCIETY: 1 },
        reviewDate: addDays(today, 60),
      },
    },
    ports,
  );

  // ACCEPTED (finished after governance): mitigated, judged effective, residual still above the threshold.
  const atypicalTreated = await treatRisk(
    manager,
    {
      id: atypical.id,
      expectedVersion: atypical.version,
      treatments: [{ option: 'MITIGATE', controlRefs: ['A.9.2', 'A.6.2.6'] }],
    },
    ports,
  );
  await doneAndJudged(
    {
      title: 'Lead nurse reviews a weekly sample of down-graded messages',
      riskId: atypical.id,
      controlRef: 'A.9.2',
      ownerId: users.sam,
      dueDate: addDays(today, -7),
      effectivenessCheck: {
        method: 'Missed-urgent rate in four weekly samples, before and after the review started',
        dueOn: today,
      },
    },
    {
      scope: riskOwner,
      result: 'EFFECTIVE',
      notes: 'Missed-urgent messages fell from 6 to 1 per 1,000; the review catches them within a day',
    },
  );
  await assessResidualRisk(
    riskOwner,
    {
      id: atypical.id,
      expectedVersion: (await reload(atypicalTreated)).version,
      likelihood: 2,
      impacts: { ORGANISATION: 2, INDIVIDUALS: 5, GROUPS: 3, SOCIETY: 1 },
    },
    ports,
  );

  // TREATMENT_DECIDED: mitigate through supplier controls and transfer the financial exposure.
  await treatRisk(
    manager,
    {
      id: vendorRetention.id,
      expectedVersion: vendorRetention.version,
      treatments: [
        { option: 'MITIGATE', controlRefs: ['A.10.3', 'A.10.2'] },
        {
          option: 'TRANSFER',
          transferParty: 'Lumen AI Ltd (MSA-2025-014, DPA-2025-014)',
          notes: 'Breach indemnity and cyber cover sit with the vendor; Alex stays accountable',
        },
      ],
    },
    ports,
  );
  const clause = await createTreatmentAction(
    manager,
    {
      title: 'Add a no-training and 30-day deletion clause to the Lumen AI contract',
      riskId: vendorRetention.id,
      controlRef: 'A.10.3',
      ownerId: users.alex,
      dueDate: addDays(today, 25),
      resources: 'Procurement counsel, 2 days',
      effectivenessCheck: { method: "Review the vendor's deletion attestation", dueOn: addDays(today, 60) },
    },
    ports,
  );
  await updateTreatmentAction(
    manager,
    { id: clause.id, expectedVersion: clause.version, progress: 60 },
    ports,
  );

  // CLOSED with a reason: shadow use of a public chatbot ended when the EHR summariser came in.
  const shadow = await createRisk(
    manager,
    {
      title: DEMO_RISKS.shadowAi,
      category: 'PRIVACY',
      aiSystemIds: [summariser.id],
      ownerId: users.alex,
      likelihood: 3,
      impacts: { ORGANISATION: 4, INDIVIDUALS: 4, GROUPS: 1, SOCIETY: 1 },
      reviewDate: addDays(today, 30),
    },
    ports,
  );
  const shadowTreated = await treatRisk(
    manager,
    {
      id: shadow.id,
      expectedVersion: shadow.version,
      treatments: [{ option: 'MITIGATE', controlRefs: ['A.9.4', 'A.10.3'] }],
    },
    ports,
  );
  await closeRisk(
    manager,
    {
      id: shadow.id,
      expectedVersion: shadowTreated.version,
      closureReason: 'RISK_NO_LONGER_EXISTS',
      explanation:
        'The web proxy blocks public chatbots since October and CareRecord Assist (contract CR-2024-88) drafts summaries inside the record; four weeks of proxy logs show no attempts.',
    },
    ports,
  );

  // --- Readmission model (in-house): D2, its profile does not cite Annex III 5(a).
  await setEuAiActProfile(
    manager,
    {
      aiSystemId: readmission.id,
      expectedVersion: readmission.version,
      profile: {
        operatorRole: 'PROVIDER',
        publicBodyOrPublicService: true,
        reasons: READMISSION_REASONS,
        assessedOn: '2026-02-10',
      },
    },
    ports,
  );
  const ia = await startImpactAssessment(owner, readmission.id, ports);
  const edited = await editImpactAssessment(
    owner,
    {
      id: ia.id,
      expectedVersion: 1,
      dimensions: readmissionDimensions(),
      euAiActClass: 'MINIMAL',
      euAiActReasons: READMISSION_REASONS,
      intendedUse: 'Prioritise follow-up calls by care coordinators in the 30 days after discharge',
      foreseeableMisuse: [
        'Using the score to deny or delay discharge',
        'Reading a low score as no need for follow-up',
      ],
      deploymentContext: {
        technical: 'Nightly batch on the hospital data platform; call lists in the care-coordination tool',
        societal: 'Adult inpatients of one hospital, including elderly and non-native-speaking patients',
      },
      jurisdictions: ['EU'],
      participants: [
        { name: 'Sam Okafor', role: 'AI system owner', stakeholderGroup: 'Care coordination' },
        { name: 'Rafael Lind', role: 'AI risk owner', stakeholderGroup: 'Risk management' },
      ],
      positiveImpacts: ['Patients most likely to be readmitted are called first'],
    },
    ports,
  );
  await submitImpactAssessment(owner, ia.id, edited.version, ports);
  const bias = await raiseRiskFromFinding(
    riskOwner,
    {
      assessmentId: ia.id,
      dimension: 'FAIRNESS',
      risk: {
        title: DEMO_RISKS.readmissionBias,
        category: 'BIAS_FAIRNESS',
        ownerId: users.rafa,
        likelihood: 3,
        impacts: { ORGANISATION: 2, INDIVIDUALS: 3, GROUPS: 4, SOCIETY: 2 },
        reviewDate: addDays(today, 45),
      },
    },
    ports,
  );
  // RETREAT: the data fix is done but the check by someone other than its owner says not effective.
  await treatRisk(
    manager,
    {
      id: bias.id,
      expectedVersion: bias.version,
      treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4', 'A.6.2.4'] }],
    },
    ports,
  );
  await doneAndJudged(
    {
      title: 'Reweight the training data so patients over 80 are represented',
      riskId: bias.id,
      controlRef: 'A.7.4',
      ownerId: users.sam,
      dueDate: addDays(today, -3),
      effectivenessCheck: {
        method: 'Calibration gap for patients over 80 on the hold-out set below 2 points',
        dueOn: today,
      },
    },
    {
      scope: riskOwner,
      result: 'NOT_EFFECTIVE',
      notes:
        'The gap fell from 9 to 7 points only: the model lacks frailty indicators. Re-treat: add features or call every patient over 80.',
    },
  );

  // RESIDUAL_ASSESSED below the threshold: monitoring caught the drift and the model was recalibrated.
  const drift = await createRisk(
    manager,
    {
      title: DEMO_RISKS.drift,
      category: 'SAFETY',
      aiSystemIds: [readmission.id],
      ownerId: users.sam,
      likelihood: 3,
      impacts: { ORGANISATION: 2, INDIVIDUALS: 3, GROUPS: 3, SOCIETY: 1 },
      reviewDate: addDays(today, 90),
    },
    ports,
  );
  const driftTreated = await treatRisk(
    manager,
    {
      id: drift.id,
      expectedVersion: drift.version,
      treatments: [{ option: 'MITIGATE', controlRefs: ['A.6.2.6'] }],
    },
    ports,
  );
  await doneAndJudged(
    {
      title: 'Monthly calibration report against actual readmissions',
      riskId: drift.id,
      controlRef: 'A.6.2.6',
      ownerId: users.sam,
      dueDate: addDays(today, -10),
      effectivenessCheck: { method: 'Two consecutive reports within 3 points of calibration', dueOn: today },
    },
    { scope: manager, result: 'EFFECTIVE', notes: 'October and November reports within 2 points' },
  );
  await assessResidualRisk(
    riskOwner,
    {
      id: drift.id,
      expectedVersion: (await reload(driftTreated)).version,
      likelihood: 2,
      impacts: { ORGANISATION: 2, INDIVIDUALS: 3, GROUPS: 3, SOCIETY: 1 },
    },
    ports,
  );

  await seedSoa(manager, ports, users);
}

/**
 * After the governance seed (appointments accepted): the chair approves both
 * impact assessments she did not write (I10), and the appointed AI risk owner
 * accepts the residual of the atypical-presentation risk with an expiry and conditions.
 */
export async function finishDemoRiskWork(deps: ApiDeps, acme: Tenant, users: People) {
  const { store, ports, as, system, today } = await contextOf(deps, acme);
  const chair = as(users.cleo, 'COMMITTEE_MEMBER');
  for (const name of ['Patient triage assistant', 'Readmission risk model']) {
    const page = await store.query(
      ImpactAssessments,
      'bySystem',
      { aiSystemId: system(name).id },
      { limit: 1 },
    );
    const ia = page.entries[0]?.item;
    if (!ia) throw new Error(`seed impact assessment of ${name} missing`);
    await approveImpactAssessment(chair, ia.id, ia.version, ports);
  }
  const risks = (await store.query(Risks, 'register', {}, { limit: 50 })).entries.map((e) => e.item);
  const atypical = risks.find((r) => r.title === DEMO_RISKS.atypical);
  if (!atypical) throw new Error('seed risk missing');
  await acceptResidualRisk(
    as(users.rafa, 'AI_RISK_OWNER'),
    {
      id: atypical.id,
      expectedVersion: atypical.version,
      justification:
        'Residual 10 is above the threshold of 8: no vendor model change can remove vague presentations. The weekly review keeps missed-urgent messages near 1 per 1,000, and nurses read every message.',
      expiresOn: addDays(today, 182),
      conditions:
        'The weekly down-grade review continues; every missed urgent message is reported as an incident; re-assess before any lumen-clinical model update.',
    },
    ports,
  );
}

/** T1: the committee chair approves the plan; run after the governance seed (it needs her accepted appointment). */
export async function approveDemoTreatmentPlan(deps: ApiDeps, acme: Tenant, cleo: string) {
  const ports = { store: await tenantStore(acme, deps.clients), clock: deps.clock, ids: deps.ids };
  const chair = { tenantId: acme.id, actorId: cleo, role: 'COMMITTEE_MEMBER' as const };
  const { version } = await getTreatmentPlanState(chair, ports);
  await approveTreatmentPlan(
    chair,
    { expectedVersion: version, comment: 'Approved at the risk register review (MIN-AIGC-02)' },
    ports,
  );
}

type Reason = 'RISK_TREATMENT' | 'LEGAL_REGULATORY' | 'CONTRACTUAL' | 'BUSINESS' | 'NOT_RELEVANT_TO_SCOPE';
type Status = 'NOT_STARTED' | 'PLANNED' | 'IMPLEMENTED';

/**
 * The SoA as drafted in month 2: each decision justified for its control. A.7.2,
 * A.7.3, A.7.5 and A.7.6 wait for the data governance lead the committee funded
 * (UNDECIDED_CONTROL); A.4.4 is the honest mistake D1.
 */
const SOA_DECISIONS: [string, boolean, string, Reason[], Status?, string[]?][] = [
  [
    'A.2.2',
    true,
    'POL-AI-001 AI policy, issued by top management in month 1, is the basis of the AIMS',
    ['BUSINESS'],
    'IMPLEMENTED',
    ['POL-AI-001 AI policy v1'],
  ],
  [
    'A.2.3',
    true,
    'The AI policy must agree with the information security and clinical safety policies already in force',
    ['BUSINESS'],
    'PLANNED',
  ],
  [
    'A.2.4',
    true,
    'The AI policy is reviewed yearly and when the EU AI Act obligations for high-risk systems start to apply',
    ['LEGAL_REGULATORY'],
    'PLANNED',
  ],
  [
    'A.3.2',
    true,
    'Roles are appointed and accepted in the governance module; a data governance lead is still missing',
    ['BUSINESS'],
    'IMPLEMENTED',
    ['Appointment records, October 2026'],
  ],
  [
    'A.3.3',
    true,
    'Staff need a route to raise concerns about triage suggestions outside the line of command',
    ['BUSINESS'],
    'PLANNED',
  ],
  [
    'A.4.2',
    true,
    'The triage assistant depends on a vendor API and the readmission model on the data platform: both need their dependencies recorded',
    ['BUSINESS'],
    'PLANNED',
  ],
  [
    'A.4.3',
    true,
    'Patient messages, discharge summaries and diagnosis codes feed the two clinical systems',
    ['LEGAL_REGULATORY'],
    'PLANNED',
  ],
  // Deliberately wrong (D1): the readmission model is built in-house, so this exclusion
  // contradicts the inventory. Kept so soaConsistency shows the HIGH
  // EXCLUSION_CONTRADICTS_INVENTORY finding an auditor would sample.
  ['A.4.4', false, 'No in-house model tooling: all training happens at suppliers', ['NOT_RELEVANT_TO_SCOPE']],
  [
    'A.4.5',
    true,
    'The nightly readmission batch runs on hospital compute that must be sized and recorded',
    ['BUSINESS'],
    'NOT_STARTED',
  ],
  [
    'A.4.6',
    true,
    'Nurses and coordinators need training on what the suggestions can and cannot tell them',
    ['RISK_TREATMENT'],
    'PLANNED',
  ],
  [
    'A.5.2',
    true,
    'Both clinical systems have impact assessments; the process must cover every new system',
    ['LEGAL_REGULATORY'],
    'IMPLEMENTED',
    ['Impact assessments, triage rev. 1 and readmission rev. 1'],
  ],
  [
    'A.5.3',
    true,
    'Approved assessments are kept as revisions with their approver',
    ['LEGAL_REGULATORY'],
    'IMPLEMENTED',
    ['Impact assessment revision history'],
  ],
  [
    'A.5.4',
    true,
    'The triage fairness finding concerns women, older patients and second-language writers',
    ['RISK_TREATMENT'],
    'PLANNED',
  ],
  [
    'A.5.5',
    true,
    'A hospital providing a public service must weigh effects on the community it serves (Art. 27 FRIA)',
    ['LEGAL_REGULATORY'],
    'PLANNED',
  ],
  [
    'A.6.1.2',
    true,
    'The readmission model is developed in-house and needs objectives for responsible development',
    ['BUSINESS'],
    'NOT_STARTED',
  ],
  [
    'A.6.1.3',
    true,
    'In-house development of the readmission model follows a defined process from data to release',
    ['BUSINESS'],
    'NOT_STARTED',
  ],
  [
    'A.6.2.2',
    true,
    'Requirements for the readmission model state who it must not disadvantage',
    ['RISK_TREATMENT'],
    'PLANNED',
  ],
  [
    'A.6.2.3',
    true,
    'Design choices of the readmission model, including the age features, must be traceable',
    ['BUSINESS'],
    'NOT_STARTED',
  ],
  [
    'A.6.2.4',
    true,
    'Validation per age band treats the readmission bias risk',
    ['RISK_TREATMENT'],
    'PLANNED',
  ],
  [
    'A.6.2.5',
    true,
    'Each readmission model release is approved by the system owner before coordinators see it',
    ['BUSINESS'],
    'PLANNED',
  ],
  [
    'A.6.2.6',
    true,
    'Monthly calibration reports and weekly triage samples treat drift and missed urgent messages',
    ['RISK_TREATMENT'],
    'IMPLEMENTED',
    ['Calibration reports Oct–Nov 2026', 'Weekly down-grade review log'],
  ],
  [
    'A.6.2.7',
    true,
    'High-risk use (Annex III 5(d)) needs the vendor documentation kept for the deployer duties',
    ['LEGAL_REGULATORY'],
    'PLANNED',
  ],
  [
    'A.6.2.8',
    true,
    'Deployers of high-risk systems keep the logs they control for at least six months (Art. 26(6))',
    ['LEGAL_REGULATORY'],
    'PLANNED',
  ],
  [
    'A.7.4',
    true,
    'Representation of older patients in the training data treats the readmission bias risk',
    ['RISK_TREATMENT'],
    'PLANNED',
  ],
  [
    'A.8.2',
    true,
    'Nurses must know the suggestion is advisory and how it was trained',
    ['RISK_TREATMENT'],
    'PLANNED',
  ],
  [
    'A.8.3',
    true,
    'Patients and families need a way to report a message answered too late',
    ['BUSINESS'],
    'NOT_STARTED',
  ],
  [
    'A.8.4',
    true,
    'A missed urgent message is a serious incident to report to the vendor and the authority (Art. 73)',
    ['LEGAL_REGULATORY'],
    'PLANNED',
  ],
  [
    'A.8.5',
    true,
    'The patient council asked what is shared about AI use in care',
    ['BUSINESS'],
    'NOT_STARTED',
  ],
  [
    'A.9.2',
    true,
    'The weekly down-grade review is the responsible-use process that treats atypical presentations',
    ['RISK_TREATMENT'],
    'IMPLEMENTED',
    ['Procedure NUR-14 Weekly down-grade review'],
  ],
  [
    'A.9.3',
    true,
    'Objectives for responsible use: every message read by a nurse, missed-urgent below 1 per 1,000',
    ['BUSINESS'],
    'PLANNED',
  ],
  [
    'A.9.4',
    true,
    'Staff use only contracted AI: public chatbots are blocked for clinical text',
    ['RISK_TREATMENT'],
    'IMPLEMENTED',
    ['Proxy block rule PX-212'],
  ],
  [
    'A.10.2',
    true,
    'Lumen AI, CareRecord Systems and the hospital split duties under the MSA and the AI Act',
    ['CONTRACTUAL'],
    'PLANNED',
  ],
  [
    'A.10.3',
    true,
    'Triage runs on a supplier model; supplier duties treat the privacy risk',
    ['RISK_TREATMENT', 'CONTRACTUAL'],
    'PLANNED',
  ],
  [
    'A.10.4',
    false,
    'Acme offers no AI system to customers: patients use the portal but are not supplied AI',
    ['NOT_RELEVANT_TO_SCOPE'],
  ],
];

async function seedSoa(
  manager: { tenantId: string; actorId: string; role: Role },
  ports: Parameters<typeof updateSoaEntry>[2] & Parameters<typeof createCustomControl>[2],
  users: People,
) {
  for (const [
    controlId,
    applicable,
    justification,
    reasons,
    implementationStatus,
    evidenceRefs,
  ] of SOA_DECISIONS) {
    // Each entry has its own version; these are first edits.
    await updateSoaEntry(
      manager,
      {
        controlId,
        expectedVersion: 0,
        applicable,
        justification,
        reasons,
        ...(implementationStatus ? { implementationStatus } : {}),
        ...(evidenceRefs ? { evidenceRefs } : {}),
      },
      ports,
    );
  }
  // A control beyond Annex A: its SoA entry appears in the additional section.
  const safetyCase = await createCustomControl(
    manager,
    {
      ref: 'ORG-01',
      title: 'Clinical safety case for AI-assisted triage',
      description:
        'A clinical safety officer signs off a hazard log and safety case before each triage model or prompt change goes live.',
      source: 'SECTOR',
      mappedAnnexA: ['A.6.2.4'],
      ownerId: users.sam,
    },
    ports,
  );
  await updateSoaEntry(
    manager,
    {
      controlId: safetyCase.ref,
      expectedVersion: 0,
      applicable: true,
      justification:
        'Sector rules for clinical software require a signed safety case for the triage assistant',
      reasons: ['LEGAL_REGULATORY'],
    },
    ports,
  );
}

const READMISSION_REASONS = [
  'Ranks discharged patients for follow-up calls; it decides no eligibility for care or benefits, so Annex III 5(a) does not apply',
  'Not emergency triage (Annex III 5(d)) and not a medical device: clinicians decide care independently',
  'No interaction with patients and no generated content, so no Art. 50 transparency duty',
];

/** Every dimension of the tenant's set (ALL); findings are SAFETY_HEALTH, HUMAN_OVERSIGHT, PRIVACY, FAIRNESS. */
function triageDimensions() {
  const rated: Record<string, Record<string, unknown>> = {
    SAFETY_HEALTH: {
      severity: 5,
      likelihood: 2,
      affectedGroups: ['patients describing urgent symptoms vaguely'],
      existingMitigations: [
        'a nurse reads every message',
        'the portal tells patients to call 112 in an emergency',
      ],
    },
    HUMAN_OVERSIGHT: {
      severity: 4,
      likelihood: 4,
      affectedGroups: ['nursing staff under peak load'],
      existingMitigations: ['nurses can re-prioritise any message'],
    },
    PRIVACY: {
      severity: 4,
      likelihood: 2,
      affectedGroups: ['patients writing in'],
      existingMitigations: ['DPA-2025-014 with Lumen AI'],
    },
    FAIRNESS: {
      severity: 4,
      likelihood: 3,
      affectedGroups: [
        'women with cardiac symptoms',
        'patients over 80',
        'patients writing in a second language',
      ],
      plannedMitigations: [
        'quarterly vendor report of down-grade rates by sex, age band and message language',
      ],
      noRiskJustification:
        'The harm is the atypical-presentation risk seen per group; the report checks its treatment holds for each',
    },
    TRANSPARENCY: {
      severity: 2,
      likelihood: 2,
      existingMitigations: ['the portal says messages are sorted with AI help'],
    },
    VULNERABLE_POPULATIONS: {
      severity: 3,
      likelihood: 2,
      affectedGroups: ['patients with limited literacy'],
      existingMitigations: ['the ward phone line stays open for every patient'],
    },
    ACCESSIBILITY: {
      severity: 2,
      likelihood: 2,
      affectedGroups: ['patients using screen readers'],
      existingMitigations: ['the portal form meets WCAG 2.1 AA'],
    },
    ACCOUNTABILITY: {
      severity: 3,
      likelihood: 2,
      existingMitigations: ['the lead nurse owns the queue; Sam owns the system'],
    },
  };
  return ASSESSMENT_DIMENSIONS.map((dimension) => ({
    dimension,
    severity: 1,
    likelihood: 1,
    ...rated[dimension],
  }));
}

function readmissionDimensions() {
  return ASSESSMENT_DIMENSIONS.map((dimension) => ({
    dimension,
    severity:
      dimension === 'FAIRNESS' || dimension === 'VULNERABLE_POPULATIONS'
        ? 4
        : dimension === 'SAFETY_HEALTH'
          ? 3
          : 2,
    likelihood: dimension === 'FAIRNESS' ? 3 : 2,
    affectedGroups:
      dimension === 'FAIRNESS'
        ? ['patients over 80', 'patients with limited English']
        : dimension === 'ACCESSIBILITY'
          ? ['deaf and hard-of-hearing patients']
          : [],
    existingMitigations:
      dimension === 'HUMAN_OVERSIGHT'
        ? ['care coordinators review every call list']
        : dimension === 'SAFETY_HEALTH'
          ? ['discharge instructions and the ward phone line stay in place for every patient']
          : dimension === 'ACCESSIBILITY'
            ? ['coordinators switch to text messages where the record notes hearing loss']
            : [],
    ...(dimension === 'VULNERABLE_POPULATIONS'
      ? {
          plannedMitigations: ['coordinators call every patient over 80 discharged, whatever the score'],
          noRiskJustification:
            'The score only adds calls; the planned rule removes the harm of a missed call for the most vulnerable',
        }
      : {}),
  }));
}
