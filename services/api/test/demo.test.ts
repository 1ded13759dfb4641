// D1–D3: the Acme Health demo tells one month-2 story an auditor can sample.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../test-support/harness';

const RISKS = /* GraphQL */ `query($t: ID) { risks(tenantId: $t, first: 100) { edges { node {
  title status gap owner { id } treatments { option transferParty }
  residual { score } residualAcceptance { acceptedBy { id } expiresOn conditions }
  closure { reason explanation } treatmentOutcome { effectiveness judgedBy { id } }
  treatmentActions { owner { id } } sourceFinding { dimension } } } } }`;
const SYSTEMS = /* GraphQL */ `query($t: ID) { aiSystems(tenantId: $t) { edges { node { name
  impactAssessments(first: 1) { edges { node { status revision euAiActClass euAiActReasons
    createdBy { id } submittedBy { id } approvedBy { id }
    dimensions { dimension isFinding plannedMitigations noRiskJustification }
    linkedRisks { title sourceFinding { dimension } } } } } } } } }`;
const SOA = /* GraphQL */ `query($t: ID) { statementOfApplicability(tenantId: $t) { approvedVersion
  entries { control { id } applicable justification } } }`;
const FINDINGS = /* GraphQL */ `query($t: ID) { soaConsistency(tenantId: $t, first: 100) { edges { node { code severity control { id } } } } }`;

let api: TestApi;
let t: string;
beforeAll(async () => {
  api = await createTestApi();
  t = api.demo.tenants.acme.id;
});

const risks = async () => (await api.gql(RISKS, { t })).data?.risks.edges.map((e: any) => e.node);
const byTitle = (list: any[], part: string) => list.find((r) => r.title.includes(part));

