// SoA consistency checks: the contradictions an auditor looks for first between
// the SoA and the risk assessment. Pure: give it the SoA, the risks and the
// methodologies they were scored under; it returns findings with explanations.
import { getControl } from '../annex-a/catalogue';
import type { RiskMethodology } from '../risk/methodology';
import type { RiskControlLink } from '../risk/model';
import type { Risk } from '../risk/risk';
import type { StatementOfApplicability } from './statement-of-applicability';

export const FINDING_CODES = [
  'EXCLUDED_CONTROL_RELIED_ON',
  'APPLICABLE_WITHOUT_REASON',
  'ALL_CONTROLS_APPLICABLE',
  'MISSING_JUSTIFICATION',
  'UNDECIDED_CONTROL',
  'RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL',
  'APPROVED_SOA_OUT_OF_DATE',
] as const;
export type SoaFindingCode = (typeof FINDING_CODES)[number];
export type FindingSeverity = 'HIGH' | 'MEDIUM' | 'LOW';

export interface SoaFinding {
  code: SoaFindingCode;
  severity: FindingSeverity;
  controlId: string | null;
  riskId: string | null;
  explanation: string;
}

export interface ConsistencyInput {
  soa: StatementOfApplicability;
  /** Which live risks' treatments rely on which controls (the link items). */
  reliance: readonly RiskControlLink[];
  /** Risks above the threshold with no treatment (the gap index). */
  gaps: readonly Risk[];
  /** The risks findings name, for titles and scores: at least those of `namedRiskIds`. */
  risks: ReadonlyMap<string, Risk>;
  methodologies: ReadonlyMap<number, RiskMethodology>;
  latestApproved: { number: number; approvedAt: string } | null;
  /** When the risk assessment last changed (any risk write), if ever. */
  latestRiskChangeAt: string | null;
}

const covers = (soa: StatementOfApplicability) => {
  const applicable = new Set(
    soa.entries.filter((e) => e.applicable === true).map((e) => e.controlId as string),
  );
  const linked = new Set(soa.entries.filter((e) => e.applicable === true).flatMap((e) => e.linkedRiskIds));
  return { applicable, linked };
};

/** Above-threshold risks relying only on controls that are not applicable, and not linked from an applicable entry. */
function uncoveredMitigations(input: Pick<ConsistencyInput, 'soa' | 'reliance'>): string[] {
  const { applicable, linked } = covers(input.soa);
  const byRisk = new Map<string, RiskControlLink[]>();
  for (const l of input.reliance)
    if (l.aboveThreshold) byRisk.set(l.riskId, [...(byRisk.get(l.riskId) ?? []), l]);
  return [...byRisk.entries()]
    .filter(([riskId, links]) => !linked.has(riskId) && !links.some((l) => applicable.has(l.controlRef)))
    .map(([riskId]) => riskId);
}

/** The risks whose titles the findings will need: read only these, not the register. */
export function namedRiskIds(input: Pick<ConsistencyInput, 'soa' | 'reliance'>): string[] {
  const excluded = new Set(
    input.soa.entries.filter((e) => e.applicable === false).map((e) => e.controlId as string),
  );
  const relying = input.reliance.filter((l) => excluded.has(l.controlRef)).map((l) => l.riskId);
  return [...new Set([...relying, ...uncoveredMitigations(input)])];
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export function checkSoaConsistency(input: ConsistencyInput): SoaFinding[] {
  const findings: SoaFinding[] = [];
  const reliedOn = new Map<string, string[]>();
  for (const l of input.reliance)
    reliedOn.set(l.controlRef, [...(reliedOn.get(l.controlRef) ?? []), l.riskId]);
  const titleOf = (id: string) => input.risks.get(id)?.title ?? id;
  const title = (id: string) => `${id} (${getControl(id)?.title ?? 'unknown control'})`;

  for (const entry of input.soa.entries) {
    const relying = reliedOn.get(entry.controlId) ?? [];
    if (entry.applicable === null) {
      findings.push({
        code: 'UNDECIDED_CONTROL',
        severity: 'MEDIUM',
        controlId: entry.controlId,
        riskId: null,
        explanation: `No applicability decision has been recorded for ${title(entry.controlId)}.`,
      });
    } else if (!entry.justification) {
      findings.push({
        code: 'MISSING_JUSTIFICATION',
        severity: 'HIGH',
        controlId: entry.controlId,
        riskId: null,
        explanation: `${title(entry.controlId)} is marked ${entry.applicable ? 'applicable' : 'not applicable'} without a justification; the SoA needs one either way.`,
      });
    }
    if (entry.applicable === false) {
      for (const riskId of relying) {
        findings.push({
          code: 'EXCLUDED_CONTROL_RELIED_ON',
          severity: 'HIGH',
          controlId: entry.controlId,
          riskId,
          explanation: `${title(entry.controlId)} is excluded, yet the treatment of risk "${titleOf(riskId)}" relies on it.`,
        });
      }
    }
    if (
      entry.applicable === true &&
      !relying.length &&
      !entry.linkedRiskIds.length &&
      !entry.reasons.some((r) => r !== 'NOT_RELEVANT_TO_SCOPE')
    ) {
      findings.push({
        code: 'APPLICABLE_WITHOUT_REASON',
        severity: 'MEDIUM',
        controlId: entry.controlId,
        riskId: null,
        explanation: `${title(entry.controlId)} is applicable but no risk, legal, contractual or business reason is linked to it.`,
      });
    }
  }

  if (input.soa.entries.length && input.soa.entries.every((e) => e.applicable === true)) {
    findings.push({
      code: 'ALL_CONTROLS_APPLICABLE',
      severity: 'LOW',
      controlId: null,
      riskId: null,
      explanation:
        'Every Annex A control is marked applicable. Auditors read this as a missing risk-based selection: confirm each decision against the risk assessment.',
    });
  }

  const { linked } = covers(input.soa);
  const uncovered = [
    ...input.gaps.filter((r) => !linked.has(r.id)).map((r) => r.id),
    ...uncoveredMitigations(input),
  ];
  for (const riskId of new Set(uncovered)) {
    const risk = input.gaps.find((r) => r.id === riskId) ?? input.risks.get(riskId);
    const m = risk ? input.methodologies.get(risk.methodologyVersion) : undefined;
    findings.push({
      code: 'RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL',
      severity: 'HIGH',
      controlId: null,
      riskId,
      explanation: risk
        ? `Risk "${risk.title}" scores ${(risk.residual ?? risk.inherent).score}${m ? `, above the threshold of ${m.acceptanceThreshold},` : ' (above the threshold)'} and no applicable control treats it.`
        : `Risk ${riskId} is above the threshold and no applicable control treats it.`,
    });
  }

  if (
    input.latestApproved &&
    input.latestRiskChangeAt &&
    input.latestRiskChangeAt > input.latestApproved.approvedAt
  ) {
    findings.push({
      code: 'APPROVED_SOA_OUT_OF_DATE',
      severity: 'MEDIUM',
      controlId: null,
      riskId: null,
      explanation: `The approved SoA (version ${input.latestApproved.number}, ${input.latestApproved.approvedAt.slice(0, 10)}) predates the latest risk assessment change (${input.latestRiskChangeAt.slice(0, 10)}); review and re-approve it.`,
    });
  }

  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.code.localeCompare(b.code) ||
      (a.controlId ?? '').localeCompare(b.controlId ?? '', undefined, { numeric: true }),
  );
}
