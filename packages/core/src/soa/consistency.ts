// SoA consistency checks: the contradictions an auditor looks for first between
// the SoA and the risk assessment. Pure: give it the SoA, the risks and the
// methodologies they were scored under, and the AI systems with their EU AI Act
// class; it returns findings with explanations.
import { getControl, isControlId } from '../annex-a/catalogue';
import type { AiSystem } from '../inventory/ai-system';
import type { RiskMethodology } from '../risk/methodology';
import type { RiskControlLink } from '../risk/model';
import type { Risk } from '../risk/risk';
import type { FindingSeverity, SoaFinding, SoaFindingCode } from './finding';
import type { StatementOfApplicability } from './statement-of-applicability';

export { FINDING_CODES, type FindingSeverity, type SoaFinding, type SoaFindingCode } from './finding';

export interface ConsistencyInput {
  soa: StatementOfApplicability;
  /** Which live risks' treatments rely on which controls (the link items). */
  reliance: readonly RiskControlLink[];
  /** Risks above the threshold with no treatment (the gap index), up to a page. */
  gaps: readonly Risk[];
  /** There are more gaps than `gaps` holds. */
  moreGaps?: boolean;
  /** The risks findings name, for titles and scores: at least those of `namedRiskIds`. */
  risks: ReadonlyMap<string, Risk>;
  methodologies: ReadonlyMap<number, RiskMethodology>;
  latestApproved: { number: number; approvedAt: string } | null;
  /** When the risk assessment last changed (any risk write), if ever. */
  latestRiskChangeAt: string | null;
  /** The AI systems not decommissioned: what exclusions are checked against. */
  aiSystems: readonly InventoryFact[];
  /** Systems whose latest impact assessment classifies them HIGH under the EU AI Act. */
  highRiskSystemIds: ReadonlySet<string>;
  /**
   * Control refs with an internal-audit conclusion EFFECTIVE in the last 12 months
   * (X-10). The internal-audit module does not exist yet, so none are given.
   */
  effectiveByAudit?: ReadonlySet<string>;
}

export type InventoryFact = Pick<AiSystem, 'id' | 'name' | 'provenance' | 'lifecycleStage'>;

/**
 * Controls that carry a mandatory clause requirement: excluding one leaves the
 * clause without its control (A.2.2 ↔ 5.2 policy, A.3.2 ↔ 5.3 roles, A.5.2/A.5.3
 * ↔ 6.1.4/8.4 impact assessment, A.4.6 ↔ 7.2 competence, A.6.2.6 ↔ 9.1 monitoring).
 */
export const MANDATORY_PROCESS_CONTROLS: Readonly<Record<string, string>> = {
  'A.2.2': '5.2 (AI policy)',
  'A.3.2': '5.3 (roles and responsibilities)',
  'A.5.2': '6.1.4 and 8.4 (AI system impact assessment)',
  'A.5.3': '6.1.4 and 8.4 (AI system impact assessment)',
  'A.4.6': '7.2 (competence)',
  'A.6.2.6': '9.1 (monitoring and measurement)',
};
const SUPPLIER_CONTROLS = ['A.10.2', 'A.10.3'];
const OVERSIGHT_CONTROLS = ['A.9.2', 'A.9.4'];
/** Resources, lifecycle and data controls: they bite as soon as the organisation builds AI itself. */
const inHouseControl = (id: string) => id === 'A.4.4' || id.startsWith('A.6.') || id.startsWith('A.7.');
const DUPLICATE_LIMIT = 5;
const RATIO_APPLICABLE = 0.9;
const RATIO_UNBACKED = 0.3;

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
  const title = titler(input.soa);

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

  findings.push(...exclusionFindings(input), ...selectionFindings(input, reliedOn));

  const { linked } = covers(input.soa);
  const uncovered = [
    ...input.gaps.filter((r) => !linked.has(r.id)).map((r) => r.id),
    ...uncoveredMitigations(input),
  ];
  if (input.moreGaps) {
    findings.push({
      code: 'RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL',
      severity: 'HIGH',
      controlId: null,
      riskId: null,
      explanation: `More than ${input.gaps.length} risks are above the threshold with no treatment; the first ${input.gaps.length} are listed here, all of them by untreatedRisksAboveThreshold.`,
    });
  }
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

/** "A.5.2 (title)" for Annex A, "ORG-01 (title)" for a custom control of the SoA. */
const titler = (soa: StatementOfApplicability) => (id: string) =>
  `${id} (${getControl(id)?.title ?? soa.customControls?.get(id)?.title ?? 'unknown control'})`;
const controlTitle = (id: string) => `${id} (${getControl(id)?.title ?? 'unknown control'})`;
const names = (systems: readonly InventoryFact[]) => systems.map((s) => `"${s.name}"`).join(', ');

