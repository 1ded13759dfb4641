// The ISO/IEC 42001:2023 requirements the product tracks: the 38 Annex A controls
// grouped under ten objectives in nine topics (A.6 has two: A.6.1 and A.6.2), and the 32 clause requirements of Clauses 4–10.
// Titles and guidance are our own practical wording, not the standard's text. The
// data is versioned because statements of applicability and audit evidence point at
// control ids: a wording change bumps the suffix, a change of ids needs a new prefix.

export const CATALOGUE_VERSION = 'iso42001-2023.2';

export const CONTROL_THEMES = [
  'policy',
  'governance',
  'resources',
  'data',
  'impact',
  'lifecycle',
  'transparency',
  'oversight',
  'monitoring',
  'third-party',
  'incident',
  'documentation',
  'security',
  'fairness',
  'privacy',
] as const;
export type ControlTheme = (typeof CONTROL_THEMES)[number];

export interface ControlObjective {
  id: ControlObjectiveId;
  /** The Annex A topic (A.2 … A.10); only A.6 holds two objectives (C1). */
  topic: string;
  topicTitle: string;
  title: string;
}

export interface AnnexAControl {
  id: ControlId;
  objective: ControlObjectiveId;
  title: string;
  /** What an implementer does and what evidence an auditor expects to see. */
  guidance: string;
  themes: readonly ControlTheme[];
}

export type ClauseNumber = 4 | 5 | 6 | 7 | 8 | 9 | 10;

export interface ClauseRequirement {
  id: ClauseRequirementId;
  clause: ClauseNumber;
  title: string;
  guidance: string;
}

const OBJECTIVE_DATA = [
  { id: 'A.2', topic: 'A.2', topicTitle: 'Policies for AI', title: 'Policies for AI' },
  {
    id: 'A.3',
    topic: 'A.3',
    topicTitle: 'Internal organisation for AI',
    title: 'Internal organisation for AI',
  },
  {
    id: 'A.4',
    topic: 'A.4',
    topicTitle: 'Resources that AI systems rely on',
    title: 'Resources that AI systems rely on',
  },
  {
    id: 'A.5',
    topic: 'A.5',
    topicTitle: 'Assessing the impacts of AI systems',
    title: 'Assessing the impacts of AI systems',
  },
  {
    id: 'A.6.1',
    topic: 'A.6',
    topicTitle: 'The AI system life cycle',
    title: 'Steering how AI systems are developed',
  },
  { id: 'A.6.2', topic: 'A.6', topicTitle: 'The AI system life cycle', title: 'The AI system life cycle' },
  { id: 'A.7', topic: 'A.7', topicTitle: 'Data for AI systems', title: 'Data for AI systems' },
  {
    id: 'A.8',
    topic: 'A.8',
    topicTitle: 'Information for interested parties',
    title: 'Information for interested parties',
  },
  { id: 'A.9', topic: 'A.9', topicTitle: 'Using AI systems', title: 'Using AI systems' },
  {
    id: 'A.10',
    topic: 'A.10',
    topicTitle: 'Third parties and customers',
    title: 'Third parties and customers',
  },
] as const;
export type ControlObjectiveId = (typeof OBJECTIVE_DATA)[number]['id'];

interface ControlData {
  id: string;
  objective: ControlObjectiveId;
  title: string;
  guidance: string;
  themes: readonly ControlTheme[];
}

