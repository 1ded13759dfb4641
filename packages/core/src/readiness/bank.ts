// Readiness question bank v1 (§3.12.2): 40 RQ items derived from the guide's seven
// steps, 5 CM items from its common mistakes, and one item per Annex A control.
// Wording is ours. The bank is versioned data: snapshots record the version they
// were scored with, so a wording change keeps v1 and a change of ids, weights or
// dependencies needs v2.
import { ANNEX_A_CONTROLS, type ClauseNumber, compareControlIds } from '../annex-a/catalogue';
import type { AppointmentKind } from '../governance/appointment';

export const READINESS_BANK_VERSION = 'v1';

export const READINESS_THEMES = [
  'LIFECYCLE',
  'DATA_GOVERNANCE',
  'TRANSPARENCY',
  'HUMAN_OVERSIGHT',
  'BIAS_AND_FAIRNESS',
  'THIRD_PARTY',
] as const;
export type ReadinessTheme = (typeof READINESS_THEMES)[number];

export type ItemKind = 'CLAUSE' | 'MISTAKE' | 'ANNEX_A';
export type Effort = 'S' | 'M' | 'L';
export type GuideStep = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type TimelineMonth = 1 | 2 | 3 | 4 | 5;
/** When an item may be answered N/A (§3.12.1); anything else must be answered 0–5. */
export type Applicability =
  | 'ALWAYS'
  | 'SOA_INCLUDED'
  | 'EU_NEXUS'
  | 'AFTER_STAGE_1'
  | 'EXISTING_MANAGEMENT_SYSTEM';

export interface ReadinessItem {
  id: string;
  kind: ItemKind;
  question: string;
  /** Guide steps (RQ-12 and RQ-30 sit across two); empty for certification and mistake items. */
  steps: readonly GuideStep[];
  /** Clause and control references, e.g. '6.1.2', 'A.5'. */
  refs: readonly string[];
  /** Clause blocks (4…10) the item counts in, derived from refs. */
  clauses: readonly ClauseNumber[];
  /** Annex A topic (A.2 … A.10) for ANNEX_A items. */
  annexTopic: string | null;
  /** Base weight: critical 5, clause 3, supporting 2, minor 1, Annex A 1 (scaled by w_A when scored). */
  weight: 1 | 2 | 3 | 5;
  critical: boolean;
  /** Guide timeline month by which the item is done. */
  month: TimelineMonth;
  dependsOn: readonly string[];
  defaultOwnerAppointment: AppointmentKind;
  effort: Effort;
  /** Produces a document a Stage 1 auditor reads (scored with target 3 in the Stage 1 sub-score). */
  stage1: boolean;
  themes: readonly ReadinessTheme[];
  applicability: Applicability;
}

type Row = [
  id: string,
  steps: GuideStep[],
  refs: string[],
  weight: 1 | 2 | 3 | 5,
  month: TimelineMonth,
  owner: AppointmentKind,
  effort: Effort,
  question: string,
];

