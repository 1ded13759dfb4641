// Resolving controlRefs named by treatments, actions and SoA entries.
import { isControlId } from '../annex-a/catalogue';
import type { TenantStore } from '../shared/store';
import type { ControlRef, CustomControl } from './custom-control';
import { CustomControls } from './model';

export interface ResolvedControlRefs {
  /** Custom controls found and not retired, by ref. */
  custom: Map<string, CustomControl>;
  /** Refs that are neither an Annex A id nor a live custom control of the tenant. */
  unknown: ControlRef[];
}

/** One BatchGet for the custom refs; Annex A ids need no read. */
export async function resolveControlRefs(
  store: TenantStore,
  refs: readonly ControlRef[],
): Promise<ResolvedControlRefs> {
  const wanted = [...new Set(refs)].filter((r) => !isControlId(r));
  const found = wanted.length
    ? await store.getMany(
        CustomControls,
        wanted.map((ref) => ({ ref })),
      )
    : [];
  const custom = new Map<string, CustomControl>();
  for (const c of found) if (c && !c.retiredAt) custom.set(c.ref, c);
  return { custom, unknown: wanted.filter((r) => !custom.has(r)) };
}
