// Suggests Annex A controls from impact-assessment dimensions and risk categories,
// so that whoever drafts the statement of applicability starts from the controls the
// findings point at. Suggestions are a starting point: applicability stays a human
// decision recorded with its justification.
import { type ControlId, compareControlIds } from './catalogue';

export const IMPACT_DIMENSIONS = [
  'FAIRNESS',
  'TRANSPARENCY',
  'HUMAN_OVERSIGHT',
  'PRIVACY',
  'ENVIRONMENTAL',
  'SOCIETAL_ECONOMIC',
  'VULNERABLE_POPULATIONS',
] as const;
export type ImpactDimension = (typeof IMPACT_DIMENSIONS)[number];

export const RISK_CATEGORIES = [
  'BIAS_FAIRNESS',
  'SAFETY',
  'PRIVACY',
  'SECURITY',
  'TRANSPARENCY',
  'ACCOUNTABILITY',
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export interface ControlSuggestion {
  controlId: ControlId;
  reason: string;
}

export interface ImpactControlSuggestion extends ControlSuggestion {
  /** The requested dimensions that led to this control, in IMPACT_DIMENSIONS order. */
  dimensions: ImpactDimension[];
}

type Rule = readonly [ControlId, string];

const BY_IMPACT_DIMENSION: Record<ImpactDimension, readonly Rule[]> = {
  FAIRNESS: [
    ['A.5.4', 'Record who could be treated unfairly and how that will be mitigated'],
    ['A.7.4', 'Check training data represents the affected groups before use'],
    ['A.6.2.4', 'Test for biased outcomes against agreed criteria before release'],
  ],
  TRANSPARENCY: [
    ['A.8.2', 'Tell users they are dealing with AI and explain its limits'],
    ['A.6.2.7', 'Keep technical documentation that explains how the system reaches outputs'],
    ['A.8.5', 'Decide which explanations each interested party is owed and provide them'],
  ],
  HUMAN_OVERSIGHT: [
    ['A.9.2', 'Define where people must review or can override AI outputs'],
    ['A.6.2.6', 'Monitor override rates and behaviour so reviewers can step in'],
    ['A.9.4', 'Keep use within the purpose the system was validated for'],
  ],
  PRIVACY: [
    ['A.7.3', 'Confirm a lawful basis and consent before collecting personal data'],
    ['A.7.5', 'Trace personal data back to its source for rights requests and audits'],
    ['A.5.4', 'Assess intrusion and inference risks for the people whose data is used'],
  ],
  ENVIRONMENTAL: [
    ['A.5.5', 'Weigh energy use and other environmental costs in the impact assessment'],
    ['A.4.5', 'Record the compute the system uses so its footprint can be measured'],
  ],
  SOCIETAL_ECONOMIC: [
    ['A.5.5', 'Assess wider effects such as on jobs, access to services or public debate'],
    ['A.8.3', 'Let outside parties report harms the organisation has not foreseen'],
  ],
  VULNERABLE_POPULATIONS: [
    ['A.5.4', 'Give particular attention to groups less able to protect themselves'],
    ['A.9.4', 'Stop use from drifting to populations the system was not validated for'],
    ['A.8.2', 'Present information in a form that vulnerable users can follow'],
  ],
};

const BY_RISK_CATEGORY: Record<RiskCategory, readonly Rule[]> = {
  BIAS_FAIRNESS: [
    ['A.5.4', 'Identify the groups that could be disadvantaged by the system'],
    ['A.7.4', 'Set representativeness criteria for training and test data'],
    ['A.6.2.4', 'Include bias tests with pass criteria in validation'],
    ['A.6.2.6', 'Keep watching live outputs for disparities between groups'],
  ],
  SAFETY: [
    ['A.6.2.2', 'Write safety requirements into the system specification'],
    ['A.6.2.4', 'Test failure and misuse scenarios before release'],
    ['A.6.2.6', 'Monitor live behaviour with thresholds that trigger intervention'],
    ['A.8.4', 'Be ready to tell affected parties quickly when something goes wrong'],
    ['A.9.4', 'Keep use within the conditions the system was validated for'],
  ],
  PRIVACY: [
    ['A.2.3', 'Align the AI policy with the privacy policy'],
    ['A.5.4', 'Assess the privacy effects on the people whose data is used'],
    ['A.7.3', 'Check the lawful basis and consent for personal data before collection'],
    ['A.7.5', 'Keep lineage so personal data can be located and traced'],
  ],
  SECURITY: [
    ['A.2.3', 'Align the AI policy with the information security policy'],
    ['A.6.2.4', 'Test robustness against adversarial inputs and data poisoning'],
    ['A.6.2.5', 'Harden and approve the deployment environment before go-live'],
    ['A.6.2.8', 'Log events needed to detect and investigate attacks'],
    ['A.10.3', 'Assess the security of AI suppliers and third-party models'],
  ],
  TRANSPARENCY: [
    ['A.6.2.7', 'Document how the system works, including its limitations'],
    ['A.8.2', 'Explain to users what the system does and how to use it'],
    ['A.8.3', 'Give outsiders a way to question or report outcomes'],
    ['A.8.5', 'Decide what to disclose to each interested party'],
  ],
  ACCOUNTABILITY: [
    ['A.3.2', 'Name an accountable owner for each AI system and risk'],
    ['A.3.3', 'Give people a protected way to raise concerns'],
    ['A.6.2.8', 'Keep logs that show who or what made each decision'],
    ['A.10.2', 'Agree which party answers for what across suppliers and customers'],
  ],
};

export function isRiskCategory(s: unknown): s is RiskCategory {
  return typeof s === 'string' && (RISK_CATEGORIES as readonly string[]).includes(s);
}

/**
 * Deduplicated by control; when several dimensions point at one control their
 * reasons are joined so none of the motivations is lost.
 */
export function suggestControlsForImpactDimensions(
  dimensions: readonly ImpactDimension[],
): ImpactControlSuggestion[] {
  const requested = new Set(dimensions);
  const merged = new Map<ControlId, { reasons: string[]; dimensions: ImpactDimension[] }>();
  // Canonical order, not input order, so the same set of dimensions always reads the same.
  for (const dimension of IMPACT_DIMENSIONS) {
    if (!requested.has(dimension)) continue;
    for (const [controlId, reason] of BY_IMPACT_DIMENSION[dimension]) {
      const entry = merged.get(controlId) ?? { reasons: [], dimensions: [] };
      entry.reasons.push(reason);
      entry.dimensions.push(dimension);
      merged.set(controlId, entry);
    }
  }
  return [...merged]
    .map(([controlId, e]) => ({ controlId, reason: e.reasons.join('; '), dimensions: e.dimensions }))
    .sort((a, b) => compareControlIds(a.controlId, b.controlId));
}

/** Tenants may add their own categories; those have no built-in mapping and yield none. */
export function suggestControlsForRiskCategory(category: string): ControlSuggestion[] {
  if (!isRiskCategory(category)) return [];
  return BY_RISK_CATEGORY[category]
    .map(([controlId, reason]) => ({ controlId, reason }))
    .sort((a, b) => compareControlIds(a.controlId, b.controlId));
}
