// RQ-27 (7.5.2–7.5.3) from the §3.13 checklist and the register's review dates.
import type { ChecklistItem } from '../../documents/checklist';
import { documentGaps } from '../../documents/document-gaps';
import { type EvidenceCap, evidenceCap } from './evidence-cap';

/**
 * RQ-27: no MANDATORY_DOCUMENT_MISSING and nothing overdue for review ⇒ 4,
 * else 2. `overdueDocuments`: approved documents past their review date.
 */
export function rq27DocumentControl(input: {
  hasDocuments: boolean;
  checklist: readonly ChecklistItem[];
  overdueDocuments: number;
  today: string;
}): EvidenceCap | null {
  if (!input.hasDocuments) return null;
  const missing = documentGaps({
    today: input.today,
    checklist: input.checklist,
    documents: [],
    systemRecords: [],
  })
    .filter((g) => g.code === 'MANDATORY_DOCUMENT_MISSING')
    .map((g) => g.ref);
  const overdue =
    input.overdueDocuments + input.checklist.filter((i) => i.status === 'REVIEW_OVERDUE').length;
  if (!missing.length && !overdue) {
    return evidenceCap('RQ-27', 4, 'every mandatory document present, none overdue for review');
  }
  return evidenceCap(
    'RQ-27',
    2,
    `${missing.length} mandatory document(s) missing, ${overdue} overdue for review`,
  );
}
