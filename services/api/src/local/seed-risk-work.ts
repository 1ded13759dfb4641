// Demo risk work for Acme Health: a register with each treatment kind, an
// approved impact assessment with a risk raised from it, part of the SoA and a
// treatment plan, so every risk query has something to show. The SoA keeps one
// honest mistake (D1, the A.4.4 exclusion) for the consistency check to find.
import {
  AiSystems,
  ASSESSMENT_DIMENSIONS,
  approveImpactAssessment,
  approveTreatmentPlan,
  createCustomControl,
  createRisk,
  createTreatmentAction,
  editImpactAssessment,
  getTreatmentPlanState,
  raiseRiskFromFinding,
  setEuAiActProfile,
  startImpactAssessment,
  submitImpactAssessment,
  type Tenant,
  treatRisk,
  updateSoaEntry,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from '../context';

export async function seedRiskWork(
  deps: ApiDeps,
  acme: Tenant,
  users: Record<'alex' | 'sam' | 'rafa' | 'cleo', string>,
) {
  const store = await tenantStore(acme, deps.clients);
  const ports = {
    store,
    clock: deps.clock,
    ids: deps.ids,
    isMember: async (id: string) => !!(await deps.controlPlane.getMembership(id, acme.id)),
  };
  const as = (
    actorId: string,
    role: 'AIMS_MANAGER' | 'AI_SYSTEM_OWNER' | 'AI_RISK_OWNER' | 'COMMITTEE_MEMBER',
  ) => ({
    tenantId: acme.id,
    actorId,
    role,
  });
  const manager = as(users.alex, 'AIMS_MANAGER');
  const systems = (await store.query(AiSystems, 'inventory', {}, { limit: 10 })).entries.map((e) => e.item);
  const triage = systems.find((s) => s.name === 'Patient triage assistant');
  const readmission = systems.find((s) => s.name === 'Readmission risk model');
  if (!triage || !readmission) throw new Error('seed AI systems missing');

  const leakage = await createRisk(
    manager,
    {
      title: 'Patient messages sent to the triage vendor are retained for training',
      category: 'PRIVACY',
      aiSystemIds: [triage.id],
      ownerId: users.rafa,
      likelihood: 3,
      impacts: { ORGANISATION: 4, INDIVIDUALS: 4, GROUPS: 2, SOCIETY: 1 },
      reviewDate: '2027-02-01',
    },
    ports,
  );
  await treatRisk(
    manager,
    {
      id: leakage.id,
      expectedVersion: 1,
      treatments: [{ option: 'MITIGATE', controlRefs: ['A.10.3', 'A.7.3'] }],
    },
    ports,
  );
  await createRisk(
    manager,
    {
      title: 'Nobody is accountable for overriding triage suggestions',
      category: 'ACCOUNTABILITY',
      aiSystemIds: [triage.id],
      ownerId: users.rafa,
      likelihood: 4,
      impacts: {
        ORGANISATION: 3,
        INDIVIDUALS: 4,
        GROUPS: { notApplicable: 'Overrides concern one patient at a time, not a group' },
        SOCIETY: 1,
      },
      reviewDate: '2026-12-15',
    },
    ports,
  );

  // D2, I9: built and used in-house, the hospital is the provider putting it into service
  // for its own use; ranking follow-up calls is not an Annex III 5(a) eligibility decision.
  await setEuAiActProfile(
    manager,
    {
      aiSystemId: readmission.id,
      expectedVersion: readmission.version,
      profile: {
        operatorRole: 'PROVIDER',
        publicBodyOrPublicService: true,
        reasons: [
          'Ranks discharged patients for follow-up calls; it decides no eligibility for care or benefits, so Annex III 5(a) does not apply',
          'Not emergency triage (Annex III 5(d)) and not a medical device: clinicians decide care independently',
          'No interaction with patients and no generated content, so no Art. 50 transparency duty',
        ],
        assessedOn: '2026-02-10',
      },
    },
    ports,
  );
  const ia = await startImpactAssessment(as(users.sam, 'AI_SYSTEM_OWNER'), readmission.id, ports);
  const edited = await editImpactAssessment(
    as(users.sam, 'AI_SYSTEM_OWNER'),
    {
      id: ia.id,
      expectedVersion: 1,
      dimensions: ASSESSMENT_DIMENSIONS.map((dimension) => ({
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
      })),
      euAiActClass: 'MINIMAL',
      euAiActReasons: [
        'Ranks discharged patients for follow-up calls; it decides no eligibility for care or benefits, so Annex III 5(a) does not apply',
        'Not emergency triage (Annex III 5(d)) and not a medical device: clinicians decide care independently',
        'No interaction with patients and no generated content, so no Art. 50 transparency duty',
      ],
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
  const submitted = await submitImpactAssessment(
    as(users.sam, 'AI_SYSTEM_OWNER'),
    ia.id,
    edited.version,
    ports,
  );
  // The FAIRNESS finding feeds the risk register before approval (I3).
  const bias = await raiseRiskFromFinding(
    as(users.rafa, 'AI_RISK_OWNER'),
    {
      assessmentId: ia.id,
      dimension: 'FAIRNESS',
      risk: {
        title: 'Readmission scores under-estimate risk for patients over 80',
        category: 'BIAS_FAIRNESS',
        ownerId: users.rafa,
        likelihood: 3,
        impacts: { ORGANISATION: 2, INDIVIDUALS: 3, GROUPS: 4, SOCIETY: 2 },
        reviewDate: '2027-01-10',
      },
    },
    ports,
  );
  await approveImpactAssessment(as(users.cleo, 'COMMITTEE_MEMBER'), ia.id, submitted.version, ports);
  await treatRisk(
    manager,
    {
      id: bias.id,
      expectedVersion: 1,
      treatments: [{ option: 'MITIGATE', controlRefs: ['A.7.4', 'A.6.2.4'] }],
    },
    ports,
  );
  await createTreatmentAction(
    manager,
    {
      title: 'Re-validate the model per age band',
      riskId: bias.id,
      controlId: 'A.6.2.4',
      ownerId: users.sam,
      dueDate: '2027-01-31',
    },
    ports,
  );
  await createTreatmentAction(
    manager,
    {
      title: 'Add data-retention clause to the triage vendor contract',
      riskId: leakage.id,
      controlId: 'A.10.3',
      ownerId: users.alex,
      dueDate: '2026-12-20',
    },
    ports,
  );

  for (const [controlId, applicable, justification, reason] of [
    ['A.2.2', true, 'Board-approved AI policy is the basis of the AIMS', 'BUSINESS'],
    ['A.6.2.4', true, 'Validation treats the readmission bias risk', 'RISK_TREATMENT'],
    [
      'A.10.3',
      true,
      'Triage runs on a supplier model; supplier duties treat the privacy risk',
      'RISK_TREATMENT',
    ],
    // Deliberately wrong (D1): the readmission model is built in-house, so this
    // exclusion contradicts the inventory. Kept so soaConsistency shows the HIGH
    // EXCLUSION_CONTRADICTS_INVENTORY finding an auditor would sample, and
    // approveSoa is refused until it is fixed or the committee waives it.
    ['A.4.4', false, 'No in-house model tooling: all training happens at suppliers', 'NOT_RELEVANT_TO_SCOPE'],
  ] as const) {
    // Each entry has its own version; these are first edits.
    await updateSoaEntry(
      manager,
      { controlId, expectedVersion: 0, applicable, justification, reasons: [reason] },
      ports,
    );
  }

  // A control beyond Annex A: its SoA entry appears in the additional section, undecided.
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

/** T1: the committee chair approves the plan; run after the governance seed (it needs her accepted appointment). */
export async function approveDemoTreatmentPlan(deps: ApiDeps, acme: Tenant, cleo: string) {
  const ports = { store: await tenantStore(acme, deps.clients), clock: deps.clock, ids: deps.ids };
  const chair = { tenantId: acme.id, actorId: cleo, role: 'COMMITTEE_MEMBER' as const };
  const { version } = await getTreatmentPlanState(chair, ports);
  await approveTreatmentPlan(
    chair,
    { expectedVersion: version, comment: 'Approved at the Q3 committee' },
    ports,
  );
}
