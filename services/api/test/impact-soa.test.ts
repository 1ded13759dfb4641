// AI impact assessments, the Statement of Applicability with its consistency
// checks, and the treatment plan, through the Lambda handler on DynamoDB Local.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, onlyError, type TestApi } from '../test-support/harness';

const IA_FIELDS = `id revision status version euAiActClass euAiActReasons fundamentalRightsAssessmentRequired
  missingForReview supersededBy { id } reviewComment approvedBy { id } submittedBy { id }
  dimensions { dimension severity likelihood isFinding affectedGroups }
  suggestedControls { control { id } dimensions reason }
  linkedRisks { id title }
  intendedUse foreseeableMisuse deploymentContext { technical societal } jurisdictions
  participants { name role stakeholderGroup } positiveImpacts nextReassessmentOn
  euAiActProfile { operatorRole highRisk { basis annexIIIPoint subPoint } publicBodyOrPublicService }`;

/** The 6.1.4 context a draft needs before submit (I1). */
const CONTEXT = {
  intendedUse: 'Suggests a triage category to emergency nurses, who decide',
  foreseeableMisuse: ['Accepting the suggestion without assessing the patient'],
  deploymentContext: {
    technical: 'Runs in the emergency department system',
    societal: 'Patients arriving at a public hospital emergency department',
  },
  jurisdictions: ['EU'],
  participants: [{ name: 'Sam Okafor', role: 'AI system owner', stakeholderGroup: 'Clinical operations' }],
  positiveImpacts: ['Shorter time to first assessment'],
};
const START = `mutation($t: ID, $s: ID!) { startImpactAssessment(tenantId: $t, input: { aiSystemId: $s }) { ${IA_FIELDS} } }`;
const EDIT = `mutation($t: ID, $i: EditImpactAssessmentInput!) { editImpactAssessment(tenantId: $t, input: $i) { ${IA_FIELDS} } }`;
const SUBMIT = `mutation($t: ID, $id: ID!, $v: Int!) { submitImpactAssessment(tenantId: $t, input: { id: $id, expectedVersion: $v }) { ${IA_FIELDS} } }`;
const APPROVE = `mutation($t: ID, $id: ID!, $v: Int!) { approveImpactAssessment(tenantId: $t, input: { id: $id, expectedVersion: $v }) { ${IA_FIELDS} } }`;
const GET_IA = `query($t: ID, $id: ID!) { impactAssessment(tenantId: $t, id: $id) { ${IA_FIELDS} } }`;
const SOA = `query($t: ID) { statementOfApplicability(tenantId: $t) { version approvedVersion catalogueVersion
  entries { control { id title } version applicable justification reasons implementationStatus linkedRisks { id } } } }`;
const UPDATE_ENTRY = `mutation($t: ID, $i: UpdateSoaEntryInput!) { updateSoaEntry(tenantId: $t, input: $i) { version } }`;
const FINDINGS = `query($t: ID) { soaConsistency(tenantId: $t, first: 100) { edges { node { code severity control { id } risk { id } explanation } } } }`;

const ALL_DIMENSIONS = [
  'FAIRNESS',
  'TRANSPARENCY',
  'HUMAN_OVERSIGHT',
  'PRIVACY',
  'ENVIRONMENTAL',
  'SOCIETAL_ECONOMIC',
  'VULNERABLE_POPULATIONS',
  // I2: Annex B.5's areas, required by the default dimension set.
  'SAFETY_HEALTH',
  'HUMAN_RIGHTS',
  'ACCESSIBILITY',
  'ACCOUNTABILITY',
];

/** Every area of a four-area methodology: the levels given, 1 elsewhere (so MAX scores the highest given). */
const rate = (levels: Record<string, number>) =>
  ['ORGANISATION', 'INDIVIDUALS', 'GROUPS', 'SOCIETY'].map((area) => ({ area, level: levels[area] ?? 1 }));

let api: TestApi;

async function freshTenant(name: string) {
  const result = await api.gql(
    'mutation($n: String!) { onboardClientTenant(input: { consultancyId: "cons-northwind", name: $n }) { id } }',
    { n: name },
    { as: api.users.priya },
  );
  return result.data?.onboardClientTenant.id as string;
}

beforeAll(async () => {
  api = await createTestApi();
});

