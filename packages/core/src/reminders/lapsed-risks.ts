// a risk becomes a gap when a date passes (its residual acceptance
// expires, its residual assessment falls overdue), but a stored risk only
// changes when written. The daily job re-saves those risks, found through the
// sparse `lapses` index (earliest first, read only up to today), so the gap
// index and the change history show the lapse. A re-run finds nothing: a risk
// that became a gap leaves the index.

import { methodologyAt } from '../risk/manage-methodology';
import type { RiskMethodology } from '../risk/methodology';
import { Risks } from '../risk/model';
import { registerWrites } from '../risk/register-index';
import { type Risk, withDerivedFacts } from '../risk/risk';
import { ConflictError, NotFoundError } from '../shared/errors';
import type { Clock, IdGenerator, PageKey } from '../shared/ports';
import type { TenantStore } from '../shared/store';
import { saveVersioned } from '../shared/versioned';

/** Who the change records name: the scheduled job, not a person. */
export const LAPSE_ACTOR = 'system:review-reminders';

const PAGE_SIZE = 50;

/**
 * Re-saves every risk whose acceptance expired or residual assessment fell
 * overdue before `today` (YYYY-MM-DD), with its derived gap and a change record.
 */
export async function refreshLapsedRisks(
  store: TenantStore,
  today: string,
  deps: { clock: Clock; ids: IdGenerator },
): Promise<{ refreshed: number }> {
  const methodologies = new Map<number, RiskMethodology>();
  const scope = { tenantId: store.tenantId, actorId: LAPSE_ACTOR };
  let refreshed = 0;
  let startKey: PageKey | undefined;
  do {
    const page = await store.query(
      Risks,
      'lapses',
      {},
      { limit: PAGE_SIZE, ...(startKey ? { startKey } : {}) },
    );
    const due = page.entries.filter((e) => (e.item.lapsesOn ?? today) <= today);
    for (const { item } of due) if (await refresh(item)) refreshed++;
    // Sorted by lapse day: past the first later one, nothing more is due.
    startKey = due.length === page.entries.length && page.hasMore ? page.entries.at(-1)?.key : undefined;
  } while (startKey);
  return { refreshed };

  async function refresh(current: Risk): Promise<boolean> {
    let m = methodologies.get(current.methodologyVersion);
    if (!m) {
      m = (await methodologyAt(store, current.methodologyVersion)) ?? undefined;
      if (!m) throw new NotFoundError('RiskMethodology', String(current.methodologyVersion));
      methodologies.set(current.methodologyVersion, m);
    }
    const next = withDerivedFacts(current, m, today);
    if (next.gap === current.gap) return false;
    try {
      await saveVersioned({ store, ...deps }, scope, Risks, current, next, {
        extra: (saved) => registerWrites(current, saved),
      });
      return true;
    } catch (error) {
      // Changed meanwhile: that write derived the gap itself.
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }
}
