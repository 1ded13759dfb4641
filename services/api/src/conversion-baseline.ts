// The first readiness snapshot of a converted tenant (§3.12, last paragraph):
// written in its new table, marked CONVERSION_BASELINE, scored like any other.
import {
  type BaselineWriter,
  clientReadinessOf,
  latestSubmission,
  policyAudience,
  prepareReadinessSnapshot,
  ReadinessSnapshots,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from './context';

export function conversionBaselineWriter(
  deps: Pick<ApiDeps, 'clients' | 'controlPlane' | 'portfolio'>,
): BaselineWriter {
  return async (tenant, { snapshotId, now }) => {
    const store = await tenantStore(tenant, deps.clients);
    // Idempotent: a resumed conversion finds the baseline its first attempt wrote.
    const written = await store.get(ReadinessSnapshots, { id: snapshotId });
    // The converted tenant joins its consultancy's portfolio with the baseline's picture.
    await deps.portfolio.recordTenant(tenant);
    if (written) {
      await deps.portfolio.recordReadiness(tenant, clientReadinessOf(written));
      return;
    }
    const submission = await latestSubmission(store);
    const prepared = await prepareReadinessSnapshot(store, {
      source: submission ? 'COMBINED' : 'EVIDENCE',
      kind: 'CONVERSION_BASELINE',
      submission,
      now,
      snapshotId,
      sources: {
        policyAudience: () =>
          policyAudience((page) => deps.controlPlane.listMembersOfTenant(tenant.id, page)),
      },
    });
    await store.commit(prepared.writes);
    await deps.portfolio.recordReadiness(tenant, clientReadinessOf(prepared.snapshot));
  };
}
