// What the SoA consistency checks report: codes and severities, apart from the
// checks so the SoA types (waivers name a code) can use them without a cycle.

export const FINDING_CODES = [
  'EXCLUDED_CONTROL_RELIED_ON',
  'APPLICABLE_WITHOUT_REASON',
  'MISSING_JUSTIFICATION',
  'UNDECIDED_CONTROL',
  'RISK_ABOVE_THRESHOLD_WITHOUT_CONTROL',
  'APPROVED_SOA_OUT_OF_DATE',
  'MANDATORY_PROCESS_CONTROL_EXCLUDED',
  'THIRD_PARTY_AI_BUT_A10_EXCLUDED',
  'HIGH_RISK_AI_BUT_OVERSIGHT_EXCLUDED',
  'EXCLUSION_CONTRADICTS_INVENTORY',
  'REASON_DECISION_MISMATCH',
  'DUPLICATE_JUSTIFICATION',
  'HIGH_APPLICABILITY_RATIO',
  'IMPLEMENTED_WITHOUT_EVIDENCE',
  'EFFECTIVENESS_UNSUPPORTED',
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
