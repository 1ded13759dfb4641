// The data-migrations job for one tenant: every stored item is brought up to its
// declaration (missing or changed index keys, older schemaVersion), so items
// written before a release list through the queries of this one. Weekly, and
// worth triggering after a deploy that adds an index or bumps a schemaVersion
// (`./run jobs data-migrations`, or the dispatcher with the job name). The run is
// idempotent per (tenant, job, day) through its run record, and a rerun on any
// day writes nothing: only stale items are written, and once written they are current.
import { TENANT_AGGREGATES } from '@aims/core';
import { migrateTenantItems } from '@aims/data';
import type { JobRunner } from './job';

export const migrateData: JobRunner = async ({ tenant, scanningClient }) => {
  const report = await migrateTenantItems(await scanningClient(), tenant, TENANT_AGGREGATES);
  return { ...report };
};
