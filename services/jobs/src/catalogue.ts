// The scheduled jobs that have an implementation, with their cadence. The
// cadence decides the period a run covers, and so the idempotency key
// (tenant, job, period). Kept free of SDK imports: infra tests read it to check
// that every schedule points at a job that exists.
import * as z from 'zod';

export type Cadence = 'daily' | 'monthly';

export const JOB_CADENCES = {
  'review-reminders': 'daily',
} as const satisfies Record<string, Cadence>;

export type JobName = keyof typeof JOB_CADENCES;

export const JOB_NAMES = Object.keys(JOB_CADENCES) as [JobName, ...JobName[]];

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
