// DOCUMENT_REVIEW_DUE (7.5.2, §3.14): an APPROVED controlled document whose
// review date is within 30 days or past, addressed to its owner. Read from the
// APPROVED partition of the status index, next review first, up to the horizon.
import type { ControlledDocument } from '../documents/controlled-document';
import { ControlledDocuments } from '../documents/model';
import { addDays } from '../risk/risk';
import type { TenantStore } from '../shared/store';
import { readWhile } from './read-while';
import { daysBetween, type Reminder } from './reminder';

export const DOCUMENT_REVIEW_WARNING_DAYS = 30;

type Approved = Pick<
  ControlledDocument,
  'id' | 'docCode' | 'title' | 'status' | 'nextReviewOn' | 'ownerUserId'
>;

export function documentReviewDueReminders(documents: readonly Approved[], today: string): Reminder[] {
  const horizon = addDays(today, DOCUMENT_REVIEW_WARNING_DAYS);
  return documents.flatMap((d) => {
    const due = d.nextReviewOn;
    if (d.status !== 'APPROVED' || !due || due > horizon) return [];
    return [
      {
        kind: 'DOCUMENT_REVIEW_DUE' as const,
        entityId: d.id,
        title: `${d.docCode} ${d.title}`,
        ownerId: d.ownerUserId,
        dueDate: due,
        daysOverdue: daysBetween(due, today),
      },
    ];
  });
}

export async function dueDocumentReviews(store: TenantStore, today: string): Promise<Reminder[]> {
  const horizon = addDays(today, DOCUMENT_REVIEW_WARNING_DAYS);
  const approved = await readWhile(
    store,
    ControlledDocuments,
    'byStatus',
    { status: 'APPROVED' },
    (d) => d.nextReviewOn !== null && d.nextReviewOn <= horizon,
  );
  return documentReviewDueReminders(approved, today);
}