describe('the Annex A catalogue', () => {
  it('C1 lists 38 controls in ten objectives under nine topics (A.6.1 and A.6.2 under A.6) and 32 clause requirements', async () => {
    const result = await api.gql(
      '{ annexACatalogue { version objectives { id topic controls { id } } controls { id } clauseRequirements { id } } }',
    );
    const catalogue = result.data?.annexACatalogue;
    expect(catalogue.controls).toHaveLength(38);
    expect(catalogue.objectives.map((o: any) => o.id)).toEqual([
      'A.2',
      'A.3',
      'A.4',
      'A.5',
      'A.6.1',
      'A.6.2',
      'A.7',
      'A.8',
      'A.9',
      'A.10',
    ]);
    expect(new Set(catalogue.objectives.map((o: any) => o.topic)).size).toBe(9);
    expect(catalogue.clauseRequirements).toHaveLength(32);
    expect(catalogue.controls.at(-1).id).toBe('A.10.4');
  });
});

describe('AI impact assessment', () => {
  let t: string;
  let systemId: string;

  beforeAll(async () => {
    t = api.demo.tenants.acme.id;
    // The seeded triage assistant already has its approved revision 1 (D2): a second
    // emergency triage system, classed like it, starts from a blank assessment.
    const registered = await api.gql(
      'mutation($t: ID, $i: RegisterAiSystemInput!) { registerAiSystem(tenantId: $t, input: $i) { id version } }',
      {
        t,
        i: {
          name: 'Emergency department chat triage',
          purpose: 'Orders chat messages to the emergency department by suggested urgency',
          lifecycleStage: 'DEPLOYMENT',
          provenance: 'THIRD_PARTY_API',
          vendor: { name: 'Lumen AI Ltd' },
          aiRoles: ['DEPLOYER'],
        },
      },
    );
    expect(registered.errors).toBeUndefined();
    systemId = registered.data?.registerAiSystem.id;
    const profiled = await api.gql(
      'mutation($t: ID, $i: SetEuAiActProfileInput!) { setEuAiActProfile(tenantId: $t, input: $i) { id } }',
      {
        t,
        i: {
          aiSystemId: systemId,
          expectedVersion: registered.data?.registerAiSystem.version,
          profile: {
            operatorRole: 'DEPLOYER',
            highRisk: { basis: 'ANNEX_III', annexIIIPoint: '5', subPoint: 'd' },
            publicBodyOrPublicService: true,
            reasons: ['Emergency healthcare patient triage (Annex III 5(d))'],
            assessedOn: '2026-11-01',
          },
        },
      },
    );
    expect(profiled.errors).toBeUndefined();
  });

  it('runs draft → review → approved, then supersedes it with a new revision', async () => {
    const started = (await api.gql(START, { t, s: systemId }, { as: api.users.sam })).data
      ?.startImpactAssessment;
    expect(started).toMatchObject({ revision: 1, status: 'DRAFT', version: 1 });
    expect(started.missingForReview).toHaveLength(7);

    const incomplete = await api.gql(SUBMIT, { t, id: started.id, v: 1 }, { as: api.users.sam });
    expect(onlyError(incomplete).extensions.code).toBe('BAD_USER_INPUT');

    const dims = ALL_DIMENSIONS.map((dimension) => ({
      dimension,
      severity: dimension === 'FAIRNESS' ? 4 : 2,
      likelihood: dimension === 'FAIRNESS' ? 3 : 1,
      affectedGroups: dimension === 'FAIRNESS' ? ['older patients', 'patients with disabilities'] : [],
      ...(dimension === 'FAIRNESS'
        ? {
            plannedMitigations: ['Nurse override logged and reviewed weekly'],
            noRiskJustification: 'The override review keeps the effect within appetite',
          }
        : {}),
    }));
    const edited = await api.gql(
      EDIT,
      {
        t,
        i: {
          id: started.id,
          expectedVersion: 1,
          dimensions: dims,
          euAiActClass: 'HIGH',
          euAiActReasons: ['Annex III 5(d): emergency healthcare patient triage'],
          ...CONTEXT,
        },
      },
      { as: api.users.sam },
    );
    const draft = edited.data?.editImpactAssessment;
    expect(draft).toMatchObject({
      version: 2,
      fundamentalRightsAssessmentRequired: true,
      missingForReview: [],
      ...CONTEXT,
      // I9: the system's profile, shown from the system.
      euAiActProfile: { operatorRole: 'DEPLOYER', highRisk: { annexIIIPoint: '5', subPoint: 'd' } },
      nextReassessmentOn: null,
    });
    expect(draft.dimensions.find((d: any) => d.dimension === 'FAIRNESS').isFinding).toBe(true);
    expect(draft.suggestedControls.map((s: any) => s.control.id)).toEqual(
      expect.arrayContaining(['A.5.4', 'A.7.4']),
    );

    const submitted = await api.gql(SUBMIT, { t, id: started.id, v: 2 }, { as: api.users.sam });
    expect(submitted.data?.submitImpactAssessment).toMatchObject({
      status: 'IN_REVIEW',
      submittedBy: { id: api.users.sam.sub },
    });

    const bySamRole = await api.gql(APPROVE, { t, id: started.id, v: 3 }, { as: api.users.sam });
    expect(onlyError(bySamRole).extensions.code).toBe('FORBIDDEN');
    const approved = await api.gql(APPROVE, { t, id: started.id, v: 3 }, { as: api.users.cleo });
    expect(approved.data?.approveImpactAssessment).toMatchObject({
      status: 'APPROVED',
      approvedBy: { id: api.users.cleo.sub },
    });
    expect(approved.data?.approveImpactAssessment.nextReassessmentOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const frozen = await api.gql(
      EDIT,
      { t, i: { id: started.id, expectedVersion: 4, euAiActClass: 'MINIMAL' } },
      { as: api.users.sam },
    );
    expect(onlyError(frozen).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });

    const revision = (await api.gql(START, { t, s: systemId }, { as: api.users.sam })).data
      ?.startImpactAssessment;
    expect(revision).toMatchObject({ revision: 2, status: 'DRAFT', euAiActClass: 'HIGH' });
    expect(revision.dimensions).toHaveLength(ALL_DIMENSIONS.length);
    const second = await api.gql(START, { t, s: systemId }, { as: api.users.sam });
    expect(onlyError(second).extensions.reason).toBe('INVALID_STATE');

    await api.gql(SUBMIT, { t, id: revision.id, v: 1 }, { as: api.users.sam });
    await api.gql(APPROVE, { t, id: revision.id, v: 2 }, { as: api.users.alex });
    const old = await api.gql(GET_IA, { t, id: started.id });
    expect(old.data?.impactAssessment).toMatchObject({
      status: 'SUPERSEDED',
      supersededBy: { id: revision.id },
    });

    const listed = await api.gql(
      'query($t: ID, $id: ID!) { aiSystem(tenantId: $t, id: $id) { impactAssessments { edges { node { revision status } } } } }',
      { t, id: systemId },
    );
    expect(listed.data?.aiSystem.impactAssessments.edges.map((e: any) => e.node)).toEqual([
      { revision: 2, status: 'APPROVED' },
      { revision: 1, status: 'SUPERSEDED' },
    ]);
  });

  it('refuses approval by the person who submitted, even with the approving role', async () => {
    const other = await api.gql('query($t: ID) { aiSystems(tenantId: $t) { edges { node { id name } } } }', {
      t,
    });
    const id = other.data?.aiSystems.edges.find((e: any) => e.node.name === 'Clinical notes summariser').node
      .id;
    const ia = (await api.gql(START, { t, s: id })).data?.startImpactAssessment;
    await api.gql(EDIT, {
      t,
      i: {
        id: ia.id,
        expectedVersion: 1,
        dimensions: ALL_DIMENSIONS.map((dimension) => ({ dimension, severity: 1, likelihood: 1 })),
        euAiActClass: 'LIMITED',
        euAiActReasons: ['Generates text shown to clinicians'],
        ...CONTEXT,
      },
    });
    await api.gql(SUBMIT, { t, id: ia.id, v: 2 });
    const self = await api.gql(APPROVE, { t, id: ia.id, v: 3 });
    expect(onlyError(self)).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const returned = await api.gql(
      'mutation($t: ID, $i: ReturnImpactAssessmentInput!) { returnImpactAssessment(tenantId: $t, input: $i) { status reviewComment } }',
      { t, i: { id: ia.id, expectedVersion: 3, comment: 'Describe the clinician review step' } },
      { as: api.users.cleo },
    );
    expect(returned.data?.returnImpactAssessment).toEqual({
      status: 'DRAFT',
      reviewComment: 'Describe the clinician review step',
    });
  });

  it('I3: refuses approval while a finding has no linked risk nor justified planned mitigations', async () => {
    const registered = await api.gql(
      `mutation($t: ID) { registerAiSystem(tenantId: $t, input: { name: "Shift planner", purpose: "Plans nurse shifts",
        lifecycleStage: USE, provenance: INTERNAL }) { id } }`,
      { t },
    );
    const id = registered.data?.registerAiSystem.id;
    const ia = (await api.gql(START, { t, s: id }, { as: api.users.sam })).data?.startImpactAssessment;
    await api.gql(
      EDIT,
      {
        t,
        i: {
          id: ia.id,
          expectedVersion: 1,
          dimensions: ALL_DIMENSIONS.map((dimension) => ({
            dimension,
            severity: dimension === 'SOCIETAL_ECONOMIC' ? 5 : 1,
            likelihood: 1,
          })),
          euAiActClass: 'MINIMAL',
          euAiActReasons: ['Scheduling only'],
          ...CONTEXT,
        },
      },
      { as: api.users.sam },
    );
    await api.gql(SUBMIT, { t, id: ia.id, v: 2 }, { as: api.users.sam });
    const refused = await api.gql(APPROVE, { t, id: ia.id, v: 3 }, { as: api.users.cleo });
    expect(onlyError(refused).extensions.code).toBe('BAD_USER_INPUT');
    expect(onlyError(refused).message).toContain('SOCIETAL_ECONOMIC');
  });

  it('I8: approving a PROHIBITED class asks for the system to stop', async () => {
    const registered = await api.gql(
      `mutation($t: ID) { registerAiSystem(tenantId: $t, input: { name: "Waiting-room mood monitor",
        purpose: "Infers emotions of staff", lifecycleStage: USE, provenance: INTERNAL }) { id } }`,
      { t },
    );
    const id = registered.data?.registerAiSystem.id;
    const ia = (await api.gql(START, { t, s: id }, { as: api.users.sam })).data?.startImpactAssessment;
    await api.gql(
      EDIT,
      {
        t,
        i: {
          id: ia.id,
          expectedVersion: 1,
          dimensions: ALL_DIMENSIONS.map((dimension) => ({ dimension, severity: 1, likelihood: 1 })),
          euAiActClass: 'PROHIBITED',
          euAiActReasons: ['Emotion recognition in the workplace (Art. 5(1)(f))'],
          ...CONTEXT,
        },
      },
      { as: api.users.sam },
    );
    await api.gql(SUBMIT, { t, id: ia.id, v: 2 }, { as: api.users.sam });
    await api.gql(APPROVE, { t, id: ia.id, v: 3 }, { as: api.users.cleo });
    const system = await api.gql(
      'query($t: ID, $id: ID!) { aiSystem(tenantId: $t, id: $id) { stopRequestedByAssessment { id } stopRequestReason } }',
      { t, id },
    );
    expect(system.data?.aiSystem.stopRequestedByAssessment).toEqual({ id: ia.id });
    expect(system.data?.aiSystem.stopRequestReason).toContain('PROHIBITED');
  });

  it('raises a risk from a finding and links the two both ways', async () => {
    const ia = (
      await api.gql(
        'query($t: ID, $id: ID!) { aiSystem(tenantId: $t, id: $id) { impactAssessments(first: 1) { edges { node { id } } } } }',
        { t, id: systemId },
      )
    ).data?.aiSystem.impactAssessments.edges[0].node;
    const raised = await api.gql(
      `mutation($t: ID, $i: RaiseRiskFromImpactFindingInput!) { raiseRiskFromImpactFinding(tenantId: $t, input: $i) {
        id aiSystems { id } sourceFinding { dimension assessment { id } } } }`,
      {
        t,
        i: {
          assessmentId: ia.id,
          dimension: 'FAIRNESS',
          risk: {
            title: 'Readmission model under-serves older patients',
            category: 'BIAS_FAIRNESS',
            ownerId: api.users.alex.sub,
            likelihood: 3,
            impacts: rate({ GROUPS: 4 }),
            reviewDate: '2027-01-15',
            aiSystemIds: [],
          },
        },
      },
    );
    const risk = raised.data?.raiseRiskFromImpactFinding;
    expect(risk).toMatchObject({
      aiSystems: [{ id: systemId }],
      sourceFinding: { dimension: 'FAIRNESS', assessment: { id: ia.id } },
    });
    const back = await api.gql(GET_IA, { t, id: ia.id });
    expect(back.data?.impactAssessment.linkedRisks).toEqual([
      { id: risk.id, title: 'Readmission model under-serves older patients' },
    ]);
  });
});

