// A store that counts its reads: evidenceCaps' read count is a budget the tests hold.
import type { TenantStore } from '../../shared/store';

const READS = new Set([
  'get',
  'getMany',
  'query',
  'collection',
  'partition',
  'lastChangeAt',
  'history',
  'feed',
  'changes',
]);

export function countingStore(store: TenantStore): { store: TenantStore; reads: () => number } {
  let reads = 0;
  const counted = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && READS.has(prop)) {
        return (...args: unknown[]) => {
          reads++;
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { store: counted, reads: () => reads };
}