const RQ_ROWS: Row[] = [
  [
    'RQ-01',
    [1],
    ['4.4'],
    1,
    1,
    'AIMS_MANAGER',
    'S',
    'Have you compared how you work today with what ISO/IEC 42001 asks for (a gap analysis)?',
  ],
  [
    'RQ-02',
    [1],
    ['4.1'],
    3,
    1,
    'AIMS_MANAGER',
    'M',
    'Have you written down the internal and external issues that matter for your AI, whether each is internal or external, why it is relevant and what it means for scope and risk?',
  ],
  [
    'RQ-03',
    [1],
    ['4.1'],
    3,
    1,
    'AI_SYSTEM_OWNER',
    'M',
    'For each AI system, have you settled what your organisation is (provider, developer, user …) and what the system is meant to do?',
  ],
  [
    'RQ-04',
    [1],
    ['4.2'],
    3,
    1,
    'AIMS_MANAGER',
    'M',
    'Do you know your interested parties and what they expect of your AI, and have you decided which of those expectations the AIMS takes on?',
  ],
  [
    'RQ-05',
    [1],
    ['4.3'],
    5,
    1,
    'AIMS_MANAGER',
    'M',
    'Is there an approved scope that names the AI systems, processes and units covered, with a reason for every exclusion?',
  ],
  [
    'RQ-06',
    [2],
    ['5.3', 'A.3.2'],
    3,
    1,
    'TOP_MANAGEMENT',
    'S',
    'Does an AI governance committee bring together leadership, legal or compliance, IT, data science and the business?',
  ],
  [
    'RQ-07',
    [2],
    ['5.3', 'A.3.2'],
    5,
    1,
    'TOP_MANAGEMENT',
    'S',
    'Have the AIMS manager, the AI risk owner, the data governance lead and an owner for each in-scope AI system been appointed, and have they accepted?',
  ],
  [
    'RQ-08',
    [2],
    ['5.1'],
    3,
    1,
    'TOP_MANAGEMENT',
    'S',
    'Can you show that top management takes part (approves, funds, decides) rather than only signing?',
  ],
  [
    'RQ-09',
    [2],
    ['5.2', 'A.2.2'],
    5,
    1,
    'AIMS_MANAGER',
    'M',
    'Has top management approved an AI policy that covers every element it must contain?',
  ],
  [
    'RQ-10',
    [2],
    ['5.2', '7.3', 'A.2.3'],
    3,
    1,
    'AIMS_MANAGER',
    'S',
    'Have staff acknowledged the AI policy, can interested parties get it, and is it consistent with your other policies?',
  ],
  [
    'RQ-11',
    [3],
    ['6.1', 'A.4.2'],
    5,
    1,
    'AI_SYSTEM_OWNER',
    'L',
    'Do you keep a complete inventory of AI systems, third-party AI included, with purpose, data, decisions, stakeholders, process and owner?',
  ],
  [
    'RQ-12',
    [2, 3],
    ['6.2', 'A.6.1.2', 'A.9.3'],
    3,
    2,
    'AIMS_MANAGER',
    'M',
    'Are there measurable AI objectives with a plan saying what, with which resources, who, by when and how results are judged?',
  ],
  [
    'RQ-13',
    [3],
    ['6.1.1', '6.1.2'],
    5,
    2,
    'AI_RISK_OWNER',
    'M',
    'Is your AI risk method written and approved, with defined levels, impacts on individuals, groups and society, and an acceptance threshold?',
  ],
  [
    'RQ-14',
    [3],
    ['6.1.2', '8.2'],
    5,
    2,
    'AI_RISK_OWNER',
    'L',
    'Has every in-scope system been risk-assessed for bias, safety, privacy, security, transparency and accountability?',
  ],
  [
    'RQ-15',
    [3],
    ['6.1.1'],
    2,
    2,
    'AIMS_MANAGER',
    'S',
    'Have you identified opportunities AI offers and planned what to do about them?',
  ],
  [
    'RQ-16',
    [3],
    ['6.1.3', '8.3'],
    5,
    2,
    'AI_RISK_OWNER',
    'L',
    'Does every risk above your threshold have a treatment, with the remaining risk assessed and accepted by the designated managers?',
  ],
  [
    'RQ-17',
    [3],
    ['6.1.4', '8.4', 'A.5'],
    5,
    2,
    'AI_SYSTEM_OWNER',
    'L',
    'Has an impact assessment covering the seven dimensions and both intended use and misuse been done and approved for each in-scope system?',
  ],
  [
    'RQ-18',
    [3],
    ['A.5', 'EU AI Act'],
    3,
    2,
    'AIMS_MANAGER',
    'M',
    'Is each system classified under the EU AI Act with your operator role, and is there a fundamental rights impact assessment wherever Article 27 calls for one?',
  ],
  [
    'RQ-19',
    [4],
    ['6.1.3'],
    5,
    2,
    'AIMS_MANAGER',
    'L',
    'Is your Statement of Applicability complete (every Annex A and custom control decided and justified), consistent with the risk assessment, and approved?',
  ],
  [
    'RQ-20',
    [4],
    ['6.1.3', '8.3'],
    5,
    2,
    'AI_RISK_OWNER',
    'M',
    'Is there a risk treatment plan with owners and dates, approved by the committee or the designated managers?',
  ],
  [
    'RQ-21',
    [4],
    ['6.3'],
    1,
    3,
    'AIMS_MANAGER',
    'S',
    'Are changes to the AIMS itself planned and controlled?',
  ],
  [
    'RQ-22',
    [5],
    ['7.5.1', '8.1'],
    3,
    3,
    'AIMS_MANAGER',
    'L',
    'Are the AIMS procedures published: risk assessment, impact assessment, incidents, change, document control, internal audit and corrective action?',
  ],
  [
    'RQ-23',
    [5],
    ['7.1'],
    2,
    3,
    'TOP_MANAGEMENT',
    'S',
    'Have you worked out what the AIMS needs in people, time and budget, and provided it?',
  ],
  [
    'RQ-24',
    [5],
    ['7.2', 'A.4.6'],
    3,
    3,
    'PROCESS_OWNER',
    'M',
    'Does each role have defined competence needs, with gaps found, closed and recorded?',
  ],
  [
    'RQ-25',
    [5],
    ['7.3'],
    3,
    3,
    'PROCESS_OWNER',
    'M',
    'Is there an awareness programme (onboarding, refreshers, training when things change, role briefings), and how many have completed it?',
  ],
  [
    'RQ-26',
    [5],
    ['7.4', 'A.8.4', 'A.8.5'],
    2,
    3,
    'AIMS_MANAGER',
    'S',
    'Is there a communication plan for internal and external audiences saying what, when, to whom, by whom and through which channel?',
  ],
  [
    'RQ-27',
    [5],
    ['7.5.2', '7.5.3'],
    3,
    3,
    'AIMS_MANAGER',
    'M',
    'Is documented information under control: versions, approval, review dates, retention and access?',
  ],
  [
    'RQ-28',
    [6],
    ['9.1', 'A.6.2.6'],
    3,
    3,
    'AI_SYSTEM_OWNER',
    'L',
    'Are AI systems monitored (performance, drift, fairness across groups, override rates) against thresholds, with reviewers and escalation?',
  ],
  [
    'RQ-29',
    [6],
    ['9.1'],
    3,
    3,
    'AIMS_MANAGER',
    'M',
    'Do you have KPIs with targets, and are they being tracked?',
  ],
  [
    'RQ-30',
    [4, 6],
    ['A.3.3', 'A.8.3', 'A.8.4'],
    2,
    3,
    'PROCESS_OWNER',
    'M',
    'Is there an AI incident process that covers failures of third-party AI and telling affected parties?',
  ],
  [
    'RQ-31',
    [4],
    ['8.1', 'A.6.2.5'],
    2,
    3,
    'PROCESS_OWNER',
    'M',
    'Do changes to AI systems go through a change procedure?',
  ],
  [
    'RQ-32',
    [6],
    ['9.2.2'],
    5,
    4,
    'INTERNAL_AUDITOR',
    'M',
    'Is a risk-based internal audit programme approved that covers every clause and applicable control within twelve months?',
  ],
  [
    'RQ-33',
    [6],
    ['9.2.2'],
    3,
    4,
    'AIMS_MANAGER',
    'S',
    'Are your internal auditors competent and independent of the areas they audit?',
  ],
  [
    'RQ-34',
    [6],
    ['9.2.1'],
    5,
    4,
    'INTERNAL_AUDITOR',
    'L',
    'Has at least one complete internal audit been carried out and reported to management?',
  ],
  [
    'RQ-35',
    [7],
    ['10.2'],
    5,
    4,
    'AIMS_MANAGER',
    'M',
    'Are nonconformities handled with both a correction and a root-cause corrective action, and is effectiveness checked?',
  ],
  [
    'RQ-36',
    [6],
    ['9.3'],
    5,
    4,
    'TOP_MANAGEMENT',
    'M',
    'Has a management review been held with every required input, and are its decisions minuted?',
  ],
  [
    'RQ-37',
    [7],
    ['10.1'],
    2,
    4,
    'AIMS_MANAGER',
    'S',
    'Are improvement ideas logged, prioritised, acted on and their results evaluated?',
  ],
  [
    'RQ-38',
    [5],
    ['7.5'],
    1,
    4,
    'AIMS_MANAGER',
    'S',
    'Have you refined documents from lessons learned and kept them short (a policy of two pages or less)?',
  ],
  [
    'RQ-39',
    [],
    ['certification'],
    1,
    5,
    'AIMS_MANAGER',
    'M',
    'Have you chosen a certification body, booked Stage 1 and prepared the documentation pack?',
  ],
  ['RQ-40', [], ['certification'], 1, 5, 'AIMS_MANAGER', 'M', 'Have the Stage 1 findings been dealt with?'],
];

