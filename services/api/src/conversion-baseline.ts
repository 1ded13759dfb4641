// The first readiness snapshot of a converted tenant (§3.12, last paragraph):
// written in its new table, marked CONVERSION_BASELINE, scored like any other.
import {
  type BaselineWriter,
  latestSubmission,
  prepareReadinessSnapshot,
  ReadinessSnapshots,
} from '@aims/core';
import { tenantStore } from '@aims/data';
import type { ApiDeps } from './context';

export function conversionBaselineWriter(deps: Pick<ApiDeps, 'clients'>): BaselineWriter {
  return async (tenant, { snapshotId, now }) => {
    const store = await tenantStore(tenant, deps.clients);
    // Idempotent: a resumed conversion finds the baseline its first attempt wrote.
    if (await store.get(ReadinessSnapshots, { id: snapshotId })) return;
    const submission = await latestSubmission(store);
    const prepared = await prepareReadinessSnapshot(store, {
      source: submission ? 'COMBINED' : 'EVIDENCE',
      kind: 'CONVERSION_BASELINE',
      submission,
      now,
      snapshotId,
    });
    await store.commit(prepared.writes);
  };
}
