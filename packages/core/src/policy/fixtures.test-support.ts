// A policy that covers every element, shared by the policy tests.
import type { PolicySection } from './policy';

export const FULL_SECTIONS: PolicySection[] = [
  {
    heading: 'Purpose and context',
    body: 'We are a hospital group using AI for triage support and scheduling.',
    elements: ['APPROPRIATE_TO_PURPOSE'],
  },
  {
    heading: 'Commitment',
    body: 'We develop and use AI responsibly.',
    elements: ['COMMITMENT_RESPONSIBLE_AI'],
  },
  {
    heading: 'Principles',
    body: 'Fairness, transparency, accountability, safety and privacy guide every AI system.',
    elements: ['GUIDING_PRINCIPLES'],
  },
  {
    heading: 'Compliance and improvement',
    body: 'We meet applicable laws and standards and continually improve the AIMS.',
    elements: ['COMPLIANCE_COMMITMENT', 'CONTINUAL_IMPROVEMENT_COMMITMENT'],
  },
  {
    heading: 'Objectives',
    body: 'Management sets measurable AI objectives each year.',
    elements: ['OBJECTIVES_FRAMEWORK'],
  },
  {
    heading: 'Other policies',
    body: 'This policy aligns with our security, privacy, quality and procurement policies.',
    elements: ['REFERENCES_OTHER_POLICIES'],
  },
  {
    heading: 'Exceptions',
    body: 'Deviations are approved by the committee and recorded.',
    elements: ['DEVIATIONS_AND_EXCEPTIONS'],
  },
];
