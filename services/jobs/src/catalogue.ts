// The scheduled jobs, declared once in catalogue.json: cadence (which decides
// the period a run covers, and so the idempotency key (tenant, job, period)),
// EventBridge Scheduler expression, and the detail-types of the events the job
// publishes. infra reads the same file for the schedules and the event rule,
// `pnpm jobs:run <job>` accepts any job in it, and src/jobs/index.ts must map
// each to a runner (a type error otherwise). Kept free of SDK imports.
import * as z from 'zod';
import declared from './catalogue.json' with { type: 'json' };

export type Cadence = 'daily' | 'monthly';

export const jobDeclarationSchema = z.object({
  cadence: z.enum(['daily', 'monthly']),
  /** EventBridge Scheduler expression, evaluated in UTC like the periods. */
  schedule: z.string().regex(/^(cron|rate)\(.+\)$/),
  description: z.string().min(1),
  /** Detail-types the job publishes (source `aims.jobs`); infra routes them to the notification topic. */
  events: z.array(z.string().regex(/^[A-Z][A-Za-z]+$/)),
});
export type JobDeclaration = z.infer<typeof jobDeclarationSchema>;

export type JobName = keyof typeof declared;

export const JOB_CATALOGUE: Record<JobName, JobDeclaration> = z
  .record(z.string(), jobDeclarationSchema)
  .parse(declared) as Record<JobName, JobDeclaration>;

export const JOB_NAMES = Object.keys(JOB_CATALOGUE) as [JobName, ...JobName[]];

export const JOB_CADENCES = Object.fromEntries(JOB_NAMES.map((j) => [j, JOB_CATALOGUE[j].cadence])) as Record<
  JobName,
  Cadence
>;

/** The source of every event the jobs publish. */
export const EVENT_SOURCE = 'aims.jobs';

const PERIOD_FORMAT: Record<Cadence, RegExp> = {
  daily: /^\d{4}-\d{2}-\d{2}$/,
  monthly: /^\d{4}-\d{2}$/,
};

/** The period that contains `now` (UTC): `YYYY-MM-DD` for daily jobs, `YYYY-MM` for monthly ones. */
export function currentPeriod(cadence: Cadence, now: Date): string {
  const day = now.toISOString().slice(0, 10);
  return cadence === 'daily' ? day : day.slice(0, 7);
}

export function isValidPeriod(cadence: Cadence, period: string): boolean {
  if (!PERIOD_FORMAT[cadence].test(period)) return false;
  const date = cadence === 'daily' ? period : `${period}-01`;
  // Round-tripping through Date rejects 2026-02-30 and month 13.
  const parsed = new Date(`${date}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

const periodRefinement = (value: { job: JobName; period?: string | undefined }, ctx: z.RefinementCtx) => {
  const cadence = JOB_CADENCES[value.job];
  if (value.period !== undefined && !isValidPeriod(cadence, value.period)) {
    ctx.addIssue({
      code: 'custom',
      path: ['period'],
      message: `a ${cadence} job's period is ${cadence === 'daily' ? 'YYYY-MM-DD' : 'YYYY-MM'}`,
    });
  }
};

/** What a schedule passes to the dispatcher; the period defaults from the clock. */
export const dispatchInputSchema = z
  .object({ job: z.enum(JOB_NAMES), period: z.string().optional() })
  .superRefine(periodRefinement);

/** One queue message: one tenant's run of one job for one period. */
export const jobMessageSchema = z
  .object({ tenantId: z.string().regex(/^[A-Za-z0-9-]+$/), job: z.enum(JOB_NAMES), period: z.string() })
  .superRefine(periodRefinement);

export type DispatchInput = z.infer<typeof dispatchInputSchema>;
export type JobMessage = z.infer<typeof jobMessageSchema>;