const CM_ROWS: Row[] = [
  [
    'CM-1',
    [],
    ['7.5'],
    1,
    3,
    'AIMS_MANAGER',
    'S',
    'Over-documenting: are your AIMS documents short, and do people actually use them?',
  ],
  [
    'CM-2',
    [],
    ['5.1', '5.3'],
    2,
    1,
    'TOP_MANAGEMENT',
    'S',
    'Is the AIMS run as a business programme with legal, compliance, risk, HR and operations involved, rather than as an IT project?',
  ],
  [
    'CM-3',
    [],
    ['8.1', 'A.10'],
    2,
    2,
    'PROCESS_OWNER',
    'M',
    'Are third-party AI tools in the inventory, risk-assessed, checked through due diligence and monitored?',
  ],
  [
    'CM-4',
    [],
    ['5.1', '6.1.3'],
    2,
    2,
    'COMMITTEE_CHAIR',
    'S',
    'Do business stakeholders take part in risk acceptance, transparency and oversight decisions and in approving use cases?',
  ],
  [
    'CM-5',
    [],
    ['all'],
    2,
    1,
    'AIMS_MANAGER',
    'M',
    'If you hold ISO 27001 or ISO 9001: do internal audit, management review, document control, corrective action and competence run as shared processes with that system?',
  ],
];

