// X-13, T3: what the treatment plan leaves out — a MITIGATE risk with no active
// action, an applicable control not implemented with no active action. Read by
// key: the SoA partition (bounded by the catalogue), then a page of treated
// risks with their action lists, never the whole register.
import { Risks } from '../risk/model';
import type { Risk } from '../risk/risk';
import {
  type Connection,
  type ConnectionArgs,
  type CursorCodec,
  pagedConnection,
} from '../shared/pagination';
import type { Page, PageKey, PageRequest } from '../shared/ports';
import type { TenantStore } from '../shared/store';
import { SoaEntries } from '../soa/model';
import { assertCan } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { TreatmentActions } from './model';
import type { TreatmentAction } from './treatment-action';
import { actionsOfRisks } from './treatment-plan';

export const PLAN_GAP_CODES = [
  'CONTROL_NOT_IMPLEMENTED_WITHOUT_ACTION',
  'MITIGATION_WITHOUT_ACTION',
] as const;
export type PlanGapCode = (typeof PLAN_GAP_CODES)[number];

export interface TreatmentPlanGap {
  code: PlanGapCode;
  riskId: string | null;
  controlRef: string | null;
  explanation: string;
}

/** The one place that reads how a risk's treatment says it mitigates. */
export const mitigates = (risk: Risk): boolean => risk.treatments.some((t) => t.option === 'MITIGATE');
/** The statuses a risk with a decided, live MITIGATE treatment is filed under, read in this order. */
const MITIGATING_STATUSES = ['TREATMENT_DECIDED', 'RESIDUAL_ASSESSED'] as const;

const active = (a: TreatmentAction) => !a.cancellation;
const PROBE = 25;

async function hasActiveAction(store: TenantStore, controlRef: string): Promise<boolean> {
  let page: PageRequest = { limit: PROBE };
  for (;;) {
    const found = await store.query(TreatmentActions, 'byControl', { controlId: controlRef }, page);
    if (found.entries.some((e) => active(e.item))) return true;
    const next = found.endKey ?? found.entries.at(-1)?.key;
    if (!found.hasMore || !next) return false;
    page = { limit: PROBE, startKey: next };
  }
}

/** Applicable SoA entries not implemented, with no active action for their control. */
export async function controlGaps(store: TenantStore): Promise<TreatmentPlanGap[]> {
  const entries = await store.collection(SoaEntries, ['SOA'], { sortPrefix: 'ENTRY#' });
  const open = entries.filter((e) => e.applicable === true && e.implementationStatus !== 'IMPLEMENTED');
  const covered = await Promise.all(open.map((e) => hasActiveAction(store, e.controlId)));
  return open
    .filter((_, i) => !covered[i])
    .map((e) => ({
      code: 'CONTROL_NOT_IMPLEMENTED_WITHOUT_ACTION' as const,
      riskId: null,
      controlRef: e.controlId,
      explanation: `${e.controlId} is applicable and ${e.implementationStatus.toLowerCase().replace('_', ' ')}, but no active treatment action implements it.`,
    }));
}

/** One page of risks with a decided treatment, keeping those that mitigate with no active action. */
async function mitigationGapsIn(
  store: TenantStore,
  status: (typeof MITIGATING_STATUSES)[number],
  page: PageRequest,
): Promise<Page<TreatmentPlanGap>> {
  const risks = await store.query(Risks, 'byStatus', { status }, page);
  const candidates = risks.entries.filter((e) => mitigates(e.item));
  const actions = await actionsOfRisks(
    store,
    candidates.map((e) => e.item.id),
  );
  return {
    entries: candidates
      .filter((_, i) => !(actions[i] ?? []).some(active))
      .map((e) => ({
        item: {
          code: 'MITIGATION_WITHOUT_ACTION' as const,
          riskId: e.item.id,
          controlRef: null,
          explanation: `Risk "${e.item.title}" is to be mitigated, but no active treatment action carries the mitigation out.`,
        },
        key: e.key,
      })),
    hasMore: risks.hasMore,
    ...((risks.endKey ?? risks.entries.at(-1)?.key)
      ? { endKey: risks.endKey ?? risks.entries.at(-1)?.key }
      : {}),
  };
}

/** The mitigation gaps across the statuses in turn; keys add the status position `s` to the index key. */
export async function mitigationGaps(store: TenantStore, page: PageRequest): Promise<Page<TreatmentPlanGap>> {
  const { s: at, ...rest } = page.startKey ?? {};
  let s = typeof at === 'number' ? at : 0;
  let inner: PageKey | undefined = Object.keys(rest).length ? rest : undefined;
  const entries: Page<TreatmentPlanGap>['entries'] = [];
  for (; s < MITIGATING_STATUSES.length; s++, inner = undefined) {
    const status = MITIGATING_STATUSES[s] as (typeof MITIGATING_STATUSES)[number];
    const got = await mitigationGapsIn(store, status, {
      limit: page.limit - entries.length,
      ...(inner ? { startKey: inner } : {}),
    });
    for (const e of got.entries) entries.push({ ...e, key: { ...e.key, s } });
    if (got.hasMore) {
      const endKey = got.endKey ? { ...got.endKey, s } : entries.at(-1)?.key;
      return { entries, hasMore: true, ...(endKey ? { endKey } : {}) };
    }
    if (entries.length >= page.limit) {
      const more = s + 1 < MITIGATING_STATUSES.length;
      return { entries, hasMore: more, ...(more ? { endKey: { s: s + 1 } } : {}) };
    }
  }
  return { entries, hasMore: false };
}

/**
 * The gaps as one listing: control gaps first (position `{i}`), then treated
 * risks page by page (their register keys). A filtered page may come back short.
 */
export async function treatmentPlanGapsPage(
  scope: TenantScope,
  code: PlanGapCode | null | undefined,
  page: PageRequest,
  deps: { store: TenantStore },
): Promise<Page<TreatmentPlanGap>> {
  assertCan(scope.role, 'risk.read');
  const start = page.startKey;
  const inControls = !start || typeof start.i === 'number';
  const entries: Page<TreatmentPlanGap>['entries'] = [];
  if (inControls && code !== 'MITIGATION_WITHOUT_ACTION') {
    const from = typeof start?.i === 'number' ? start.i + 1 : 0;
    const gaps = await controlGaps(deps.store);
    gaps.slice(from, from + page.limit).forEach((item, n) => {
      entries.push({ item, key: { i: from + n } });
    });
    if (from + page.limit < gaps.length) return { entries, hasMore: true };
  }
  const remaining = page.limit - entries.length;
  if (code === 'CONTROL_NOT_IMPLEMENTED_WITHOUT_ACTION' || remaining === 0) {
    return { entries, hasMore: code !== 'CONTROL_NOT_IMPLEMENTED_WITHOUT_ACTION' };
  }
  const risks = await mitigationGaps(deps.store, {
    limit: remaining,
    ...(start && !inControls ? { startKey: start } : {}),
  });
  return { ...risks, entries: [...entries, ...risks.entries] };
}

/** X-13 as a Relay connection; cursors are bound to the tenant and the code asked for. */
export function treatmentPlanGaps(
  scope: TenantScope,
  args: ConnectionArgs & { code?: PlanGapCode | null },
  deps: { store: TenantStore; cursors: CursorCodec },
): Promise<Connection<TreatmentPlanGap>> {
  assertCan(scope.role, 'risk.read');
  return pagedConnection(scope.tenantId, `treatmentPlanGaps|${args.code ?? ''}`, args, deps.cursors, (page) =>
    treatmentPlanGapsPage(scope, args.code, page, deps),
  );
}
