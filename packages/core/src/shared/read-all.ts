// Every item of one access pattern, page by page: for small, bounded sets
// (sparse indexes, a plan) and for jobs, never for a request over a register.
import type { PageKey } from './ports';
import type { AnyAggregate, EntityOf, ParamsOf, PatternsOf, QueryOptions, TenantStore } from './store';

export async function readAll<D extends AnyAggregate, N extends keyof PatternsOf<D> & string>(
  store: TenantStore,
  decl: D,
  pattern: N,
  params: ParamsOf<D, N>,
  options: QueryOptions = {},
): Promise<EntityOf<D>[]> {
  const out: EntityOf<D>[] = [];
  let startKey: PageKey | undefined;
  do {
    const page = await store.query(
      decl,
      pattern,
      params,
      // Large pages: DynamoDB stops at 1 MB anyway, so calls grow with bytes, not items.
      { limit: 1000, ...(startKey ? { startKey } : {}) },
      options,
    );
    out.push(...page.entries.map((e) => e.item));
    startKey = page.hasMore ? (page.endKey ?? page.entries.at(-1)?.key) : undefined;
  } while (startKey);
  return out;
}