const CONTROL_DATA = [
  {
    id: 'A.2.2',
    objective: 'A.2',
    title: 'Publish an AI policy',
    guidance:
      'Write a short, leadership-approved statement of how the organisation intends to build and use AI responsibly and make it available to staff. Auditors look for the approved, dated policy and proof that it was communicated.',
    themes: ['policy', 'governance'],
  },
  {
    id: 'A.2.3',
    objective: 'A.2',
    title: 'Line up the AI policy with other policies',
    guidance:
      'Check the AI policy against existing policies such as security, privacy, quality and procurement, and resolve overlaps or contradictions. Keep a record of which policies were compared and what was changed as a result.',
    themes: ['policy', 'governance'],
  },
  {
    id: 'A.2.4',
    objective: 'A.2',
    title: 'Review the AI policy on a schedule',
    guidance:
      'Revisit the AI policy at planned intervals and whenever something significant changes, such as new regulation or a new kind of AI use. Evidence is a review log or minutes showing who reviewed it, when, and what was decided.',
    themes: ['policy', 'governance'],
  },
  {
    id: 'A.3.2',
    objective: 'A.3',
    title: 'Define and assign AI roles',
    guidance:
      'Name who is accountable for AI governance, risk, individual systems and data, and make sure those people know and accept their duties. Auditors expect a role matrix or RACI and appointment records that match who actually does the work.',
    themes: ['governance'],
  },
  {
    id: 'A.3.3',
    objective: 'A.3',
    title: 'Give people a way to raise AI concerns',
    guidance:
      'Provide a channel, with an anonymous option where appropriate, for staff and others to flag worries about an AI system, and protect those who use it. Show the documented process, its availability, and how reported concerns were triaged and closed.',
    themes: ['governance', 'incident'],
  },
  {
    id: 'A.4.2',
    objective: 'A.4',
    title: 'Record what each AI system depends on',
    guidance:
      'For every AI system in scope, list the data, tools, infrastructure and people it needs across its life. Auditors check that the resource record exists per system and is kept current when systems change.',
    themes: ['resources', 'documentation'],
  },
  {
    id: 'A.4.3',
    objective: 'A.4',
    title: 'Keep an inventory of data resources',
    guidance:
      'Catalogue the datasets each AI system uses, with their origin, owner, categories of data and intended purpose. Expect auditors to sample systems and trace them to entries in the data inventory.',
    themes: ['resources', 'data'],
  },
  {
    id: 'A.4.4',
    objective: 'A.4',
    title: 'Keep an inventory of tooling',
    guidance:
      'Record the frameworks, libraries, pre-trained models and development or evaluation tools behind each AI system, including versions. Evidence is an up-to-date tooling list that can be matched to what is actually deployed.',
    themes: ['resources', 'documentation'],
  },
  {
    id: 'A.4.5',
    objective: 'A.4',
    title: 'Keep an inventory of computing resources',
    guidance:
      'Document the compute, storage and hosting each AI system runs on, whether on premises or in the cloud, and note capacity or energy considerations. Auditors look for an infrastructure record tied to each system and evidence it is reviewed.',
    themes: ['resources'],
  },
  {
    id: 'A.4.6',
    objective: 'A.4',
    title: 'Make sure people have the right skills',
    guidance:
      'Identify the competences each AI role needs, close gaps through training or hiring, and keep records. Expect requests for a competence matrix, training records and evidence that gaps were acted on.',
    themes: ['resources', 'governance'],
  },
  {
    id: 'A.5.2',
    objective: 'A.5',
    title: 'Run a defined impact assessment process',
    guidance:
      'Set out when an AI impact assessment is triggered, who takes part, which effects are considered and how results feed risk treatment. Auditors want the documented method and proof that it is applied to new and significantly changed systems.',
    themes: ['impact', 'governance'],
  },
  {
    id: 'A.5.3',
    objective: 'A.5',
    title: 'Keep records of impact assessments',
    guidance:
      'Store each completed assessment with its date, scope, participants, findings and follow-up actions, and retain it for a defined period. Evidence is a complete, versioned set of assessments that can be traced to the systems they cover.',
    themes: ['impact', 'documentation'],
  },
  {
    id: 'A.5.4',
    objective: 'A.5',
    title: 'Assess effects on individuals and groups',
    guidance:
      'Consider how an AI system could help or harm the people it touches, such as unfair treatment, loss of privacy or safety risks, paying attention to groups that are more exposed. Auditors look for concrete findings per system and mitigations that were actually put in place.',
    themes: ['impact', 'fairness', 'privacy'],
  },
  {
    id: 'A.5.5',
    objective: 'A.5',
    title: 'Assess effects on society',
    guidance:
      'Look beyond direct users at wider consequences, for example on employment, public discourse, the environment or access to services. Expect auditors to check that societal effects were considered and that notable ones reached risk treatment.',
    themes: ['impact'],
  },
  {
    id: 'A.6.1.2',
    objective: 'A.6.1',
    title: 'Set objectives for responsible development',
    guidance:
      'Agree measurable goals that development teams must meet, such as fairness thresholds, explainability targets or robustness criteria, and build them into delivery. Evidence is the documented objectives and traces of them in requirements and test results.',
    themes: ['lifecycle', 'governance'],
  },
  {
    id: 'A.6.1.3',
    objective: 'A.6.1',
    title: 'Define responsible design and development processes',
    guidance:
      'Describe the stages, reviews and approval gates an AI system passes through from idea to release, including who signs off each gate. Auditors sample projects to confirm the gates were followed and approvals recorded.',
    themes: ['lifecycle', 'governance'],
  },
  {
    id: 'A.6.2.2',
    objective: 'A.6.2',
    title: 'Specify what the AI system must do',
    guidance:
      'Write down functional, performance, safety and ethical requirements for each new system or major change, and why the system is needed at all. Expect auditors to look for approved requirement documents linked to later tests.',
    themes: ['lifecycle', 'documentation'],
  },
  {
    id: 'A.6.2.3',
    objective: 'A.6.2',
    title: 'Document design and development choices',
    guidance:
      'Capture architecture, model choice, training approach and the trade-offs made, so later reviewers can see why the system looks the way it does. Evidence is design records kept under version control alongside the system.',
    themes: ['lifecycle', 'documentation'],
  },
  {
    id: 'A.6.2.4',
    objective: 'A.6.2',
    title: 'Verify and validate before release',
    guidance:
      'Test the system against its requirements and acceptance criteria, including accuracy, robustness, bias and misuse scenarios, before it goes live and after significant changes. Auditors want test plans, results and sign-off against pre-agreed criteria.',
    themes: ['lifecycle', 'fairness', 'security'],
  },
  {
    id: 'A.6.2.5',
    objective: 'A.6.2',
    title: 'Plan and approve deployment',
    guidance:
      'Prepare a release plan covering the target environment, rollout, rollback and prerequisites, and get it approved before go-live. Evidence is a deployment plan and an approval record for each release that was sampled.',
    themes: ['lifecycle'],
  },
  {
    id: 'A.6.2.6',
    objective: 'A.6.2',
    title: 'Operate and monitor in production',
    guidance:
      'Watch live performance, drift, errors and human override rates, define thresholds that trigger action, and keep the system maintained and repaired. Auditors look for dashboards or reports, alert thresholds and records of actions taken.',
    themes: ['lifecycle', 'monitoring', 'oversight'],
  },
  {
    id: 'A.6.2.7',
    objective: 'A.6.2',
    title: 'Maintain technical documentation',
    guidance:
      'Keep an accurate technical description of each system, covering purpose, limitations, performance and operating instructions, tailored to who needs it. Expect auditors to compare the documentation with the running system and check that it is current.',
    themes: ['documentation', 'transparency'],
  },
  {
    id: 'A.6.2.8',
    objective: 'A.6.2',
    title: 'Record system events',
    guidance:
      'Decide which events the system logs, such as inputs, outputs, decisions, errors and overrides, and retain the logs long enough to investigate problems. Evidence is a logging specification and sample logs that show it is working.',
    themes: ['monitoring', 'security', 'documentation'],
  },
  {
    id: 'A.7.2',
    objective: 'A.7',
    title: 'Govern data used to build and improve AI',
    guidance:
      'Put a documented data management process around the data used to train, test and retrain systems, covering ownership, access, retention and disposal. Auditors expect the process plus records showing it is applied to real datasets.',
    themes: ['data', 'governance'],
  },
  {
    id: 'A.7.3',
    objective: 'A.7',
    title: 'Control how data is obtained',
    guidance:
      'Before collecting or buying data, confirm the legal basis, licence terms, consent and suitability for the intended use. Evidence is acquisition records, licences or agreements, and privacy checks for each dataset.',
    themes: ['data', 'privacy'],
  },
  {
    id: 'A.7.4',
    objective: 'A.7',
    title: 'Define and check data quality',
    guidance:
      'Set quality criteria such as accuracy, completeness and representativeness for each dataset and measure them before use. Auditors look for the criteria, quality reports and how shortfalls, including gaps in coverage of groups, were handled.',
    themes: ['data', 'fairness'],
  },
  {
    id: 'A.7.5',
    objective: 'A.7',
    title: 'Track where data comes from',
    guidance:
      'Record the source of each dataset and every transformation it goes through so results can be traced back. Evidence is lineage records or metadata that an auditor can follow from a model version to its source data.',
    themes: ['data', 'documentation', 'privacy'],
  },
  {
    id: 'A.7.6',
    objective: 'A.7',
    title: 'Control how data is prepared',
    guidance:
      'Document the cleaning, labelling, sampling and feature engineering steps applied to data, and why they were chosen. Auditors check that preparation steps are defined, repeatable and reviewed for introduced bias.',
    themes: ['data', 'lifecycle'],
  },
  {
    id: 'A.8.2',
    objective: 'A.8',
    title: 'Give users the information they need',
    guidance:
      'Tell users that they are dealing with AI, what it is for, its known limits and how to use it correctly, in language they can follow. Evidence is user-facing documentation, notices or in-product messages that match the system.',
    themes: ['transparency', 'documentation'],
  },
  {
    id: 'A.8.3',
    objective: 'A.8',
    title: 'Let outsiders report adverse effects',
    guidance:
      'Offer external parties a way to report harm or unexpected behaviour from an AI system and route those reports to someone who acts on them. Auditors look for the published channel and a log of reports received and how they were resolved.',
    themes: ['transparency', 'incident'],
  },
  {
    id: 'A.8.4',
    objective: 'A.8',
    title: 'Plan how incidents are communicated',
    guidance:
      'Decide in advance who must be told about an AI incident, by whom, how quickly and through which channel, including any regulators. Evidence is the communication plan and records from real incidents or exercises.',
    themes: ['incident', 'transparency'],
  },
  {
    id: 'A.8.5',
    objective: 'A.8',
    title: 'Decide what to share with interested parties',
    guidance:
      'Work out which information about your AI systems each interested party is owed, such as customers, regulators or affected communities, and deliver it. Auditors check for a documented decision on disclosures and evidence they were made.',
    themes: ['transparency'],
  },
  {
    id: 'A.9.2',
    objective: 'A.9',
    title: 'Define processes for responsible use',
    guidance:
      'Set out how AI systems are approved for use, who may use them and where human review or override is required. Evidence is the usage procedure and records showing approvals and human checks actually happen.',
    themes: ['oversight', 'governance'],
  },
  {
    id: 'A.9.3',
    objective: 'A.9',
    title: 'Set objectives for responsible use',
    guidance:
      'Agree goals that guide how AI is used, for example accuracy expectations, review rates or limits on automated decisions, and measure them. Auditors look for the stated objectives and performance data against them.',
    themes: ['oversight', 'governance'],
  },
  {
    id: 'A.9.4',
    objective: 'A.9',
    title: 'Use AI systems only as intended',
    guidance:
      'Keep each system within the purpose and conditions it was designed and validated for, and stop or reassess it when use drifts beyond that. Evidence is documented intended use and monitoring or reviews that catch out-of-scope use.',
    themes: ['oversight', 'monitoring'],
  },
  {
    id: 'A.10.2',
    objective: 'A.10',
    title: 'Split responsibilities across the value chain',
    guidance:
      'Make clear which obligations sit with you, your suppliers, partners and customers for each AI system, and write that split down. Auditors expect contracts or responsibility matrices that cover the AI life cycle.',
    themes: ['third-party', 'governance'],
  },
  {
    id: 'A.10.3',
    objective: 'A.10',
    title: 'Manage AI suppliers',
    guidance:
      'Assess vendors of AI models, data and services before onboarding, set governance expectations in contracts and keep checking their performance. Evidence is due-diligence records, contract clauses and periodic supplier reviews.',
    themes: ['third-party', 'security'],
  },
  {
    id: 'A.10.4',
    objective: 'A.10',
    title: 'Account for customer needs',
    guidance:
      "When AI is built for or offered to customers, understand their expectations and obligations and reflect them in how the system is provided and supported. Auditors look for captured customer requirements and how they shaped the system's design or terms.",
    themes: ['third-party', 'transparency'],
  },
] as const satisfies readonly ControlData[];
export type ControlId = (typeof CONTROL_DATA)[number]['id'];