describe('Statement of Applicability', () => {
  let t: string;
  const as = () => ({ as: api.users.priya });

  beforeAll(async () => {
    t = await freshTenant('SoA Ltd');
    // risks need an internal owner; the client's AIMS manager joins first.
    await api.gql(
      'mutation($t: ID, $i: InviteMemberInput!) { inviteMember(tenantId: $t, input: $i) { invitation { role } } }',
      { t, i: { email: api.users.alex.email, role: 'AIMS_MANAGER' } },
      as(),
    );
    await api.gql(
      'mutation($t: ID!) { acceptInvitation(input: { tenantId: $t }) { role } }',
      { t },
      { as: api.users.alex },
    );
  });

  it('starts with all 38 controls undecided and reports each', async () => {
    const soa = (await api.gql(SOA, { t }, as())).data?.statementOfApplicability;
    expect(soa).toMatchObject({ version: 0, approvedVersion: null, catalogueVersion: 'iso42001-2023.2' });
    expect(soa.entries).toHaveLength(38);
    const findings = (await api.gql(FINDINGS, { t }, as())).data?.soaConsistency.edges.map(
      (e: any) => e.node,
    );
    expect(findings.filter((f: any) => f.code === 'UNDECIDED_CONTROL')).toHaveLength(38);
  });

  it('flags an excluded control a treatment relies on, and a risk above threshold with no control', async () => {
    const created = await api.gql(
      `mutation($t: ID, $i: CreateRiskInput!) { createRisk(tenantId: $t, input: $i) { id } }`,
      {
        t,
        i: {
          title: 'Unvalidated model release',
          category: 'SAFETY',
          ownerId: api.users.alex.sub,
          likelihood: 4,
          impacts: rate({ INDIVIDUALS: 4 }),
          reviewDate: '2027-02-01',
        },
      },
      as(),
    );
    const riskId = created.data?.createRisk.id;
    let findings = (await api.gql(FINDINGS, { t }, as())).data?.soaConsistency.edges.map((e: any) => e.node);
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: 'RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL',
        severity: 'HIGH',
        risk: { id: riskId },
      }),
    );

    await api.gql(
      `mutation($t: ID, $i: TreatRiskInput!) { treatRisk(tenantId: $t, input: $i) { id } }`,
      {
        t,
        i: { id: riskId, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.6.2.4'] }] },
      },
      as(),
    );
    const excluded = await api.gql(
      UPDATE_ENTRY,
      {
        t,
        i: {
          controlId: 'A.6.2.4',
          expectedVersion: 0,
          applicable: false,
          justification: 'We do not develop models ourselves',
          reasons: ['NOT_RELEVANT_TO_SCOPE'],
        },
      },
      as(),
    );
    expect(excluded.data?.updateSoaEntry.version).toBe(1);
    findings = (await api.gql(FINDINGS, { t }, as())).data?.soaConsistency.edges.map((e: any) => e.node);
    expect(findings[0]).toMatchObject({
      code: 'EXCLUDED_CONTROL_RELIED_ON',
      severity: 'HIGH',
      control: { id: 'A.6.2.4' },
      risk: { id: riskId },
    });
    expect(findings.map((f: any) => f.code)).toContain('RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL');

    const stale = await api.gql(
      UPDATE_ENTRY,
      { t, i: { controlId: 'A.6.2.4', expectedVersion: 0, applicable: true } },
      as(),
    );
    expect(onlyError(stale).extensions.code).toBe('CONFLICT');
    const fixed = await api.gql(
      UPDATE_ENTRY,
      {
        t,
        i: {
          controlId: 'A.6.2.4',
          expectedVersion: 1,
          applicable: true,
          justification: 'Validation before release treats the safety risk',
          reasons: ['RISK_TREATMENT'],
        },
      },
      as(),
    );
    expect(fixed.data?.updateSoaEntry.version).toBe(2);
    findings = (await api.gql(FINDINGS, { t }, as())).data?.soaConsistency.edges.map((e: any) => e.node.code);
    expect(findings).not.toContain('EXCLUDED_CONTROL_RELIED_ON');
    expect(findings).not.toContain('RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL');
    const soa = (await api.gql(SOA, { t }, as())).data?.statementOfApplicability;
    expect(soa.entries.find((e: any) => e.control.id === 'A.6.2.4').linkedRisks).toEqual([{ id: riskId }]);
  });

  it('rejects unknown controls and exclusions with an implementation status', async () => {
    const unknown = await api.gql(
      UPDATE_ENTRY,
      { t, i: { controlId: 'A.1.1', expectedVersion: 2, applicable: true } },
      as(),
    );
    expect(onlyError(unknown).extensions.fieldErrors[0].path).toEqual(['input', 'controlId']);
    const contradictory = await api.gql(
      UPDATE_ENTRY,
      {
        t,
        i: { controlId: 'A.3.3', expectedVersion: 0, applicable: false, implementationStatus: 'IMPLEMENTED' },
      },
      as(),
    );
    expect(onlyError(contradictory).extensions.fieldErrors[0].path).toEqual([
      'input',
      'implementationStatus',
    ]);
  });

  it('approves only a complete SoA, freezes it, and notices when risks change afterwards', async () => {
    const approve =
      'mutation($t: ID, $v: Int!) { approveSoa(tenantId: $t, input: { expectedVersion: $v }) { version approvedBy { id } entries { control { id } applicable } } }';
    // The client's AIMS manager approves; consultants prepare.
    await api.gql(
      'mutation($t: ID, $i: InviteMemberInput!) { inviteMember(tenantId: $t, input: $i) { invitation { role } } }',
      { t, i: { email: api.users.alex.email, role: 'AIMS_MANAGER' } },
      as(),
    );
    await api.gql(
      'mutation($t: ID!) { acceptInvitation(input: { tenantId: $t }) { role } }',
      { t },
      { as: api.users.alex },
    );
    const early = await api.gql(approve, { t, v: 2 }, { as: api.users.alex });
    expect(onlyError(early).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(onlyError(early).extensions.fieldErrors[0].message).toMatch(/A\.2\.2/);

    // Each entry carries its own version: edits of different controls never conflict.
    const soa = (await api.gql(SOA, { t }, as())).data?.statementOfApplicability;
    let version = soa.version;
    for (const entry of soa.entries) {
      if (entry.control.id === 'A.6.2.4') continue;
      const r = await api.gql(
        UPDATE_ENTRY,
        {
          t,
          i: {
            controlId: entry.control.id,
            expectedVersion: entry.version,
            applicable: true,
            justification: 'Required by our AI policy and client contracts',
            reasons: ['BUSINESS'],
          },
        },
        as(),
      );
      expect(r.errors).toBeUndefined();
      version = r.data?.updateSoaEntry.version;
    }
    const all = (await api.gql(FINDINGS, { t }, as())).data?.soaConsistency.edges.map(
      (e: any) => e.node.code,
    );
    expect(all).toContain('HIGH_APPLICABILITY_RATIO');

    const byConsultant = await api.gql(approve, { t, v: version }, as());
    expect(onlyError(byConsultant).extensions.code).toBe('FORBIDDEN');
    const ok = await api.gql(approve, { t, v: version }, { as: api.users.alex });
    expect(ok.data?.approveSoa).toMatchObject({ version: 1, approvedBy: { id: api.users.alex.sub } });
    expect(ok.data?.approveSoa.entries).toHaveLength(38);

    const latest = await api.gql(
      `query($t: ID) { approvedSoa(tenantId: $t) { version history { edges { node { entityType action version } } } } 
        statementOfApplicability(tenantId: $t) { approvedVersion } }`,
      { t },
      as(),
    );
    expect(latest.data).toEqual({
      approvedSoa: {
        version: 1,
        history: { edges: [{ node: { entityType: 'ApprovedSoa', action: 'CREATED', version: 1 } }] },
      },
      statementOfApplicability: { approvedVersion: 1 },
    });
    let codes = (await api.gql(FINDINGS, { t }, as())).data?.soaConsistency.edges.map(
      (e: any) => e.node.code,
    );
    expect(codes).not.toContain('APPROVED_SOA_OUT_OF_DATE');

    await new Promise((r) => setTimeout(r, 5));
    await api.gql(
      `mutation($t: ID, $i: CreateRiskInput!) { createRisk(tenantId: $t, input: $i) { id } }`,
      {
        t,
        i: {
          title: 'New supplier model',
          category: 'SECURITY',
          ownerId: api.users.alex.sub,
          likelihood: 1,
          impacts: rate({ ORGANISATION: 1 }),
          reviewDate: '2027-05-01',
        },
      },
      as(),
    );
    codes = (await api.gql(FINDINGS, { t }, as())).data?.soaConsistency.edges.map((e: any) => e.node.code);
    expect(codes).toContain('APPROVED_SOA_OUT_OF_DATE');

    // A mitigation decided after approval shows on the working copy, not on the frozen version.
    const later = (
      await api.gql(
        `mutation($t: ID, $i: CreateRiskInput!) { createRisk(tenantId: $t, input: $i) { id } }`,
        {
          t,
          i: {
            title: 'Late risk',
            category: 'SAFETY',
            ownerId: api.users.alex.sub,
            likelihood: 1,
            impacts: rate({ SOCIETY: 1 }),
            reviewDate: '2027-05-01',
          },
        },
        as(),
      )
    ).data?.createRisk.id;
    await api.gql(
      `mutation($t: ID, $i: TreatRiskInput!) { treatRisk(tenantId: $t, input: $i) { id } }`,
      {
        t,
        i: { id: later, expectedVersion: 1, treatments: [{ option: 'MITIGATE', controlRefs: ['A.2.2'] }] },
      },
      as(),
    );
    const links = await api.gql(
      `query($t: ID) { statementOfApplicability(tenantId: $t) { entries { control { id } linkedRisks { id } } }
        approvedSoa(tenantId: $t, version: 1) { entries { control { id } linkedRisks { id } } } }`,
      { t },
      as(),
    );
    const a22 = (entries: any[]) =>
      entries.find((e) => e.control.id === 'A.2.2').linkedRisks.map((r: any) => r.id);
    expect(a22(links.data?.statementOfApplicability.entries)).toContain(later);
    expect(a22(links.data?.approvedSoa.entries)).not.toContain(later);
  });
});

