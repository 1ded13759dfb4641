// The training-reconciliation job for one tenant (§3.14, §3.6.2): the automatic
// assignment rules for the run's day, with the tenant's members from the control
// plane. Each expected assignment has a deterministic id and is written only if
// absent, so a rerun of the day or a duplicate delivery writes nothing twice.
import { reconcileTrainingAssignmentsNightly } from '@aims/core';
import type { JobRunner } from './job';

export const reconcileTraining: JobRunner = async ({ store, period, members, clock, ids }) => {
  const result = await reconcileTrainingAssignmentsNightly(store, period, { members, clock, ids });
  const byReason: Record<string, number> = {};
  for (const a of result.created) byReason[a.reason] = (byReason[a.reason] ?? 0) + 1;
  return { expected: result.expected, created: result.created.length, byReason };
};