interface ClauseData {
  id: string;
  clause: ClauseNumber;
  title: string;
  guidance: string;
}

const CLAUSE_DATA = [
  {
    id: '4.1',
    clause: 4,
    title: 'Understand the organisation and its context',
    guidance:
      'List the internal and external issues, such as regulation, AI maturity and market expectations, that shape what the AIMS must achieve, and keep the list current.',
  },
  {
    id: '4.2',
    clause: 4,
    title: 'Know the interested parties and what they expect',
    guidance:
      'Identify who has a stake in your AI activities, from customers and regulators to affected communities, and record which of their expectations the AIMS will address.',
  },
  {
    id: '4.3',
    clause: 4,
    title: 'Set the boundaries of the AIMS',
    guidance:
      'Write a scope statement naming the AI systems, processes, sites and units covered, and justify anything left out.',
  },
  {
    id: '4.4',
    clause: 4,
    title: 'Run the AIMS as a working system',
    guidance:
      'Put the processes of the management system in place, connect them to each other and keep improving them, rather than treating the AIMS as a set of documents.',
  },
  {
    id: '5.1',
    clause: 5,
    title: 'Show visible leadership commitment',
    guidance:
      'Top management provides resources, builds AI governance into business processes and takes part in decisions; auditors look for evidence of this beyond signatures.',
  },
  {
    id: '5.2',
    clause: 5,
    title: 'Approve and communicate the AI policy',
    guidance:
      'Leadership approves a concise AI policy that fits the organisation, commits to meeting obligations and improving, and is shared with staff and, where suitable, others.',
  },
  {
    id: '5.3',
    clause: 5,
    title: 'Assign governance roles and authority',
    guidance:
      'Make sure responsibility for running the AIMS and reporting on its performance to top management is assigned and understood.',
  },
  {
    id: '6.1.1',
    clause: 6,
    title: 'Plan for risks and opportunities',
    guidance:
      'Using the context and stakeholder analysis, decide which risks and opportunities the AIMS must deal with and plan how to address them.',
  },
  {
    id: '6.1.2',
    clause: 6,
    title: 'Define how AI risks are assessed',
    guidance:
      'Establish a repeatable method with likelihood and impact scales and acceptance criteria, so that risk assessments give consistent, comparable results.',
  },
  {
    id: '6.1.3',
    clause: 6,
    title: 'Define how AI risks are treated',
    guidance:
      'Choose treatment options for risks above the threshold, compare the needed controls against Annex A, and record the choices in a statement of applicability and a treatment plan.',
  },
  {
    id: '6.1.4',
    clause: 6,
    title: 'Define how AI system impacts are assessed',
    guidance:
      'Set up a method for judging the effects of AI systems on individuals, groups and society, and decide when it must be applied.',
  },
  {
    id: '6.2',
    clause: 6,
    title: 'Set AI objectives and plan to meet them',
    guidance:
      'Agree measurable AI governance objectives at relevant levels and plan who does what, with which resources, by when, and how success is judged.',
  },
  {
    id: '6.3',
    clause: 6,
    title: 'Plan changes to the AIMS',
    guidance:
      'When the AIMS itself needs to change, do it in a planned way that considers purpose, consequences and resources.',
  },
  {
    id: '7.1',
    clause: 7,
    title: 'Provide enough resources',
    guidance:
      'Make sure the people, budget, tools and infrastructure needed to run and improve the AIMS are available and remain adequate.',
  },
  {
    id: '7.2',
    clause: 7,
    title: 'Ensure competence',
    guidance:
      'Decide what skills people working on the AIMS and AI systems need, close gaps through training or hiring, and keep evidence of competence.',
  },
  {
    id: '7.3',
    clause: 7,
    title: 'Build awareness',
    guidance:
      'Make sure staff know the AI policy, how their work contributes to the AIMS and what happens if requirements are not followed.',
  },
  {
    id: '7.4',
    clause: 7,
    title: 'Plan communication',
    guidance:
      'Decide what is communicated about the AIMS, to whom, when, how and by whom, both inside and outside the organisation.',
  },
  {
    id: '7.5.1',
    clause: 7,
    title: 'Keep the documented information the AIMS needs',
    guidance:
      'Maintain the documents and records the standard requires plus any the organisation finds necessary, sized to its needs rather than maximised.',
  },
  {
    id: '7.5.2',
    clause: 7,
    title: 'Create and update documents properly',
    guidance:
      'Give documents clear identification, a suitable format and a review and approval step before they are issued or changed.',
  },
  {
    id: '7.5.3',
    clause: 7,
    title: 'Control documented information',
    guidance:
      'Keep documents available where needed, protected from misuse, version-controlled, retained for a set period and disposed of deliberately.',
  },
  {
    id: '8.1',
    clause: 8,
    title: 'Plan and control operations',
    guidance:
      'Run the processes that deliver the plans from Clause 6 under defined criteria, control planned changes and keep externally provided processes under control.',
  },
  {
    id: '8.2',
    clause: 8,
    title: 'Carry out AI risk assessments',
    guidance:
      'Apply the risk method at planned intervals and when significant changes happen, and keep the results as records.',
  },
  {
    id: '8.3',
    clause: 8,
    title: 'Carry out AI risk treatment',
    guidance: 'Implement the treatment plan, check that it works and keep records of what was done.',
  },
  {
    id: '8.4',
    clause: 8,
    title: 'Carry out AI system impact assessments',
    guidance:
      'Perform impact assessments at planned intervals and on significant change, and keep the results as records.',
  },
  {
    id: '9.1',
    clause: 9,
    title: 'Monitor, measure and evaluate',
    guidance:
      'Decide what to measure, how and when, and who analyses the results, so that the performance and effectiveness of the AIMS are judged on evidence.',
  },
  {
    id: '9.2.1',
    clause: 9,
    title: 'Audit the AIMS internally',
    guidance:
      'Run internal audits at planned intervals to check that the AIMS meets both the standard and your own requirements and is working in practice.',
  },
  {
    id: '9.2.2',
    clause: 9,
    title: 'Plan the internal audit programme',
    guidance:
      'Plan audit frequency, methods, scope and criteria with higher-risk areas visited more often, choose objective auditors and report findings to management.',
  },
  {
    id: '9.3.1',
    clause: 9,
    title: 'Hold management reviews',
    guidance:
      'Top management reviews the AIMS at planned intervals, at least yearly, to confirm it is still suitable, adequate and effective.',
  },
  {
    id: '9.3.2',
    clause: 9,
    title: 'Bring the right inputs to management review',
    guidance:
      'Feed the review with previous actions, changes in context, stakeholder feedback, audit and monitoring results, nonconformities and improvement opportunities.',
  },
  {
    id: '9.3.3',
    clause: 9,
    title: 'Record management review decisions',
    guidance:
      'Document the decisions taken on improvement and on any changes needed to the AIMS, and keep the minutes as evidence.',
  },
  {
    id: '10.1',
    clause: 10,
    title: 'Improve continually',
    guidance:
      'Look for and act on ways to make the AIMS more suitable, adequate and effective over time, using reviews, audits and lessons from incidents.',
  },
  {
    id: '10.2',
    clause: 10,
    title: 'Handle nonconformities and corrective action',
    guidance:
      'When something fails a requirement, contain and correct it, find the root cause, act to stop it recurring and check that the action worked.',
  },
] as const satisfies readonly ClauseData[];
export type ClauseRequirementId = (typeof CLAUSE_DATA)[number]['id'];