describe('the Acme Health demo (D1–D3, month 2 of the guide)', () => {
  it('X-4 shows a risk in every life-cycle state, each owned by an internal member', async () => {
    const list = await risks();
    expect(new Set(list.map((r: any) => r.status))).toEqual(
      new Set(['OPEN', 'TREATMENT_DECIDED', 'RESIDUAL_ASSESSED', 'ACCEPTED', 'RETREAT', 'CLOSED']),
    );
    const internal = [api.users.alex.sub, api.users.sam.sub, api.users.rafa.sub];
    for (const r of list) expect(internal).toContain(r.owner.id);
    expect(byTitle(list, 'defer to the suggested urgency')).toMatchObject({
      status: 'OPEN',
      gap: 'UNTREATED_ABOVE_THRESHOLD',
    });
  });

  it('X-5 the residual above the threshold is accepted by the appointed AI risk owner, with expiry and conditions', async () => {
    const atypical = byTitle(await risks(), 'atypical presentations');
    expect(atypical).toMatchObject({
      status: 'ACCEPTED',
      gap: null,
      owner: { id: api.users.sam.sub },
      residualAcceptance: { acceptedBy: { id: api.users.rafa.sub } },
      treatmentOutcome: { effectiveness: 'EFFECTIVE' },
    });
    expect(atypical.residual.score).toBeGreaterThan(8);
    expect(atypical.residualAcceptance.expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(atypical.residualAcceptance.conditions).toContain('weekly');
  });

  it('X-12 RETREAT follows a NOT_EFFECTIVE check by someone other than the action owner; X-6 TRANSFER keeps an internal owner; X-7 CLOSED has a reason', async () => {
    const list = await risks();
    const bias = byTitle(list, 'over 80');
    expect(bias).toMatchObject({
      status: 'RETREAT',
      gap: 'TREATMENT_NOT_EFFECTIVE',
      treatmentOutcome: { effectiveness: 'NOT_EFFECTIVE', judgedBy: { id: api.users.rafa.sub } },
    });
    expect(bias.treatmentActions.map((a: any) => a.owner.id)).not.toContain(api.users.rafa.sub);
    const vendor = byTitle(list, 'Lumen AI');
    expect(vendor.status).toBe('TREATMENT_DECIDED');
    expect(vendor.treatments.map((x: any) => x.option).sort()).toEqual(['MITIGATE', 'TRANSFER']);
    expect(vendor.treatments.find((x: any) => x.option === 'TRANSFER').transferParty).toContain('Lumen AI');
    expect(vendor.owner.id).toBe(api.users.alex.sub);
    expect(byTitle(list, 'drift')).toMatchObject({ status: 'RESIDUAL_ASSESSED', gap: null });
    expect(byTitle(list, 'public chatbot')).toMatchObject({
      status: 'CLOSED',
      closure: { reason: 'RISK_NO_LONGER_EXISTS' },
    });
  });

  it('I3, I10, D2 the triage assistant has an approved HIGH assessment with every finding handled, approved by someone who did not write it', async () => {
    const systems = (await api.gql(SYSTEMS, { t })).data?.aiSystems.edges.map((e: any) => e.node);
    const latest = (name: string) =>
      systems.find((s: any) => s.name === name).impactAssessments.edges[0]?.node;
    const triage = latest('Patient triage assistant');
    expect(triage).toMatchObject({
      status: 'APPROVED',
      revision: 1,
      euAiActClass: 'HIGH',
      approvedBy: { id: api.users.cleo.sub },
    });
    expect([triage.createdBy.id, triage.submittedBy.id]).not.toContain(api.users.cleo.sub);
    const linked = new Set(triage.linkedRisks.map((r: any) => r.sourceFinding.dimension));
    const findings = triage.dimensions.filter((d: any) => d.isFinding);
    expect(findings.length).toBeGreaterThanOrEqual(3);
    for (const d of findings) {
      expect(linked.has(d.dimension) || (d.plannedMitigations.length > 0 && !!d.noRiskJustification)).toBe(
        true,
      );
    }
    const readmission = latest('Readmission risk model');
    expect(readmission).toMatchObject({ status: 'APPROVED', euAiActClass: 'MINIMAL' });
    expect(readmission.euAiActReasons.join(' ')).not.toMatch(/influences access to healthcare/);
  });

  it('D1, D3 the SoA is drafted, not approved: specific justifications, a few honest findings, A.4.4 left for the auditor', async () => {
    const soa = (await api.gql(SOA, { t })).data?.statementOfApplicability;
    expect(soa.approvedVersion).toBeNull();
    const decided = soa.entries.filter((e: any) => e.applicable !== null);
    expect(decided.length).toBeGreaterThanOrEqual(30);
    expect(new Set(decided.map((e: any) => e.justification)).size).toBe(decided.length);
    const codes = (await api.gql(FINDINGS, { t })).data?.soaConsistency.edges.map((e: any) => e.node);
    expect(codes).toContainEqual({
      code: 'EXCLUSION_CONTRADICTS_INVENTORY',
      severity: 'HIGH',
      control: { id: 'A.4.4' },
    });
    expect(codes.filter((f: any) => f.code === 'UNDECIDED_CONTROL').map((f: any) => f.control.id)).toEqual([
      'A.7.2',
      'A.7.3',
      'A.7.5',
      'A.7.6',
    ]);
    expect(codes.map((f: any) => f.code)).not.toContain('DUPLICATE_JUSTIFICATION');
  });

  it('§3.12 shows a submitted readiness picture: records cap some overclaimed answers, showstoppers remain, a roadmap by month', async () => {
    const READINESS = /* GraphQL */ `query($t: ID) { latestReadiness(tenantId: $t) {
      source readinessLevel overall overclaim verifiedShare showstoppers { itemId }
      gapList(first: 100) { edges { node { itemId declared cap verified effective } } }
      roadmap { horizonMonths months { k tasks { itemId } } } } }`;
    const latest = (await api.gql(READINESS, { t })).data?.latestReadiness;
    expect(latest).toMatchObject({ source: 'QUESTIONNAIRE', readinessLevel: 'NOT_READY_FOR_STAGE_1' });
    expect(latest.overclaim).toBeGreaterThan(0);
    expect(latest.verifiedShare).toBeGreaterThan(0);
    expect(latest.showstoppers.length).toBeGreaterThan(0);
    const capped = latest.gapList.edges
      .map((e: any) => e.node)
      .filter((g: any) => g.verified && g.cap < g.declared);
    expect(capped.length).toBeGreaterThan(0);
    expect(latest.roadmap.months.length).toBe(latest.roadmap.horizonMonths);
  });
});
