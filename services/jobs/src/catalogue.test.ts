import { describe, expect, it } from 'vitest';
import { currentPeriod, dispatchInputSchema, isValidPeriod, jobMessageSchema } from './catalogue';

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