/** Exclusions that contradict a mandatory clause or what the inventory and impact assessments say. */
function exclusionFindings(input: ConsistencyInput): SoaFinding[] {
  const findings: SoaFinding[] = [];
  const live = input.aiSystems.filter((s) => s.lifecycleStage !== 'DECOMMISSIONED');
  const thirdParty = live.filter((s) => s.provenance !== 'INTERNAL');
  // DEPLOYMENT counts too: it lies between development and use, and a system being
  // rolled out was built in-house all the same (the demo's D1 model is there).
  const inHouse = live.filter((s) => s.provenance === 'INTERNAL');
  const highRisk = live.filter((s) => input.highRiskSystemIds.has(s.id));
  const finding = (code: SoaFindingCode, controlId: string, explanation: string): SoaFinding => ({
    code,
    severity: 'HIGH',
    controlId,
    riskId: null,
    explanation,
  });
  for (const entry of input.soa.entries) {
    if (entry.applicable !== false) continue;
    const id = entry.controlId as string;
    const clause = MANDATORY_PROCESS_CONTROLS[id];
    if (clause) {
      findings.push(
        finding(
          'MANDATORY_PROCESS_CONTROL_EXCLUDED',
          id,
          `${controlTitle(id)} is excluded, but clause ${clause} requires what it controls; the requirement cannot be excluded.`,
        ),
      );
    }
    if (SUPPLIER_CONTROLS.includes(id) && thirdParty.length) {
      findings.push(
        finding(
          'THIRD_PARTY_AI_BUT_A10_EXCLUDED',
          id,
          `${controlTitle(id)} is excluded, yet the inventory holds third-party AI: ${names(thirdParty)}.`,
        ),
      );
    }
    if (OVERSIGHT_CONTROLS.includes(id) && highRisk.length) {
      findings.push(
        finding(
          'HIGH_RISK_AI_BUT_OVERSIGHT_EXCLUDED',
          id,
          `${controlTitle(id)} is excluded, yet the latest impact assessment classifies ${names(highRisk)} as high-risk under the EU AI Act.`,
        ),
      );
    }
    if (inHouseControl(id) && inHouse.length) {
      findings.push(
        finding(
          'EXCLUSION_CONTRADICTS_INVENTORY',
          id,
          `${controlTitle(id)} is excluded, yet the inventory has internally built AI in development, deployment or use: ${names(inHouse)}.`,
        ),
      );
    }
  }
  return findings;
}

/** Whether the selection reads as a risk-based one: reasons fit decisions, texts are not copied, evidence exists. */
function selectionFindings(input: ConsistencyInput, reliedOn: ReadonlyMap<string, string[]>): SoaFinding[] {
  const findings: SoaFinding[] = [];
  const entries = input.soa.entries;
  const nameOf = titler(input.soa);
  const audited = input.effectiveByAudit ?? new Set<string>();
  for (const e of entries) {
    // S4: only an internal-audit conclusion makes a control "operating effectively"; items
    // stored before X-11 may still claim it by hand.
    if (e.implementationStatus === 'OPERATING_EFFECTIVELY' && !audited.has(e.controlId)) {
      findings.push({
        code: 'EFFECTIVENESS_UNSUPPORTED',
        severity: 'MEDIUM',
        controlId: e.controlId,
        riskId: null,
        explanation: `${nameOf(e.controlId)} is marked operating effectively without an internal-audit conclusion EFFECTIVE in the last 12 months; record it as implemented with evidence until an audit concludes.`,
      });
    }
    const mismatch =
      e.applicable === true && e.reasons.includes('NOT_RELEVANT_TO_SCOPE')
        ? 'applicable but gives NOT_RELEVANT_TO_SCOPE as a reason'
        : e.applicable === false && e.reasons.includes('RISK_TREATMENT')
          ? 'excluded but gives RISK_TREATMENT as a reason'
          : null;
    if (mismatch) {
      findings.push({
        code: 'REASON_DECISION_MISMATCH',
        severity: 'MEDIUM',
        controlId: e.controlId,
        riskId: null,
        explanation: `${nameOf(e.controlId)} is ${mismatch}; the reason must support the decision.`,
      });
    }
    if (
      e.applicable === true &&
      (e.implementationStatus === 'IMPLEMENTED' || e.implementationStatus === 'OPERATING_EFFECTIVELY') &&
      !e.evidenceRefs.length
    ) {
      findings.push({
        code: 'IMPLEMENTED_WITHOUT_EVIDENCE',
        severity: 'MEDIUM',
        controlId: e.controlId,
        riskId: null,
        explanation: `${nameOf(e.controlId)} is marked ${e.implementationStatus.toLowerCase().replace('_', ' ')} but names no evidence.`,
      });
    }
  }

  // The same text on many entries is a template, not a decision per control.
  const byText = new Map<string, string[]>();
  for (const e of entries) {
    const text = e.justification?.trim().replace(/\s+/g, ' ').toLowerCase();
    if (text) byText.set(text, [...(byText.get(text) ?? []), e.controlId]);
  }
  for (const controls of byText.values()) {
    if (controls.length <= DUPLICATE_LIMIT) continue;
    findings.push({
      code: 'DUPLICATE_JUSTIFICATION',
      severity: 'MEDIUM',
      controlId: null,
      riskId: null,
      explanation: `${controls.length} entries share the same justification (${controls.join(', ')}); justify each decision for its control.`,
    });
  }

  // Near-total applicability with many controls backed by nothing reads as a missing risk-based selection.
  // Annex A only: additional controls are added because the organisation chose them.
  const annexA = entries.filter((e) => isControlId(e.controlId));
  const applicable = annexA.filter((e) => e.applicable === true);
  const unbacked = applicable.filter(
    (e) =>
      !e.linkedRiskIds.length &&
      !reliedOn.get(e.controlId)?.length &&
      !e.reasons.some((r) => r === 'LEGAL_REGULATORY' || r === 'CONTRACTUAL'),
  );
  if (
    annexA.length &&
    applicable.length / annexA.length >= RATIO_APPLICABLE &&
    unbacked.length / applicable.length >= RATIO_UNBACKED
  ) {
    findings.push({
      code: 'HIGH_APPLICABILITY_RATIO',
      severity: 'MEDIUM',
      controlId: null,
      riskId: null,
      explanation: `${applicable.length} of ${annexA.length} Annex A controls are applicable and ${unbacked.length} of those have no linked risk and no legal or contractual reason. Auditors read this as a missing risk-based selection: confirm each decision against the risk assessment.`,
    });
  }
  return findings;
}
