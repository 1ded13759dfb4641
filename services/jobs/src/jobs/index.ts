// Every job in the catalogue has a runner: the Record type makes a missing one a
// compile error, so a schedule can only name a job that exists.
import type { JobName } from '../catalogue';
import { issueReviewReminders } from './issue-review-reminders';
import type { JobRunner } from './job';
import { migrateData } from './migrate-data';
import { reconcileTraining } from './reconcile-training';
import { scoreReadiness } from './score-readiness';

export const JOBS: Record<JobName, JobRunner> = {
  'review-reminders': issueReviewReminders,
  'readiness-scoring': scoreReadiness,
  'training-reconciliation': reconcileTraining,
  'data-migrations': migrateData,
};