describe('treatment plan', () => {
  it('tracks actions per risk and control with owners, due dates, progress and completion rate', async () => {
    const t = api.demo.tenants.acme.id;
    const risk = (
      await api.gql(`mutation($t: ID, $i: CreateRiskInput!) { createRisk(tenantId: $t, input: $i) { id } }`, {
        t,
        i: {
          title: 'Drift in triage urgency',
          category: 'SAFETY',
          ownerId: api.users.alex.sub,
          likelihood: 3,
          impacts: rate({ INDIVIDUALS: 4 }),
          reviewDate: '2027-01-01',
        },
      })
    ).data?.createRisk;
    const create = `mutation($t: ID, $i: CreateTreatmentActionInput!) { createTreatmentAction(tenantId: $t, input: $i) { id version status risk { id } control { id } owner { id } } }`;
    const a1 = (
      await api.gql(create, {
        t,
        i: {
          title: 'Weekly drift report',
          riskId: risk.id,
          controlId: 'A.6.2.6',
          ownerId: api.users.sam.sub,
          dueDate: '2099-01-31',
        },
      })
    ).data?.createTreatmentAction;
    expect(a1).toMatchObject({
      status: 'NOT_STARTED',
      risk: { id: risk.id },
      control: { id: 'A.6.2.6' },
      owner: { id: api.users.sam.sub },
    });
    await api.gql(create, {
      t,
      i: {
        title: 'Retrain on 2026 data',
        riskId: risk.id,
        ownerId: api.users.alex.sub,
        dueDate: '2020-01-01',
      },
    });
    const unlinked = await api.gql(create, {
      t,
      i: { title: 'Floating action', ownerId: api.users.alex.sub, dueDate: '2099-01-01' },
    });
    expect(onlyError(unlinked).extensions.fieldErrors[0].path).toEqual(['input', 'riskId']);

    const update = `mutation($t: ID, $i: UpdateTreatmentActionInput!) { updateTreatmentAction(tenantId: $t, input: $i) { progress status completedAt } }`;
    const byOwner = await api.gql(
      update,
      { t, i: { id: a1.id, expectedVersion: 1, progress: 100 } },
      { as: api.users.sam },
    );
    expect(byOwner.data?.updateTreatmentAction).toMatchObject({ progress: 100, status: 'DONE' });
    const retitle = await api.gql(
      update,
      { t, i: { id: a1.id, expectedVersion: 2, title: 'Renamed by owner' } },
      { as: api.users.sam },
    );
    expect(onlyError(retitle).extensions.code).toBe('FORBIDDEN');

    const plan = await api.gql(
      `query($t: ID, $r: ID) { treatmentPlan(tenantId: $t, riskId: $r) { summary { total done overdue completionRate }
        actions { edges { node { title status } } } } }`,
      { t, r: risk.id },
    );
    expect(plan.data?.treatmentPlan.summary).toEqual({ total: 2, done: 1, overdue: 1, completionRate: 0.5 });
    const onRisk = await api.gql(
      'query($t: ID, $id: ID!) { risk(tenantId: $t, id: $id) { treatmentActions { title } } }',
      {
        t,
        id: risk.id,
      },
    );
    expect(onRisk.data?.risk.treatmentActions.map((a: any) => a.title)).toEqual([
      'Retrain on 2026 data',
      'Weekly drift report',
    ]);
    expect(plan.data?.treatmentPlan.actions.edges.map((e: any) => e.node)).toEqual([
      { title: 'Retrain on 2026 data', status: 'OVERDUE' },
      { title: 'Weekly drift report', status: 'DONE' },
    ]);
  });
});

