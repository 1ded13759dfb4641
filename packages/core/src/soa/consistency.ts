// SoA consistency checks: the contradictions an auditor looks for first between
// the SoA and the risk assessment. Pure: give it the SoA, the risks and the
// methodologies they were scored under; it returns findings with explanations.
import { getControl } from '../annex-a/catalogue';
import type { RiskMethodology } from '../risk/methodology';
import { isAboveThreshold, type Risk } from '../risk/risk';
import type { ApprovedSoa, StatementOfApplicability } from './statement-of-applicability';

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
  risks: readonly Risk[];
  methodologies: ReadonlyMap<number, RiskMethodology>;
  latestApproved: ApprovedSoa | null;
  /** When the risk assessment last changed (any risk write), if ever. */
  latestRiskChangeAt: string | null;
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export function checkSoaConsistency(input: ConsistencyInput): SoaFinding[] {
  const findings: SoaFinding[] = [];
  const live = input.risks.filter((r) => r.status !== 'CLOSED');
  const reliedOn = new Map<string, Risk[]>();
  for (const risk of live) {
    for (const controlId of risk.treatment?.option === 'MITIGATE' ? risk.treatment.controlIds : []) {
      reliedOn.set(controlId, [...(reliedOn.get(controlId) ?? []), risk]);
    }
  }
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
      for (const risk of relying) {
        findings.push({
          code: 'EXCLUDED_CONTROL_RELIED_ON',
          severity: 'HIGH',
          controlId: entry.controlId,
          riskId: risk.id,
          explanation: `${title(entry.controlId)} is excluded, yet the treatment of risk "${risk.title}" relies on it.`,
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

  const applicable = new Set(
    input.soa.entries.filter((e) => e.applicable === true).map((e) => e.controlId as string),
  );
  for (const risk of live) {
    const m = input.methodologies.get(risk.methodologyVersion);
    if (!m || !isAboveThreshold(risk, m)) continue;
    const controls = risk.treatment?.option === 'MITIGATE' ? risk.treatment.controlIds : [];
    const linkedFromSoa = input.soa.entries.some(
      (e) => e.applicable === true && e.linkedRiskIds.includes(risk.id),
    );
    const covered = controls.some((c) => applicable.has(c)) || linkedFromSoa;
    const otherwiseHandled = risk.treatment && risk.treatment.option !== 'MITIGATE';
    if (!covered && !otherwiseHandled) {
      findings.push({
        code: 'RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL',
        severity: 'HIGH',
        controlId: null,
        riskId: risk.id,
        explanation: `Risk "${risk.title}" scores ${(risk.residual ?? risk.inherent).score}, above the threshold of ${m.acceptanceThreshold}, and no applicable control treats it.`,
      });
    }
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
