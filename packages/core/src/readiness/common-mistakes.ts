// The guide's five common mistakes (CM-1…CM-5, §3.12.2) read from the latest
// snapshot: a mistake is detected when its item is below target (g_i > 0), on the
// records' cap when they decide it, else on the declared answer; unknown when
// neither exists; not applicable when the item is N/A (CM-5 without another system).

import type { TenantStore } from '../shared/store';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import type { ReadinessSnapshot, ReadinessSnapshotItem } from './model';
import { latestReadinessSnapshot } from './take-snapshot';

export const MISTAKE_DETECTIONS = ['DETECTED', 'NOT_DETECTED', 'UNKNOWN', 'NOT_APPLICABLE'] as const;
export type MistakeDetection = (typeof MISTAKE_DETECTIONS)[number];
export const MISTAKE_BASES = ['RECORDS', 'DECLARED', 'NONE'] as const;
export type MistakeBasis = (typeof MISTAKE_BASES)[number];

export interface CommonMistake {
  itemId: 'CM-1' | 'CM-2' | 'CM-3' | 'CM-4' | 'CM-5';
  detection: MistakeDetection;
  basis: MistakeBasis;
  /** The cap's basis when records decide, the declared answer otherwise. */
  basisDetail: string | null;
  whatToDo: string;
  score: ReadinessSnapshotItem | null;
}

/** What the guide recommends against each mistake (our wording). */
const WHAT_TO_DO: Record<CommonMistake['itemId'], string> = {
  'CM-1':
    'Keep documents short and in use: cut the policy to two pages, retire documents nobody opened in a year, and prefer records the work already produces.',
  'CM-2':
    'Run the AIMS as a business programme: put legal, compliance, risk, HR and business operations on the governance committee and have it meet on its cadence.',
  'CM-3':
    'Bring third-party AI into scope: record every external model, API and embedded AI in the inventory, risk-assess it, do supplier due diligence and monitor it.',
  'CM-4':
    'Involve the business in decisions: have business-unit committee members accept residual risks, approve impact assessments and use cases.',
  'CM-5':
    'Share processes with your existing management system: one internal audit programme, one management review, one document control, one CAPA and one competence process.',
};

export function commonMistakesOf(snapshot: ReadinessSnapshot | null): CommonMistake[] {
  const items = new Map((snapshot?.items ?? []).map((i) => [i.itemId, i]));
  return (Object.keys(WHAT_TO_DO) as CommonMistake['itemId'][]).map((itemId) => {
    const score = items.get(itemId) ?? null;
    const base = { itemId, whatToDo: WHAT_TO_DO[itemId], score };
    if (!score) return { ...base, detection: 'UNKNOWN', basis: 'NONE', basisDetail: null };
    if (!score.applicable) return { ...base, detection: 'NOT_APPLICABLE', basis: 'NONE', basisDetail: null };
    const detection: MistakeDetection = score.gap > 0 ? 'DETECTED' : 'NOT_DETECTED';
    // The records decide when they cap the answer at or below what was declared, or nothing was declared.
    if (score.verified && (!score.answered || score.cap <= (score.declared ?? 0)))
      return { ...base, detection, basis: 'RECORDS', basisDetail: score.capBasis };
    if (score.answered)
      return { ...base, detection, basis: 'DECLARED', basisDetail: `declared ${score.declared} of 5` };
    return { ...base, detection: 'UNKNOWN', basis: 'NONE', basisDetail: null };
  });
}

export async function commonMistakes(
  scope: TenantScope,
  deps: { store: TenantStore },
): Promise<CommonMistake[]> {
  assertCan(scope.role, 'readiness.read');
  return commonMistakesOf(await latestReadinessSnapshot(deps.store));
}