describe('the demo SoA and committee waivers (X-9, X-10, D1)', () => {
  const APPROVE = `mutation($t: ID, $i: ApproveSoaInput!) { approveSoa(tenantId: $t, input: $i) {
    version waivers { code control { id } risk { id } reason grantedBy { id } } } }`;
  let t: string;
  beforeAll(() => {
    t = api.demo.tenants.acme.id;
  });
  const findings = async () =>
    (await api.gql(FINDINGS, { t })).data?.soaConsistency.edges.map((e: any) => e.node);

  it('D1 shows as EXCLUSION_CONTRADICTS_INVENTORY: A.4.4 excluded beside the INTERNAL readmission model', async () => {
    const d1 = (await findings()).filter((f: any) => f.code === 'EXCLUSION_CONTRADICTS_INVENTORY');
    expect(d1).toEqual([expect.objectContaining({ severity: 'HIGH', control: { id: 'A.4.4' }, risk: null })]);
    expect(d1[0].explanation).toContain('Readmission risk model');
  });

  it('X-9 refuses approval while HIGH findings are open, and takes the committee chair’s waivers', async () => {
    const soa = (await api.gql(SOA, { t })).data?.statementOfApplicability;
    let version = soa.version;
    for (const entry of soa.entries) {
      if (entry.version > 0) continue;
      const r = await api.gql(UPDATE_ENTRY, {
        t,
        i: {
          controlId: entry.control.id,
          expectedVersion: 0,
          applicable: true,
          justification: `Acme applies ${entry.control.id} to its clinical AI`,
          reasons: ['CONTRACTUAL'],
        },
      });
      expect(r.errors).toBeUndefined();
      version = r.data?.updateSoaEntry.version;
    }
    const high = (await findings()).filter((f: any) => f.severity === 'HIGH');
    expect(high.map((f: any) => f.code)).toContain('EXCLUSION_CONTRADICTS_INVENTORY');

    const refused = await api.gql(APPROVE, { t, i: { expectedVersion: version } }, { as: api.users.cleo });
    expect(onlyError(refused).extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
    expect(onlyError(refused).message).toContain('EXCLUSION_CONTRADICTS_INVENTORY A.4.4');

    const waivers = high.map((f: any) => ({
      code: f.code,
      controlId: f.control?.id ?? null,
      riskId: f.risk?.id ?? null,
      reason: 'Accepted by the AI governance committee until the Q3 review',
    }));
    // Alex may approve as AIMS manager but sits on no committee: no waivers from him.
    const notCommittee = await api.gql(
      APPROVE,
      { t, i: { expectedVersion: version, waivers } },
      { as: api.users.alex },
    );
    expect(onlyError(notCommittee).extensions.code).toBe('FORBIDDEN');

    const ok = await api.gql(
      APPROVE,
      { t, i: { expectedVersion: version, waivers } },
      { as: api.users.cleo },
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.approveSoa.waivers).toHaveLength(high.length);
    expect(ok.data?.approveSoa.waivers).toContainEqual({
      code: 'EXCLUSION_CONTRADICTS_INVENTORY',
      control: { id: 'A.4.4' },
      risk: null,
      reason: 'Accepted by the AI governance committee until the Q3 review',
      grantedBy: { id: api.users.cleo.sub },
    });
  });
});
