// IA_REASSESSMENT_DUE (I5, 8.4 planned intervals): an approved impact
// assessment whose next reassessment date has passed. Read from the sparse
// index of approved revisions ordered by that date, so the job stops at the
// first one not yet due instead of reading every assessment.
import type { ImpactAssessment } from '../impact/impact-assessment';
import { ImpactAssessments } from '../impact/model';
import { AiSystems } from '../inventory/model';
import type { PageKey } from '../shared/ports';
import type { TenantStore } from '../shared/store';
import { daysBetween, type Reminder } from './reminder';

type Due = Pick<
  ImpactAssessment,
  'id' | 'aiSystemId' | 'revision' | 'status' | 'nextReassessmentOn' | 'approvedBy'
>;

/** Pure rule: approved revisions past their date, owned by the system's owner (else the approver). */
export function iaReassessmentReminders(
  assessments: readonly Due[],
  systems: ReadonlyMap<string, { name: string; ownerId: string | null }>,
  today: string,
): Reminder[] {
  return assessments.flatMap((a) => {
    const due = a.nextReassessmentOn;
    if (a.status !== 'APPROVED' || !due || !(due < today)) return [];
    const system = systems.get(a.aiSystemId);
    const ownerId = system?.ownerId ?? a.approvedBy;
    if (!ownerId) return [];
    return [
      {
        kind: 'IA_REASSESSMENT_DUE' as const,
        entityId: a.id,
        title: `Impact assessment of ${system?.name ?? a.aiSystemId} (revision ${a.revision})`,
        ownerId,
        dueDate: due,
        daysOverdue: daysBetween(due, today),
      },
    ];
  });
}

export async function dueImpactReassessments(store: TenantStore, today: string): Promise<Reminder[]> {
  const due: ImpactAssessment[] = [];
  let startKey: PageKey | undefined;
  for (;;) {
    const page = await store.query(ImpactAssessments, 'reassessmentDue', {}, { limit: 100, startKey });
    const items = page.entries.map((e) => e.item);
    const past = items.filter((a) => (a.nextReassessmentOn ?? '') < today);
    due.push(...past);
    if (past.length < items.length || !page.hasMore) break;
    startKey = page.endKey ?? page.entries.at(-1)?.key;
    if (!startKey) break;
  }
  if (!due.length) return [];
  const ids = [...new Set(due.map((a) => a.aiSystemId))];
  const systems = await store.getMany(
    AiSystems,
    ids.map((id) => ({ id })),
  );
  const byId = new Map(systems.flatMap((s) => (s ? [[s.id, s] as const] : [])));
  return iaReassessmentReminders(due, byId, today);
}
