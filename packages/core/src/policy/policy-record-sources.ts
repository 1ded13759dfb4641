// D-02 and D-11 in the document register (§3.6.4): each policy's version in
// force (the latest APPROVED or PUBLISHED one, with its top-management
// approval) and a newer version pending approval. Read from the sparse
// register (one row per document, one page) and, only for a document whose
// newest version is not in force, one page of its versions.

import type { DocumentType } from '../documents/controlled-document';
import { recordOf, type SystemRecord, type SystemRecordSource } from '../documents/system-record';
import type { TenantStore } from '../shared/store';
import { PolicyDocuments, VERSION_PREFIX } from './model';
import type { PolicyDocument, PolicyKind } from './policy';
import { MAX_POLICY_VERSIONS_READ } from './query-policies';

/** Policy documents of one kind read per register read. */
export const POLICY_RECORDS_READ = 100;

const inForce = (p: PolicyDocument) => p.status === 'APPROVED' || p.status === 'PUBLISHED';
const pending = (p: PolicyDocument): p is PolicyDocument & { status: 'DRAFT' | 'IN_REVIEW' } =>
  p.status === 'DRAFT' || p.status === 'IN_REVIEW';

async function versionInForce(store: TenantStore, id: string): Promise<PolicyDocument | null> {
  const versions = await store.collection(PolicyDocuments, ['POLICY', id], {
    sortPrefix: VERSION_PREFIX,
    descending: true,
    limit: MAX_POLICY_VERSIONS_READ,
  });
  return versions.find(inForce) ?? null;
}

function policySource(
  id: string,
  kind: PolicyKind,
  mandatoryRef: string,
  title: string,
  type: DocumentType,
): SystemRecordSource {
  return {
    id,
    mandatoryRef,
    title,
    type,
    async records(store) {
      const page = await store.query(
        PolicyDocuments,
        'register',
        {},
        { limit: POLICY_RECORDS_READ },
        { sortPrefix: `${kind}#` },
      );
      const latest = page.entries.map((e) => e.item);
      const earlier = await Promise.all(
        latest.map((p) => (pending(p) && p.versionNumber > 1 ? versionInForce(store, p.id) : null)),
      );
      const out: SystemRecord[] = [];
      latest.forEach((p, i) => {
        const shown = [earlier[i], p].filter((v): v is PolicyDocument => !!v);
        for (const v of shown) {
          out.push(
            recordOf(this, {
              title: `${v.title}, version ${v.versionNumber}`,
              status: inForce(v) ? 'APPROVED' : pending(v) ? v.status : 'OBSOLETE',
              revision: String(v.versionNumber),
              approvedBy: v.approval?.by ?? null,
              approvedAt: v.approval?.at ?? null,
              nextReviewOn: inForce(v) ? v.nextReviewOn : null,
              entityRef: { entityType: 'PolicyDocument', entityId: `${v.id}/v${v.versionNumber}` },
              updatedAt: v.updatedAt,
            }),
          );
        }
      });
      return out;
    },
  };
}

/** D-02: the AI policy (5.2). */
export const aiPolicySource = policySource('ai-policy', 'AI_POLICY', 'D-02', 'AI policy', 'POLICY');

/** D-11: topic-specific policies, documented information the organisation determines necessary. */
export const topicPolicySource = policySource(
  'topic-policy',
  'TOPIC_POLICY',
  'D-11',
  'Topic policy',
  'POLICY',
);
