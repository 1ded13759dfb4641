import { describe, expect, it } from 'vitest';
import { defaultMethodology, scoreRisk } from '../risk/methodology';
import { type Risk, type RiskTreatment, withDerivedFacts } from '../risk/risk';
import { checkSoaConsistency } from './consistency';
import { blankSoa, type SoaEntry, type StatementOfApplicability } from './statement-of-applicability';

const m = defaultMethodology('t1', '2026-01-01T00:00:00.000Z', 'u1');
const methodologies = new Map([[1, m]]);
const now = '2026-06-01T00:00:00.000Z';

const mitigate = (controlIds: string[]): RiskTreatment => ({
  option: 'MITIGATE',
  controlIds: controlIds as RiskTreatment['controlIds'],
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
      treatment,
      residual: null,
      reviewDate: '2027-01-01',
      status: treatment ? 'TREATED' : 'OPEN',
      sourceFinding: null,
      currentBand: 'LOW',
      aboveThreshold: false,
      gap: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    },
    m,
  );

/** The check's inputs as the use case reads them: link items and the gap index, from a list of risks. */
const fromRisks = (risks: Risk[]) => ({
  reliance: risks.flatMap((r) =>
    r.status !== 'CLOSED' && r.treatment?.option === 'MITIGATE'
      ? r.treatment.controlIds.map((controlRef) => ({
          riskId: r.id,
          controlRef,
          aboveThreshold: r.aboveThreshold,
        }))
      : [],
  ),
  gaps: risks.filter((r) => r.gap),
  risks: new Map(risks.map((r) => [r.id, r])),
});

function soaWith(decide: (e: SoaEntry) => Partial<SoaEntry>): StatementOfApplicability {
  const soa = blankSoa('t1', now);
  return { ...soa, entries: soa.entries.map((e) => ({ ...e, ...decide(e) })) };
}

const justified = (applicable: boolean): Partial<SoaEntry> => ({
  applicable,
  justification: 'Decided in the risk workshop of May',
  reasons: applicable ? ['BUSINESS'] : ['NOT_RELEVANT_TO_SCOPE'],
});

const check = (soa: StatementOfApplicability, risks: Risk[] = [], extra = {}) =>
  checkSoaConsistency({
    soa,
    ...fromRisks(risks),
    methodologies,
    latestApproved: null,
    latestRiskChangeAt: null,
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

  it('calls out a SoA where every control is applicable', () => {
    expect(check(soaWith(() => justified(true))).map((f) => f.code)).toEqual(['ALL_CONTROLS_APPLICABLE']);
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
