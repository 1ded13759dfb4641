import { describe, expect, it } from 'vitest';
import { defaultMethodology, scoreRisk } from '../risk/methodology';
import { type Risk, type RiskTreatment, withDerivedFacts } from '../risk/risk';
import { checkSoaConsistency, type InventoryFact, MANDATORY_PROCESS_CONTROLS } from './consistency';
import { blankSoa, type SoaEntry, type StatementOfApplicability } from './statement-of-applicability';

const m = defaultMethodology('t1', '2026-01-01T00:00:00.000Z', 'u1');
const methodologies = new Map([[1, m]]);
const now = '2026-06-01T00:00:00.000Z';

const mitigate = (controlIds: string[]): RiskTreatment => ({
  option: 'MITIGATE',
  controlRefs: controlIds,
  transferParty: null,
  acceptance: null,
  stopUseCase: false,
  notes: null,
  decidedBy: 'u1',
  decidedAt: now,
});

const risk = (id: string, score: [number, number], treatment: RiskTreatment | null = null): Risk =>
  withDerivedFacts(
    {
      id,
      tenantId: 't1',
      title: `Risk ${id}`,
      description: null,
      category: 'SAFETY',
      aiSystemIds: [],
      ownerId: 'u1',
      methodologyVersion: 1,
      inherent: scoreRisk(m, score[0], { ORGANISATION: 1, INDIVIDUALS: 1, GROUPS: 1, SOCIETY: score[1] }),
      treatments: treatment ? [treatment] : [],
      residual: null,
      residualAssessedAt: null,
      treatmentOutcome: null,
      treatmentImplemented: false,
      reviewDate: '2027-01-01',
      status: treatment ? 'TREATMENT_DECIDED' : 'OPEN',
      sourceFinding: null,
      currentBand: 'LOW',
      aboveThreshold: false,
      gap: null,
      residualAcceptance: null,
      closure: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
    m,
  );

/** The check's inputs as the use case reads them: link items and the gap index, from a list of risks. */
const fromRisks = (risks: Risk[]) => ({
  reliance: risks.flatMap((r) =>
    r.status !== 'CLOSED'
      ? r.treatments
          .flatMap((t) => t.controlRefs)
          .map((controlRef) => ({
            riskId: r.id,
            controlRef,
            aboveThreshold: r.aboveThreshold,
          }))
      : [],
  ),
  gaps: risks.filter((r) => r.gap),
  risks: new Map(risks.map((r) => [r.id, r])),
});

const WORKSHOP = 'Decided in the risk workshop of May';

/** A SoA decided entry by entry; the workshop justification names its control, as a real one would. */
function soaWith(decide: (e: SoaEntry) => Partial<SoaEntry>): StatementOfApplicability {
  const soa = blankSoa('t1', now);
  return {
    ...soa,
    entries: soa.entries.map((e) => {
      const decided = { ...e, ...decide(e) };
      return decided.justification === WORKSHOP
        ? { ...decided, justification: `${WORKSHOP} for ${e.controlId}` }
        : decided;
    }),
  };
}

const justified = (applicable: boolean): Partial<SoaEntry> => ({
  applicable,
  justification: WORKSHOP,
  reasons: applicable ? ['CONTRACTUAL'] : ['NOT_RELEVANT_TO_SCOPE'],
});

const system = (
  id: string,
  provenance: InventoryFact['provenance'],
  lifecycleStage: InventoryFact['lifecycleStage'] = 'USE',
): InventoryFact => ({ id, name: `System ${id}`, provenance, lifecycleStage });

/** The Acme Health demo (D1): A.4.4 excluded as "all training at suppliers", an INTERNAL readmission model in use. */
const D1_JUSTIFICATION = 'No in-house model tooling: all training happens at suppliers';

const check = (soa: StatementOfApplicability, risks: Risk[] = [], extra = {}) =>
  checkSoaConsistency({
    soa,
    ...fromRisks(risks),
    methodologies,
    latestApproved: null,
    latestRiskChangeAt: null,
    aiSystems: [],
    highRiskSystemIds: new Set<string>(),
    ...extra,
  });

describe('checkSoaConsistency', () => {
  it('reports every undecided control of a blank SoA and nothing else', () => {
    const findings = check(blankSoa('t1', now));
    expect(findings).toHaveLength(38);
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set(['UNDECIDED_CONTROL']));
  });

  it('flags an excluded control that a mitigation relies on, naming both', () => {
    const soa = soaWith((e) => justified(e.controlId !== 'A.6.2.4'));
    const findings = check(soa, [risk('r1', [4, 4], mitigate(['A.6.2.4']))]);
    expect(findings[0]).toMatchObject({
      code: 'EXCLUDED_CONTROL_RELIED_ON',
      severity: 'HIGH',
      controlId: 'A.6.2.4',
      riskId: 'r1',
    });
    expect(findings[0]?.explanation).toMatch(/Risk r1/);
  });

  it('flags decisions without a justification, either way', () => {
    const soa = soaWith((e) =>
      e.controlId === 'A.2.2'
        ? { applicable: true, reasons: ['BUSINESS'] }
        : e.controlId === 'A.3.3'
          ? { applicable: false }
          : justified(true),
    );
    const missing = check(soa)
      .filter((f) => f.code === 'MISSING_JUSTIFICATION')
      .map((f) => f.controlId);
    expect(missing).toEqual(['A.2.2', 'A.3.3']);
  });

  it('flags applicable controls with no risk or other reason', () => {
    const soa = soaWith((e) =>
      e.controlId === 'A.4.4' ? { ...justified(true), reasons: [] } : justified(false),
    );
    expect(check(soa).map((f) => [f.code, f.controlId])).toContainEqual([
      'APPLICABLE_WITHOUT_REASON',
      'A.4.4',
    ]);
    const linked = soaWith((e) =>
      e.controlId === 'A.4.4' ? { ...justified(true), reasons: [] } : justified(false),
    );
    expect(check(linked, [risk('r1', [1, 1], mitigate(['A.4.4']))]).map((f) => f.code)).not.toContain(
      'APPLICABLE_WITHOUT_REASON',
    );
  });

  it('X-10 HIGH_APPLICABILITY_RATIO: 37 of 38 applicable with most backed by nothing is called out, unlike before', () => {
    const business = (applicable: boolean) => ({
      ...justified(applicable),
      reasons: applicable ? (['BUSINESS'] as SoaEntry['reasons']) : justified(false).reasons,
    });
    const codes = (soa: StatementOfApplicability) => check(soa).map((f) => f.code);
    expect(codes(soaWith(() => business(true)))).toEqual(['HIGH_APPLICABILITY_RATIO']);
    expect(codes(soaWith((e) => business(e.controlId !== 'A.10.4')))).toEqual(['HIGH_APPLICABILITY_RATIO']);
    // Backed by law or contract, or linked to risks, the same selection is a risk-based one.
    expect(codes(soaWith(() => justified(true)))).toEqual([]);
    // Below 90 % applicable it is not reported.
    const fewer = soaWith((e) => business(!['A.10.2', 'A.10.3', 'A.10.4', 'A.8.5'].includes(e.controlId)));
    expect(codes(fewer)).toEqual([]);
  });

  it('S2 X-10 MANDATORY_PROCESS_CONTROL_EXCLUDED: each of A.2.2, A.3.2, A.5.2, A.5.3, A.4.6, A.6.2.6 excluded is HIGH', () => {
    const mandatory = Object.keys(MANDATORY_PROCESS_CONTROLS);
    const findings = check(soaWith((e) => justified(!mandatory.includes(e.controlId))));
    expect(findings.map((f) => [f.code, f.severity, f.controlId])).toEqual(
      ['A.2.2', 'A.3.2', 'A.4.6', 'A.5.2', 'A.5.3', 'A.6.2.6'].map((id) => [
        'MANDATORY_PROCESS_CONTROL_EXCLUDED',
        'HIGH',
        id,
      ]),
    );
    expect(findings[0]?.explanation).toMatch(/5\.2/);
  });

  it('X-10 THIRD_PARTY_AI_BUT_A10_EXCLUDED: A.10.2/A.10.3 excluded with third-party AI not decommissioned', () => {
    const soa = soaWith((e) => justified(!['A.10.2', 'A.10.3'].includes(e.controlId)));
    const flagged = (aiSystems: InventoryFact[]) =>
      check(soa, [], { aiSystems })
        .filter((f) => f.code === 'THIRD_PARTY_AI_BUT_A10_EXCLUDED')
        .map((f) => f.controlId);
    expect(flagged([system('chat', 'THIRD_PARTY_API', 'DEPLOYMENT')])).toEqual(['A.10.2', 'A.10.3']);
    expect(flagged([system('old', 'EMBEDDED_IN_SAAS', 'DECOMMISSIONED')])).toEqual([]);
    expect(flagged([system('own', 'INTERNAL')])).toEqual([]);
    expect(
      check(soa, [], { aiSystems: [system('chat', 'THIRD_PARTY_API')] }).find(
        (f) => f.code === 'THIRD_PARTY_AI_BUT_A10_EXCLUDED',
      )?.explanation,
    ).toContain('System chat');
  });

  it('X-10 HIGH_RISK_AI_BUT_OVERSIGHT_EXCLUDED: A.9.2/A.9.4 excluded with a system assessed HIGH; nothing without assessments', () => {
    const soa = soaWith((e) => justified(!['A.9.2', 'A.9.4'].includes(e.controlId)));
    const aiSystems = [system('triage', 'THIRD_PARTY_API')];
    const flagged = (highRiskSystemIds: Set<string>) =>
      check(soa, [], { aiSystems, highRiskSystemIds })
        .filter((f) => f.code === 'HIGH_RISK_AI_BUT_OVERSIGHT_EXCLUDED')
        .map((f) => [f.controlId, f.severity]);
    expect(flagged(new Set(['triage']))).toEqual([
      ['A.9.2', 'HIGH'],
      ['A.9.4', 'HIGH'],
    ]);
    expect(flagged(new Set())).toEqual([]);
  });

  it('X-10 EXCLUSION_CONTRADICTS_INVENTORY: the seeded D1 case, A.4.4 excluded "all training at suppliers" beside an INTERNAL model in use', () => {
    const soa = soaWith((e) =>
      e.controlId === 'A.4.4'
        ? { applicable: false, justification: D1_JUSTIFICATION, reasons: ['NOT_RELEVANT_TO_SCOPE'] }
        : justified(true),
    );
    const readmission = {
      ...system('readmission', 'INTERNAL', 'DEPLOYMENT'),
      name: 'Readmission risk model',
    };
    const findings = check(soa, [], { aiSystems: [readmission] });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'EXCLUSION_CONTRADICTS_INVENTORY',
        severity: 'HIGH',
        controlId: 'A.4.4',
      }),
    ]);
    expect(findings[0]?.explanation).toContain('Readmission risk model');
    // A.6.x and A.7.x too, for systems in development or deployment; not for bought-in or retired ones.
    const data = soaWith((e) => justified(!['A.6.2.2', 'A.7.4'].includes(e.controlId)));
    const codes = (aiSystems: InventoryFact[]) =>
      check(data, [], { aiSystems })
        .filter((f) => f.code === 'EXCLUSION_CONTRADICTS_INVENTORY')
        .map((f) => f.controlId);
    expect(codes([system('lab', 'INTERNAL', 'DEVELOPMENT')])).toEqual(['A.6.2.2', 'A.7.4']);
    expect(codes([system('lab', 'INTERNAL', 'DEPLOYMENT')])).toEqual(['A.6.2.2', 'A.7.4']);
    expect(codes([system('old', 'INTERNAL', 'DECOMMISSIONED'), system('api', 'THIRD_PARTY_API')])).toEqual(
      [],
    );
  });

  it('X-10 REASON_DECISION_MISMATCH: NOT_RELEVANT_TO_SCOPE on an applicable control, RISK_TREATMENT on an excluded one', () => {
    const soa = soaWith((e) =>
      e.controlId === 'A.8.2'
        ? { ...justified(true), reasons: ['NOT_RELEVANT_TO_SCOPE', 'CONTRACTUAL'] }
        : e.controlId === 'A.10.4'
          ? { ...justified(false), reasons: ['RISK_TREATMENT'] }
          : justified(true),
    );
    expect(
      check(soa)
        .filter((f) => f.code === 'REASON_DECISION_MISMATCH')
        .map((f) => [f.controlId, f.severity]),
    ).toEqual([
      ['A.8.2', 'MEDIUM'],
      ['A.10.4', 'MEDIUM'],
    ]);
  });

  it('X-10 DUPLICATE_JUSTIFICATION: the same text on more than five entries, not on five', () => {
    const copied = (n: number) =>
      soaWith((e) => ({
        ...justified(true),
        ...(['A.2.2', 'A.2.3', 'A.2.4', 'A.3.2', 'A.3.3', 'A.4.2'].slice(0, n).includes(e.controlId)
          ? { justification: 'Needed  for our AI systems' }
          : {}),
      }));
    const duplicates = (soa: StatementOfApplicability) =>
      check(soa).filter((f) => f.code === 'DUPLICATE_JUSTIFICATION');
    expect(duplicates(copied(5))).toEqual([]);
    const six = duplicates(copied(6));
    expect(six).toEqual([expect.objectContaining({ severity: 'MEDIUM', controlId: null })]);
    expect(six[0]?.explanation).toContain('A.4.2');
  });

  it('X-10 IMPLEMENTED_WITHOUT_EVIDENCE: an implemented control with no evidence references', () => {
    const soa = soaWith((e) =>
      e.controlId === 'A.6.2.4'
        ? { ...justified(true), implementationStatus: 'IMPLEMENTED' }
        : e.controlId === 'A.6.2.5'
          ? { ...justified(true), implementationStatus: 'IMPLEMENTED', evidenceRefs: ['Runbook v3'] }
          : justified(true),
    );
    expect(check(soa).map((f) => [f.code, f.controlId])).toEqual([
      ['IMPLEMENTED_WITHOUT_EVIDENCE', 'A.6.2.4'],
    ]);
  });

  it('X-10 EFFECTIVENESS_UNSUPPORTED: OPERATING_EFFECTIVELY stored before X-11, without an internal-audit conclusion', () => {
    const soa = soaWith((e) =>
      e.controlId === 'A.6.2.4'
        ? { ...justified(true), implementationStatus: 'OPERATING_EFFECTIVELY', evidenceRefs: ['Runbook v3'] }
        : justified(true),
    );
    expect(check(soa).map((f) => [f.code, f.controlId])).toEqual([['EFFECTIVENESS_UNSUPPORTED', 'A.6.2.4']]);
    // An EFFECTIVE internal-audit conclusion in the last 12 months supports the claim.
    expect(check(soa, [], { effectiveByAudit: new Set(['A.6.2.4']) }).map((f) => f.code)).toEqual([]);
  });

  it('flags risks above the threshold that no applicable control treats', () => {
    const soa = soaWith((e) => justified(e.controlId === 'A.9.2'));
    const findings = check(soa, [
      risk('untreated', [4, 4]),
      risk('excluded-control', [4, 4], mitigate(['A.6.2.4'])),
      risk('covered', [4, 4], mitigate(['A.9.2'])),
      risk('low', [1, 2]),
    ]);
    const flagged = findings
      .filter((f) => f.code === 'RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL')
      .map((f) => f.riskId);
    expect(flagged.sort()).toEqual(['excluded-control', 'untreated']);
  });

  it('flags an approved SoA older than the latest risk change', () => {
    const soa = soaWith((e) => justified(e.controlId !== 'A.10.4'));
    const latestApproved = {
      tenantId: 't1',
      number: 1,
      catalogueVersion: 'x',
      entries: soa.entries,
      approvedBy: 'u1',
      approvedAt: '2026-05-01T00:00:00.000Z',
    };
    expect(
      check(soa, [], { latestApproved, latestRiskChangeAt: '2026-05-02T00:00:00.000Z' }).map((f) => f.code),
    ).toEqual(['APPROVED_SOA_OUT_OF_DATE']);
    expect(check(soa, [], { latestApproved, latestRiskChangeAt: '2026-04-30T00:00:00.000Z' })).toEqual([]);
  });

  it('sorts findings most severe first', () => {
    const soa = soaWith((e) =>
      e.controlId === 'A.2.2' ? { applicable: true } : e.controlId === 'A.2.3' ? {} : justified(true),
    );
    const severities = check(soa).map((f) => f.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ['HIGH', 'MEDIUM', 'LOW'].indexOf(a) - ['HIGH', 'MEDIUM', 'LOW'].indexOf(b),
      ),
    );
  });
});