export const CONTROL_OBJECTIVES: readonly ControlObjective[] = OBJECTIVE_DATA;
export const ANNEX_A_CONTROLS: readonly AnnexAControl[] = CONTROL_DATA;
export const CLAUSE_REQUIREMENTS: readonly ClauseRequirement[] = CLAUSE_DATA;

const CONTROLS_BY_ID: ReadonlyMap<string, AnnexAControl> = new Map(ANNEX_A_CONTROLS.map((c) => [c.id, c]));

export function isControlId(s: unknown): s is ControlId {
  return typeof s === 'string' && CONTROLS_BY_ID.has(s);
}

/** A checked ControlId always resolves; any other string may come back undefined. */
export function getControl(id: ControlId): AnnexAControl;
export function getControl(id: string): AnnexAControl | undefined;
export function getControl(id: string): AnnexAControl | undefined {
  return CONTROLS_BY_ID.get(id);
}

const DIGITS = /^\d+$/;

/**
 * Orders ids segment by segment, numerically where both segments are numbers, so
 * A.10.2 follows A.9.4 and A.6.2.10 would follow A.6.2.9. Works for clause ids too.
 */
export function compareControlIds(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const x = as[i] ?? '';
    const y = bs[i] ?? '';
    if (x === y) continue;
    if (DIGITS.test(x) && DIGITS.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return as.length - bs.length;
}
