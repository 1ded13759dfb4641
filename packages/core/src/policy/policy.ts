// The AI policy (ISO/IEC 42001 5.2, A.2.2–A.2.4; REQUIREMENTS §3.2.1): a
// versioned document whose sections are tagged with the elements the policy
// must contain, approved by top management and published to the people who
// must acknowledge it. Pure rules: state machine, word count, completeness.
import * as z from 'zod';
import { ConflictError } from '../shared/errors';
import { multiLine, singleLine } from '../shared/validation';

export const POLICY_KINDS = ['AI_POLICY', 'TOPIC_POLICY'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export const POLICY_STATUSES = [
  'DRAFT',
  'IN_REVIEW',
  'APPROVED',
  'PUBLISHED',
  'SUPERSEDED',
  'RETIRED',
] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/**
 * The state machine. APPROVED is reached only through approval (its own rules);
 * SUPERSEDED only when a newer version is published. Both are final with RETIRED.
 */
export const POLICY_TRANSITIONS: Readonly<Record<PolicyStatus, readonly PolicyStatus[]>> = {
  DRAFT: ['IN_REVIEW'],
  IN_REVIEW: ['DRAFT', 'APPROVED'],
  APPROVED: ['PUBLISHED', 'RETIRED'],
  PUBLISHED: ['SUPERSEDED', 'RETIRED'],
  SUPERSEDED: [],
  RETIRED: [],
};

/** The required-element checklist (§3.2.1). */
export const POLICY_ELEMENTS = [
  'COMMITMENT_RESPONSIBLE_AI',
  'GUIDING_PRINCIPLES',
  'COMPLIANCE_COMMITMENT',
  'CONTINUAL_IMPROVEMENT_COMMITMENT',
  'OBJECTIVES_FRAMEWORK',
  'APPROPRIATE_TO_PURPOSE',
  'REFERENCES_OTHER_POLICIES',
  'DEVIATIONS_AND_EXCEPTIONS',
] as const;
export type PolicyElement = (typeof POLICY_ELEMENTS)[number];

/** Recommended (Annex B.2), so its absence warns instead of blocking approval. */
export const RECOMMENDED_ELEMENTS: readonly PolicyElement[] = ['DEVIATIONS_AND_EXCEPTIONS'];
export const MANDATORY_ELEMENTS: readonly PolicyElement[] = POLICY_ELEMENTS.filter(
  (e) => !RECOMMENDED_ELEMENTS.includes(e),
);

/** The principles a GUIDING_PRINCIPLES section must name (guide, Annex B.2), with the stems that name them. */
export const GUIDING_PRINCIPLES = {
  FAIRNESS: /\bfair/i,
  TRANSPARENCY: /\btransparen/i,
  ACCOUNTABILITY: /\baccountab/i,
  SAFETY: /\bsafe/i,
  PRIVACY: /\bprivacy\b/i,
} as const;
export type GuidingPrinciple = keyof typeof GUIDING_PRINCIPLES;

export const EXTERNAL_AVAILABILITIES = ['NONE', 'ON_REQUEST', 'PUBLIC_URL'] as const;
export type ExternalAvailability = (typeof EXTERNAL_AVAILABILITIES)[number];

export const REFERENCE_RELATIONS = ['ALIGNS_WITH', 'SUPERSEDES', 'REFERS_TO'] as const;
export type ReferenceRelation = (typeof REFERENCE_RELATIONS)[number];

export const POLICY_WARNING_CODES = [
  'TOO_LONG',
  'NOT_COMMUNICATED',
  'NOT_AVAILABLE_TO_INTERESTED_PARTIES',
  'REVIEW_OVERDUE',
  'RECOMMENDED_ELEMENT_MISSING',
] as const;
export type PolicyWarningCode = (typeof POLICY_WARNING_CODES)[number];

/** About two pages (guide: over-documenting is a common mistake). */
export const MAX_POLICY_WORDS = 1200;
/** Acknowledgement rate expected 30 days after publication. */
export const ACK_RATE_EXPECTED = 0.8;
export const ACK_GRACE_DAYS = 30;

export interface PolicySection {
  heading: string;
  body: string;
  elements: PolicyElement[];
}

export interface PolicyReference {
  /** A document of the tenant's register; free reference until the register links it. */
  documentId: string | null;
  externalName: string | null;
  relation: ReferenceRelation;
}

/** The §3 Approval record. `role` is the appointment kind that made the approver eligible. */
export interface PolicyApproval {
  by: string;
  role: 'TOP_MANAGEMENT';
  at: string;
  comment: string | null;
  /** 5.2 a): the approver attests the policy is appropriate to the organisation's purpose. */
  appropriateToPurposeAttested: boolean;
}

/**
 * One version of a policy document. `versionNumber` is the policy's own version
 * (1, 2, …); `version` is the optimistic-concurrency counter, continued from one
 * policy version to the next so `expectedVersion` always names the document.
 */
export interface PolicyDocument {
  id: string;
  tenantId: string;
  kind: PolicyKind;
  versionNumber: number;
  status: PolicyStatus;
  title: string;
  sections: PolicySection[];
  references: PolicyReference[];
  wordCount: number;
  reviewIntervalMonths: number;
  nextReviewOn: string | null;
  publishedInternallyAt: string | null;
  externalAvailability: ExternalAvailability;
  externalUrl: string | null;
  approval: PolicyApproval | null;
  /** Who wrote this version (created or edited it): none of them may approve it. */
  authorIds: string[];
  /** The newest version of its document (the register lists only these). */
  latest: boolean;
  /** When it left PUBLISHED (SUPERSEDED or RETIRED). */
  endedAt: string | null;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PolicyWarning {
  code: PolicyWarningCode;
  message: string;
}

export interface PolicyCompleteness {
  /** Mandatory elements no section covers; any blocks approval. */
  missing: PolicyElement[];
  /** Principles the GUIDING_PRINCIPLES sections do not name (then GUIDING_PRINCIPLES is missing). */
  missingPrinciples: GuidingPrinciple[];
  warnings: PolicyWarning[];
}

/** Words in the headings and bodies: runs of letters or digits. */
export function wordCountOf(sections: readonly Pick<PolicySection, 'heading' | 'body'>[]): number {
  return sections.reduce(
    (n, s) => n + (`${s.heading} ${s.body}`.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0),
    0,
  );
}

export interface CompletenessContext {
  /** Today, YYYY-MM-DD. */
  today: string;
  /** Acknowledgements of this version / its audience, when it is published and counted. */
  acknowledgementRate?: number | null;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** What the policy lacks (blocking) and what an auditor would remark on (warnings). */
export function policyCompleteness(
  doc: Pick<
    PolicyDocument,
    | 'kind'
    | 'sections'
    | 'wordCount'
    | 'externalAvailability'
    | 'status'
    | 'nextReviewOn'
    | 'publishedInternallyAt'
  >,
  context: CompletenessContext,
): PolicyCompleteness {
  const covered = new Set(doc.sections.flatMap((s) => s.elements));
  const principlesText = doc.sections
    .filter((s) => s.elements.includes('GUIDING_PRINCIPLES'))
    .map((s) => `${s.heading}\n${s.body}`)
    .join('\n');
  const missingPrinciples = (Object.keys(GUIDING_PRINCIPLES) as GuidingPrinciple[]).filter(
    (p) => !GUIDING_PRINCIPLES[p].test(principlesText),
  );
  // The checklist is the AI policy's (5.2); a topic policy sits under it and is only warned about.
  const checklist = doc.kind === 'AI_POLICY';
  const missing = MANDATORY_ELEMENTS.filter(
    (e) => checklist && (!covered.has(e) || (e === 'GUIDING_PRINCIPLES' && missingPrinciples.length > 0)),
  );
  const warnings: PolicyWarning[] = [];
  for (const e of RECOMMENDED_ELEMENTS) {
    if (checklist && !covered.has(e)) {
      warnings.push({ code: 'RECOMMENDED_ELEMENT_MISSING', message: `no section covers ${e} (recommended)` });
    }
  }
  if (doc.wordCount > MAX_POLICY_WORDS) {
    warnings.push({
      code: 'TOO_LONG',
      message: `${doc.wordCount} words; keep the policy under ${MAX_POLICY_WORDS} (about two pages) and put detail in procedures`,
    });
  }
  if (doc.externalAvailability === 'NONE') {
    warnings.push({
      code: 'NOT_AVAILABLE_TO_INTERESTED_PARTIES',
      message: 'the policy is not available to interested parties (5.2: available as appropriate)',
    });
  }
  const inForce = doc.status === 'APPROVED' || doc.status === 'PUBLISHED';
  if (inForce && doc.nextReviewOn && doc.nextReviewOn < context.today) {
    warnings.push({ code: 'REVIEW_OVERDUE', message: `the review was due on ${doc.nextReviewOn}` });
  }
  const rate = context.acknowledgementRate;
  if (
    doc.status === 'PUBLISHED' &&
    doc.publishedInternallyAt &&
    addDays(doc.publishedInternallyAt, ACK_GRACE_DAYS) <= context.today &&
    rate !== undefined &&
    rate !== null &&
    rate < ACK_RATE_EXPECTED
  ) {
    warnings.push({
      code: 'NOT_COMMUNICATED',
      message: `${Math.round(rate * 100)} % of the audience acknowledged it ${ACK_GRACE_DAYS} days or more after publication; ${ACK_RATE_EXPECTED * 100} % expected`,
    });
  }
  return { missing, missingPrinciples: checklist ? missingPrinciples : [], warnings };
}

/** CONFLICT INVALID_STATE for a move the machine does not allow. */
export function assertTransition(doc: PolicyDocument, to: PolicyStatus): void {
  if (!POLICY_TRANSITIONS[doc.status].includes(to)) {
    const allowed = POLICY_TRANSITIONS[doc.status];
    throw new ConflictError(
      `policy ${doc.id} version ${doc.versionNumber} is ${doc.status} and cannot move to ${to}` +
        (allowed.length ? `; allowed: ${allowed.join(', ')}` : ': it is final'),
      'INVALID_STATE',
    );
  }
}

const id = z.string().trim().min(1, 'must not be empty').max(100);
const nonEmpty = <T extends z.ZodString>(s: T) => s.min(1, 'must not be empty');
const expectedVersion = z.number().int().min(1);

export const MAX_POLICY_SECTIONS = 40;

const sectionInput = z.object({
  heading: nonEmpty(singleLine(200)),
  body: nonEmpty(multiLine(20_000)),
  elements: z
    .array(z.enum(POLICY_ELEMENTS))
    .max(POLICY_ELEMENTS.length)
    .transform((es) => [...new Set(es)]),
});

const referenceInput = z
  .object({
    documentId: id.nullish(),
    externalName: nonEmpty(singleLine(300)).nullish(),
    relation: z.enum(REFERENCE_RELATIONS),
  })
  .refine((r) => !!r.documentId !== !!r.externalName, {
    message: 'give either documentId or externalName',
    path: ['documentId'],
  })
  .transform((r) => ({
    documentId: r.documentId ?? null,
    externalName: r.externalName ?? null,
    relation: r.relation,
  }));

const contentFields = {
  title: nonEmpty(singleLine(200)),
  sections: z.array(sectionInput).max(MAX_POLICY_SECTIONS, `at most ${MAX_POLICY_SECTIONS} sections`),
  references: z.array(referenceInput).max(30, 'at most 30 references'),
  reviewIntervalMonths: z.number().int('must be whole months').min(1).max(36),
  externalAvailability: z.enum(EXTERNAL_AVAILABILITIES),
  externalUrl: z
    .url({ protocol: /^https$/, message: 'must be an https URL' })
    .max(2000)
    .nullish(),
};

/** PUBLIC_URL needs the URL; other availabilities carry none. */
function urlMatchesAvailability(
  v: { externalAvailability?: ExternalAvailability | undefined; externalUrl?: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  if (v.externalAvailability === 'PUBLIC_URL' && !v.externalUrl) {
    ctx.addIssue({ code: 'custom', path: ['externalUrl'], message: 'is required when PUBLIC_URL' });
  }
  if (v.externalAvailability && v.externalAvailability !== 'PUBLIC_URL' && v.externalUrl) {
    ctx.addIssue({ code: 'custom', path: ['externalUrl'], message: 'is only for PUBLIC_URL' });
  }
}

export const createPolicyInput = z
  .object({
    kind: z.enum(POLICY_KINDS),
    ...contentFields,
    sections: contentFields.sections.default([]),
    references: contentFields.references.default([]),
    reviewIntervalMonths: contentFields.reviewIntervalMonths.default(12),
    externalAvailability: contentFields.externalAvailability.default('NONE'),
  })
  .superRefine(urlMatchesAvailability);
export type CreatePolicyInput = z.infer<typeof createPolicyInput>;

export const updatePolicyDraftInput = z
  .object({
    documentId: id,
    expectedVersion,
    title: contentFields.title.optional(),
    sections: contentFields.sections.optional(),
    references: contentFields.references.optional(),
    reviewIntervalMonths: contentFields.reviewIntervalMonths.optional(),
    externalAvailability: contentFields.externalAvailability.optional(),
    externalUrl: contentFields.externalUrl,
  })
  .superRefine(urlMatchesAvailability);
export type UpdatePolicyDraftInput = z.infer<typeof updatePolicyDraftInput>;

export const newPolicyVersionInput = z.object({ documentId: id, expectedVersion });

/** Manual moves; APPROVED has its own mutation and SUPERSEDED follows a newer publication. */
export const MANUAL_POLICY_TARGETS = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'RETIRED'] as const;

export const transitionPolicyInput = z.object({
  documentId: id,
  expectedVersion,
  status: z.enum(MANUAL_POLICY_TARGETS),
});

export const approvePolicyInput = z.object({
  documentId: id,
  expectedVersion,
  appropriateToPurposeAttested: z.boolean(),
  comment: multiLine(2000).nullish(),
});

export const acknowledgePolicyInput = z.object({
  documentId: id,
  versionNumber: z.number().int().min(1),
});
