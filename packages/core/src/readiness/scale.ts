// The readiness answer scale (§3.12.1), the profile questions P1–P7 and the answer
// input. Profile answers are not scored: they drive applicability (N/A), the
// roadmap's horizon (P1) and its dates (P6, P7).
import * as z from 'zod';
import { OPERATOR_ROLES } from '../inventory/eu-ai-act';
import { multiLine } from '../shared/validation';

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export const ANSWER_SCALE = [
  { value: 0, label: 'Not started', meaning: 'Nothing exists yet.' },
  { value: 1, label: 'Initial', meaning: 'Done ad hoc, undocumented, dependent on one person.' },
  { value: 2, label: 'In progress', meaning: 'Drafted or partly done, not yet approved.' },
  {
    value: 3,
    label: 'Defined',
    meaning: 'Documented and approved: what a Stage 1 auditor expects to see.',
  },
  {
    value: 4,
    label: 'Implemented',
    meaning: 'Operating, with records for at least one cycle: what a Stage 2 auditor expects to see.',
  },
  { value: 5, label: 'Optimising', meaning: 'Measured, reviewed and improved.' },
] as const;
export type AnswerValue = (typeof ANSWER_SCALE)[number]['value'];

export const EXISTING_CERTIFICATIONS = ['ISO_27001', 'ISO_9001', 'OTHER_ANNEX_SL'] as const;
export type ExistingCertification = (typeof EXISTING_CERTIFICATIONS)[number];
export const THIRD_PARTY_AI_TYPES = ['API', 'SAAS_EMBEDDED', 'PRE_TRAINED', 'OUTSOURCED'] as const;
export type ThirdPartyAiType = (typeof THIRD_PARTY_AI_TYPES)[number];

export const PROFILE_QUESTIONS = [
  {
    id: 'P1',
    field: 'existingCertifications',
    question: 'Which management system certifications do you already hold?',
  },
  {
    id: 'P2',
    field: 'aiSystems',
    question: 'How many AI systems do you use, and how many are in development?',
  },
  { id: 'P3', field: 'thirdPartyAi', question: 'Do you use AI from third parties, and of which kinds?' },
  {
    id: 'P4',
    field: 'euNexus',
    question: 'Do you place AI on the EU market or use it there, and in which operator roles?',
  },
  { id: 'P5', field: 'sector', question: 'Which sector do you work in?' },
  { id: 'P6', field: 'targetCertificationDate', question: 'By when do you want to be certified?' },
  { id: 'P7', field: 'startDate', question: 'When does (or did) the implementation start?' },
] as const;

export const readinessProfileSchema = z.object({
  /** P1 — drives timeline compression and CM-5's applicability. */
  existingCertifications: z.array(z.enum(EXISTING_CERTIFICATIONS)).default([]),
  /** P2 */
  aiSystems: z
    .object({ inUse: z.number().int().min(0), inDevelopment: z.number().int().min(0) })
    .default({ inUse: 0, inDevelopment: 0 }),
  /** P3 */
  thirdPartyAi: z
    .object({ inUse: z.boolean(), types: z.array(z.enum(THIRD_PARTY_AI_TYPES)).default([]) })
    .default({ inUse: false, types: [] }),
  /** P4 — without an EU nexus RQ-18 may be N/A. */
  euNexus: z
    .object({ hasNexus: z.boolean(), operatorRoles: z.array(z.enum(OPERATOR_ROLES)).default([]) })
    .default({ hasNexus: false, operatorRoles: [] }),
  /** P5 */
  sector: z.string().trim().max(200).default(''),
  /** P6 */
  targetCertificationDate: isoDate.nullable().default(null),
  /** P7 — the roadmap's start; the caller defaults it to today. */
  startDate: isoDate.nullable().default(null),
});
export type ReadinessProfile = z.infer<typeof readinessProfileSchema>;

/** One declared answer: a value on the scale, or N/A with a justification. */
export const readinessAnswerSchema = z.union([
  z.object({ itemId: z.string().min(1), value: z.number().int().min(0).max(5) }),
  z.object({ itemId: z.string().min(1), notApplicable: z.literal(true), justification: multiLine(2000) }),
]);
export type ReadinessAnswer = z.infer<typeof readinessAnswerSchema>;

export const hasExistingManagementSystem = (p: Pick<ReadinessProfile, 'existingCertifications'>) =>
  p.existingCertifications.length > 0;

/** P1 names a certification whose processes the guide says compress the timeline. */
export const holdsIso27001Or9001 = (p: Pick<ReadinessProfile, 'existingCertifications'>) =>
  p.existingCertifications.includes('ISO_27001') || p.existingCertifications.includes('ISO_9001');
