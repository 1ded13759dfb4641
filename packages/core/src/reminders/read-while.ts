// Reads a pattern sorted by a date, page by page, and stops at the first item
// past the horizon: the reminder rules read only what can be due, not a register.
import type { PageKey } from '../shared/ports';
import type { AnyAggregate, EntityOf, ParamsOf, PatternsOf, TenantStore } from '../shared/store';

export async function readWhile<D extends AnyAggregate, N extends keyof PatternsOf<D> & string>(
  store: TenantStore,
  decl: D,
  pattern: N,
  params: ParamsOf<D, N>,
  inRange: (item: EntityOf<D>) => boolean,
): Promise<EntityOf<D>[]> {
  const out: EntityOf<D>[] = [];
  let startKey: PageKey | undefined;
  for (;;) {
    const page = await store.query(decl, pattern, params, { limit: 100, ...(startKey ? { startKey } : {}) });
    const items = page.entries.map((e) => e.item);
    const kept = items.filter(inRange);
    out.push(...kept);
    if (kept.length < items.length || !page.hasMore) return out;
    startKey = page.endKey ?? page.entries.at(-1)?.key;
    if (!startKey) return out;
  }
}
