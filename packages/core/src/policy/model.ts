// How policies are stored: every version of a document in the document's own
// partition (sections inline: the item budget, 180 KB, is some 25,000 words,
// twenty times the TOO_LONG threshold, and `put` refuses anything larger with
// BAD_USER_INPUT), acknowledgements beside them, one item per user and version.
import * as z from 'zod';
import { defineAggregate, padded } from '../shared/store';
import {
  EXTERNAL_AVAILABILITIES,
  POLICY_ELEMENTS,
  POLICY_KINDS,
  POLICY_STATUSES,
  type PolicyDocument,
  REFERENCE_RELATIONS,
} from './policy';

export const policySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  kind: z.enum(POLICY_KINDS),
  versionNumber: z.number(),
  status: z.enum(POLICY_STATUSES),
  title: z.string(),
  sections: z.array(
    z.object({ heading: z.string(), body: z.string(), elements: z.array(z.enum(POLICY_ELEMENTS)) }),
  ),
  references: z.array(
    z.object({
      documentId: z.string().nullable(),
      externalName: z.string().nullable(),
      relation: z.enum(REFERENCE_RELATIONS),
    }),
  ),
  wordCount: z.number(),
  reviewIntervalMonths: z.number(),
  nextReviewOn: z.string().nullable(),
  publishedInternallyAt: z.string().nullable(),
  externalAvailability: z.enum(EXTERNAL_AVAILABILITIES),
  externalUrl: z.string().nullable(),
  approval: z
    .object({
      by: z.string(),
      role: z.literal('TOP_MANAGEMENT'),
      at: z.string(),
      comment: z.string().nullable(),
      appropriateToPurposeAttested: z.boolean(),
    })
    .nullable(),
  authorIds: z.array(z.string()),
  latest: z.boolean(),
  endedAt: z.string().nullable(),
  createdBy: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<PolicyDocument>;

const versionSort = (n: number) => `V#${padded(n, 6)}`;

export const PolicyDocuments = defineAggregate({
  name: 'PolicyDocument',
  schema: policySchema as z.ZodType<PolicyDocument>,
  schemaVersion: 1,
  key: (k: { id: string; versionNumber: number }) => ({
    partition: ['POLICY', k.id],
    sort: versionSort(k.versionNumber),
  }),
  keyOf: (p: PolicyDocument) => ({ id: p.id, versionNumber: p.versionNumber }),
  describes:
    "policy version n (GetItem); a document's versions, newest first (Query begins_with V#, descending; Limit 1: the latest)",
  entityId: (p: PolicyDocument) => `${p.id}/v${p.versionNumber}`,
  patterns: {
    register: {
      index: 'GSI1',
      partition: () => ['POLICY'],
      // Sparse: only a document's newest version, so the register has one row per document.
      params: (p: PolicyDocument) => (p.latest ? {} : null),
      sort: (p: PolicyDocument) => `${p.kind}#${p.createdAt}#${p.id}`,
      describes: 'sparse: the policy register, newest version of each document, by kind then creation',
    },
    published: {
      index: 'GSI2',
      partition: () => ['POLICY', 'PUBLISHED'],
      params: (p: PolicyDocument) => (p.status === 'PUBLISHED' ? {} : null),
      sort: (p: PolicyDocument) => `${p.publishedInternallyAt ?? ''}#${p.id}`,
      describes: 'sparse: the published version of each policy, oldest publication first (awareness, 7.3)',
    },
    approvals: {
      index: 'GSI3',
      partition: () => ['POLICY', 'APPROVAL'],
      params: (p: PolicyDocument) => (p.approval ? {} : null),
      sort: (p: PolicyDocument) => `${p.approval?.at ?? ''}#${p.id}#${padded(p.versionNumber, 6)}`,
      describes:
        'sparse: approved policy versions by approval time (read descending: 5.1 commitment evidence)',
    },
  },
});

/** A member's acknowledgement that they read a published policy version (7.3, A.2.2). */
export interface PolicyAcknowledgement {
  tenantId: string;
  documentId: string;
  versionNumber: number;
  userId: string;
  at: string;
  version: number;
}

export const PolicyAcknowledgements = defineAggregate({
  name: 'PolicyAcknowledgement',
  schema: z.object({
    tenantId: z.string(),
    documentId: z.string(),
    versionNumber: z.number(),
    userId: z.string(),
    at: z.string(),
    version: z.number(),
  }) as z.ZodType<PolicyAcknowledgement>,
  schemaVersion: 1,
  key: (k: { documentId: string; versionNumber: number; userId: string }) => ({
    partition: ['POLICY', k.documentId],
    sort: `ACK#${versionSort(k.versionNumber)}#${k.userId}`,
  }),
  keyOf: (a: PolicyAcknowledgement) => ({
    documentId: a.documentId,
    versionNumber: a.versionNumber,
    userId: a.userId,
  }),
  describes:
    "a user's acknowledgement of policy version n (GetItem); a version's acknowledgements (Query begins_with ACK#V#n#)",
  entityId: (a: PolicyAcknowledgement) => `${a.documentId}/v${a.versionNumber}/${a.userId}`,
  patterns: {},
});

export const ackPrefix = (versionNumber: number) => `ACK#${versionSort(versionNumber)}#`;
export const VERSION_PREFIX = 'V#';