/** §3.12.4 dependencies; RQ-34's "most RQ-A.x" is every Annex A item (N/A ones drop out when scored). */
const DEPENDS_ON: Readonly<Record<string, readonly string[]>> = {
  'RQ-14': ['RQ-13', 'RQ-11'],
  'RQ-16': ['RQ-14'],
  'RQ-19': ['RQ-14', 'RQ-17'],
  'RQ-20': ['RQ-19'],
  'RQ-32': ['RQ-22', 'RQ-24'],
  'RQ-34': ['RQ-32', ...ANNEX_A_CONTROLS.map((c) => annexItemId(c.id))],
  'RQ-36': ['RQ-34', 'RQ-29'],
  'RQ-39': ['RQ-36', 'RQ-35'],
};

const STAGE1 = new Set([
  'RQ-02',
  'RQ-03',
  'RQ-04',
  'RQ-05',
  'RQ-09',
  'RQ-11',
  'RQ-13',
  'RQ-17',
  'RQ-19',
  'RQ-20',
  'RQ-22',
  'RQ-27',
  'RQ-32',
]);

const APPLICABILITY: Readonly<Record<string, Applicability>> = {
  'RQ-18': 'EU_NEXUS',
  'RQ-40': 'AFTER_STAGE_1',
  'CM-5': 'EXISTING_MANAGEMENT_SYSTEM',
};

/** §3.12.5 theme sets; RQ-28 carries the guide's "monitoring of fairness" into Bias and fairness. */
const THEME_MEMBERS: Readonly<Record<ReadinessTheme, (id: string) => boolean>> = {
  LIFECYCLE: (id) => id.startsWith('RQ-A.6.'),
  DATA_GOVERNANCE: (id) => id.startsWith('RQ-A.7.') || id === 'RQ-A.4.3',
  TRANSPARENCY: (id) => id.startsWith('RQ-A.8.') || id === 'RQ-A.6.2.7',
  HUMAN_OVERSIGHT: (id) => id.startsWith('RQ-A.9.'),
  BIAS_AND_FAIRNESS: (id) => ['RQ-A.5.4', 'RQ-A.6.2.4', 'RQ-A.7.4', 'RQ-28'].includes(id),
  THIRD_PARTY: (id) => id.startsWith('RQ-A.10.') || id === 'RQ-A.4.4',
};

