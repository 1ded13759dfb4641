import { describe, expect, it } from 'vitest';
import {
  currentPeriod,
  dispatchInputSchema,
  isValidPeriod,
  JOB_CADENCES,
  JOB_CATALOGUE,
  JOB_NAMES,
  jobMessageSchema,
} from './catalogue';
import { JOBS } from './jobs';
import { REMINDERS_ISSUED } from './jobs/issue-review-reminders';
import { READINESS_CHANGED } from './jobs/score-readiness';

describe('job periods', () => {
  it('takes the UTC day for daily jobs and the UTC month for monthly ones', () => {
    const now = new Date('2026-03-31T23:30:00-02:00');
    expect(currentPeriod('daily', now)).toBe('2026-04-01');
    expect(currentPeriod('monthly', now)).toBe('2026-04');
  });

  it('accepts real days and months only, in the cadence’s format', () => {
    expect(isValidPeriod('daily', '2026-02-28')).toBe(true);
    expect(isValidPeriod('daily', '2026-02-30')).toBe(false);
    expect(isValidPeriod('daily', '2026-02')).toBe(false);
    expect(isValidPeriod('monthly', '2026-12')).toBe(true);
    expect(isValidPeriod('monthly', '2026-13')).toBe(false);
    expect(isValidPeriod('monthly', '2026-12-01')).toBe(false);
  });
});

describe('dispatch input', () => {
  it('names a known job, with an optional period of the right shape', () => {
    expect(dispatchInputSchema.parse({ job: 'review-reminders' })).toEqual({ job: 'review-reminders' });
    expect(dispatchInputSchema.safeParse({ job: 'review-reminders', period: '2026-03' }).success).toBe(false);
    expect(dispatchInputSchema.safeParse({ job: 'audit-cycle' }).success).toBe(false);
  });
});

describe('job message', () => {
  it('needs a tenant id safe for keys and policies', () => {
    const message = { job: 'review-reminders', period: '2026-03-15' };
    expect(jobMessageSchema.safeParse({ ...message, tenantId: 't-1' }).success).toBe(true);
    expect(jobMessageSchema.safeParse({ ...message, tenantId: 't#1' }).success).toBe(false);
    expect(jobMessageSchema.safeParse({ ...message, tenantId: '' }).success).toBe(false);
  });
});

describe('§3.14 the catalogue is the one declaration of a job', () => {
  it('§3.14 declares cadence, schedule and events for each job, and each job has a runner', () => {
    expect(JOB_NAMES).toEqual([
      'review-reminders',
      'readiness-scoring',
      'training-reconciliation',
      'data-migrations',
    ]);
    expect(JOB_CADENCES).toEqual({
      'review-reminders': 'daily',
      'readiness-scoring': 'daily',
      'training-reconciliation': 'daily',
      'data-migrations': 'daily',
    });
    for (const job of JOB_NAMES) expect(typeof JOBS[job], job).toBe('function');
    expect(JOB_CATALOGUE['review-reminders']).toMatchObject({ schedule: 'cron(0 5 * * ? *)' });
    // Nightly: assignments first (so the 05:00 reminders see them), then the readiness snapshot.
    expect(JOB_CATALOGUE['training-reconciliation']).toMatchObject({
      schedule: 'cron(0 2 * * ? *)',
      events: [],
    });
    expect(JOB_CATALOGUE['readiness-scoring']).toMatchObject({ schedule: 'cron(0 3 * * ? *)' });
    // Weekly, keyed by the day it runs: a rerun that day is DONE, a rerun another day writes nothing.
    expect(JOB_CATALOGUE['data-migrations']).toMatchObject({ schedule: 'cron(0 4 ? * SUN *)', events: [] });
  });

  it('§3.14 declares the event the review-reminders runner publishes, so infra routes it', () => {
    expect(JOB_CATALOGUE['review-reminders'].events).toContain(REMINDERS_ISSUED);
  });

  it('§3.14 declares ReadinessChanged for readiness-scoring, so infra routes it', () => {
    expect(JOB_CATALOGUE['readiness-scoring'].events).toEqual([READINESS_CHANGED]);
  });
});
