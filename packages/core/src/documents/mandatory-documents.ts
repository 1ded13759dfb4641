// The documented information ISO/IEC 42001:2023 requires (REQUIREMENTS §3.13),
// as data: D-01…D-19 (what the clauses ask to be available or retained), the
// recommended D-20…D-24 (no explicit requirement, but auditors look for them)
// and the documents Annex A controls imply once they are applicable in the SoA.
// Titles are paraphrased; the standard's text is not shipped.

/** M: a document to maintain; R: a record to retain; M/R: both. */
export type DocumentedInformationKind = 'M' | 'R' | 'M/R';

export interface MandatoryDocument {
  ref: string;
  title: string;
  clause: string;
  kind: DocumentedInformationKind;
  /** In the implementation guide's twelve-item list. */
  inGuide: boolean;
  /** Recommended (D-20…D-24): listed, never a MANDATORY_DOCUMENT_MISSING gap. */
  recommended: boolean;
}

const m = (
  ref: string,
  title: string,
  clause: string,
  kind: DocumentedInformationKind,
  inGuide: boolean,
): MandatoryDocument => ({ ref, title, clause, kind, inGuide, recommended: false });
const rec = (ref: string, title: string, clause: string): MandatoryDocument => ({
  ref,
  title,
  clause,
  kind: 'M',
  inGuide: false,
  recommended: true,
});

export const MANDATORY_DOCUMENTS: readonly MandatoryDocument[] = [
  m('D-01', 'Scope of the AIMS', '4.3', 'M', true),
  m('D-02', 'AI policy', '5.2', 'M', true),
  m('D-03', 'AI objectives', '6.2', 'M/R', false),
  m('D-04', 'Actions to address AI risks and opportunities', '6.1.1', 'R', false),
  m('D-05', 'AI risk assessment process (methodology and criteria)', '6.1.2', 'R', true),
  m('D-06', 'AI risk treatment process', '6.1.3', 'R', true),
  m('D-07', 'Statement of Applicability', '6.1.3', 'M', true),
  m('D-08', 'AI risk treatment plan, approved, with residual risks accepted', '6.1.3', 'M', true),
  m('D-09', 'AI system impact assessment process and its documented results', '6.1.4', 'M/R', true),
  m('D-10', 'Evidence of competence', '7.2', 'R', true),
  m('D-11', 'Documented information the organisation determines necessary', '7.5.1 b', 'M', true),
  m('D-12', 'Evidence that operational processes were carried out as planned', '8.1', 'R', false),
  m('D-13', 'Results of AI risk assessments', '8.2', 'R', true),
  m('D-14', 'Results of AI risk treatments', '8.3', 'R', false),
  m('D-15', 'Results of AI system impact assessments', '8.4', 'R', true),
  m('D-16', 'Monitoring and measurement results', '9.1', 'R', false),
  m('D-17', 'Audit programme implementation and audit results', '9.2.2', 'R', true),
  m('D-18', 'Results of management reviews', '9.3.3', 'R', true),
  m('D-19', 'Nonconformities, actions taken and results of corrective action', '10.2', 'R', true),
  rec('D-20', 'Context of the organisation: internal and external issues', '4.1'),
  rec('D-21', 'Interested parties and their requirements', '4.2'),
  rec('D-22', 'Awareness programme', '7.3'),
  rec('D-23', 'Communication plan', '7.4'),
  rec('D-24', 'Continual improvement register', '10.1'),
];

export const MANDATORY_REFS = MANDATORY_DOCUMENTS.map((d) => d.ref) as readonly string[];
export const isMandatoryRef = (s: string) => MANDATORY_REFS.includes(s);

export interface AnnexAImpliedDocument {
  /** Checklist key, e.g. `ANNEX-A.7`: the first control's clause group. */
  ref: string;
  /** The controls whose applicability makes the document expected. */
  controls: readonly string[];
  title: string;
}

const ax = (ref: string, controls: string[], title: string): AnnexAImpliedDocument => ({
  ref: `ANNEX-${ref}`,
  controls,
  title,
});

/** §3.13 "Annex A implied documents", expected only while one of the controls is applicable. */
export const ANNEX_A_IMPLIED_DOCUMENTS: readonly AnnexAImpliedDocument[] = [
  ax(
    'A.2',
    ['A.2.2', 'A.2.3', 'A.2.4'],
    'AI policy, its alignment with other policies and its review record',
  ),
  ax('A.3.2', ['A.3.2'], 'AI roles and responsibilities'),
  ax('A.3.3', ['A.3.3'], 'Process for reporting concerns'),
  ax(
    'A.4',
    ['A.4.2', 'A.4.3', 'A.4.4', 'A.4.5', 'A.4.6'],
    'Resource documentation: data, tooling, computing and human resources',
  ),
  ax('A.5', ['A.5.2', 'A.5.3'], 'AI system impact assessment process and records'),
  ax('A.6.1', ['A.6.1.2', 'A.6.1.3'], 'Objectives and processes for responsible development'),
  ax('A.6.2.2', ['A.6.2.2'], 'AI system requirements specification'),
  ax('A.6.2.3', ['A.6.2.3'], 'Design and development documentation'),
  ax('A.6.2.4', ['A.6.2.4'], 'Verification and validation records'),
  ax('A.6.2.5', ['A.6.2.5'], 'Deployment plan'),
  ax('A.6.2.6', ['A.6.2.6'], 'Operation and monitoring elements'),
  ax('A.6.2.7', ['A.6.2.7'], 'Technical documentation for each category of interested party'),
  ax('A.6.2.8', ['A.6.2.8'], 'Event-log specification and logs'),
  ax(
    'A.7',
    ['A.7.2', 'A.7.3', 'A.7.4', 'A.7.5', 'A.7.6'],
    'Data management process: acquisition, quality, provenance and preparation',
  ),
  ax(
    'A.8',
    ['A.8.2', 'A.8.3', 'A.8.4', 'A.8.5'],
    'User information, external reporting, incident communication and reporting obligations',
  ),
  ax('A.9', ['A.9.2', 'A.9.3', 'A.9.4'], 'Responsible-use processes, objectives and intended use'),
  ax(
    'A.10',
    ['A.10.2', 'A.10.3', 'A.10.4'],
    'Allocation of responsibilities, supplier process and customer expectations',
  ),
];

/** The Annex A checklist items a set of controls evidences (one document may serve several). */
export function annexItemsOf(controls: readonly string[]): string[] {
  return ANNEX_A_IMPLIED_DOCUMENTS.filter((d) => d.controls.some((c) => controls.includes(c))).map(
    (d) => d.ref,
  );
}

/** Every Annex A control that makes a document expected: the SoA entries the checklist reads. */
export const DOCUMENT_IMPLYING_CONTROLS: readonly string[] = [
  ...new Set(ANNEX_A_IMPLIED_DOCUMENTS.flatMap((d) => d.controls)),
].sort();
