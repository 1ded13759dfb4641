// POLICY_REVIEW_DUE (5.2, A.2.4, §3.14): a published policy version whose
// review date is within 30 days or past. Reads the sparse index of published
// versions (one per policy, a handful), addressed to the version's author: a
// policy has no owner of record.
import { PolicyDocuments } from '../policy/model';
import type { PolicyDocument } from '../policy/policy';
import { addDays } from '../risk/risk';
import { readAll } from '../shared/read-all';
import type { TenantStore } from '../shared/store';
import { daysBetween, type Reminder } from './reminder';

export const POLICY_REVIEW_WARNING_DAYS = 30;

type Published = Pick<
  PolicyDocument,
  'id' | 'versionNumber' | 'title' | 'status' | 'nextReviewOn' | 'createdBy'
>;

export function policyReviewDueReminders(policies: readonly Published[], today: string): Reminder[] {
  const horizon = addDays(today, POLICY_REVIEW_WARNING_DAYS);
  return policies.flatMap((p) => {
    const due = p.nextReviewOn;
    if (p.status !== 'PUBLISHED' || !due || due > horizon) return [];
    return [
      {
        kind: 'POLICY_REVIEW_DUE' as const,
        // The policy, not the version: only one version of it is published at a time.
        entityId: p.id,
        title: `${p.title} (version ${p.versionNumber})`,
        ownerId: p.createdBy,
        dueDate: due,
        daysOverdue: daysBetween(due, today),
      },
    ];
  });
}

export async function duePolicyReviews(store: TenantStore, today: string): Promise<Reminder[]> {
  return policyReviewDueReminders(await readAll(store, PolicyDocuments, 'published', {}), today);
}