const ANNEX_OWNER: Readonly<Record<string, AppointmentKind>> = {
  'A.2': 'AIMS_MANAGER',
  'A.3': 'AIMS_MANAGER',
  'A.4': 'AI_SYSTEM_OWNER',
  'A.5': 'AI_RISK_OWNER',
  'A.6': 'AI_SYSTEM_OWNER',
  'A.7': 'DATA_GOVERNANCE_LEAD',
  'A.8': 'AI_SYSTEM_OWNER',
  'A.9': 'AI_SYSTEM_OWNER',
  'A.10': 'PROCESS_OWNER',
};

export function annexItemId(controlId: string): string {
  return `RQ-${controlId}`;
}

function clausesOf(refs: readonly string[]): ClauseNumber[] {
  const out = new Set<ClauseNumber>();
  for (const r of refs) {
    const m = /^(\d+)(\.|$)/.exec(r);
    if (m) out.add(Number(m[1]) as ClauseNumber);
  }
  return [...out].sort((a, b) => a - b);
}

function themesOf(id: string): ReadinessTheme[] {
  return READINESS_THEMES.filter((t) => THEME_MEMBERS[t](id));
}

function fromRow(
  kind: ItemKind,
  [id, steps, refs, weight, month, owner, effort, question]: Row,
): ReadinessItem {
  return {
    id,
    kind,
    question,
    steps,
    refs,
    clauses: clausesOf(refs),
    annexTopic: null,
    weight,
    critical: weight === 5,
    month,
    dependsOn: DEPENDS_ON[id] ?? [],
    defaultOwnerAppointment: owner,
    effort,
    stage1: STAGE1.has(id),
    themes: themesOf(id),
    applicability: APPLICABILITY[id] ?? 'ALWAYS',
  };
}

function annexItems(): ReadinessItem[] {
  return [...ANNEX_A_CONTROLS]
    .sort((a, b) => compareControlIds(a.id, b.id))
    .map((c) => {
      const id = annexItemId(c.id);
      const topic = c.id.split('.').slice(0, 2).join('.');
      return {
        id,
        kind: 'ANNEX_A' as const,
        question: `How far is this control implemented and operating: ${c.title.toLowerCase()}?`,
        steps: [4] as const,
        refs: [c.id],
        clauses: [],
        annexTopic: topic,
        weight: 1 as const,
        critical: false,
        // Planned from month 2, complete in month 3 (the guide's "controls complete").
        month: 3 as const,
        dependsOn: ['RQ-19'],
        defaultOwnerAppointment:
          c.id === 'A.4.3' ? 'DATA_GOVERNANCE_LEAD' : (ANNEX_OWNER[topic] ?? 'AIMS_MANAGER'),
        effort: 'M' as const,
        stage1: false,
        themes: themesOf(id),
        applicability: 'SOA_INCLUDED' as const,
      };
    });
}

/** Table order (RQ-01…RQ-20, the Annex A items, RQ-21…RQ-40, CM-1…CM-5): the gap list's last tie-break. */
export const READINESS_BANK: readonly ReadinessItem[] = [
  ...RQ_ROWS.slice(0, 20).map((r) => fromRow('CLAUSE', r)),
  ...annexItems(),
  ...RQ_ROWS.slice(20).map((r) => fromRow('CLAUSE', r)),
  ...CM_ROWS.map((r) => fromRow('MISTAKE', r)),
];

const BY_ID: ReadonlyMap<string, ReadinessItem> = new Map(READINESS_BANK.map((i) => [i.id, i]));

export function getReadinessItem(id: string): ReadinessItem | undefined {
  return BY_ID.get(id);
}

/** The control an ANNEX_A item asks about ('RQ-A.5.2' → 'A.5.2'). */
export function controlOfItem(item: Pick<ReadinessItem, 'kind' | 'refs'>): string | null {
  return item.kind === 'ANNEX_A' ? (item.refs[0] ?? null) : null;
}
