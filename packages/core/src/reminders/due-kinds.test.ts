// §3.14 reminder kinds beyond the review dates: one rule each, tested on plain
// rows; the reads that stop at a date horizon are tested on the in-memory store.
import { describe, expect, it } from 'vitest';
import type { Appointment } from '../governance/appointment';
import { Appointments, Committees } from '../governance/model';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import { TrainingAssignments } from '../support/model';
import type { TrainingAssignment } from '../support/training';
import { dueAppointmentAcceptances } from './appointment-not-accepted';
import { committeeMeetingDueReminders, dueCommitteeMeetings } from './committee-meeting-due';
import { documentReviewDueReminders } from './document-review-due';
import { effectivenessVerificationReminders } from './effectiveness-verification-due';
import { policyReviewDueReminders } from './policy-review-due';
import { residualAcceptanceExpiringReminders } from './residual-acceptance-expiring';
import { dueTrainingAssignments, trainingOverdueReminders } from './training-overdue';

const today = '2026-03-15';
const stamps = { version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
const kindsAndIds = (rs: { kind: string; entityId: string; daysOverdue: number }[]) =>
  rs.map((r) => `${r.kind}:${r.entityId}:${r.daysOverdue}`);

describe('RESIDUAL_ACCEPTANCE_EXPIRING', () => {
  const risk = (id: string, expiresOn: string | null, status: 'ACCEPTED' | 'CLOSED' = 'ACCEPTED') => ({
    id,
    title: `Risk ${id}`,
    ownerId: 'u-rafa',
    status,
    residualAcceptance: expiresOn
      ? {
          residualScore: 9,
          justification: 'j',
          acceptedBy: 'u-top',
          acceptedAt: '2025-03-01',
          expiresOn,
          conditions: null,
        }
      : null,
  });

  it('RESIDUAL_ACCEPTANCE_EXPIRING warns the risk owner from 30 days before expiry to the day itself', () => {
    const rs = residualAcceptanceExpiringReminders(
      [
        risk('today', today),
        risk('in30', '2026-04-14'),
        risk('in31', '2026-04-15'),
        risk('past', '2026-03-14'),
      ],
      today,
    );
    expect(kindsAndIds(rs)).toEqual([
      'RESIDUAL_ACCEPTANCE_EXPIRING:today:0',
      'RESIDUAL_ACCEPTANCE_EXPIRING:in30:-30',
    ]);
    expect(rs[1]).toMatchObject({ ownerId: 'u-rafa', dueDate: '2026-04-14', title: 'Risk in30' });
  });

  it('RESIDUAL_ACCEPTANCE_EXPIRING skips closed risks and risks with no acceptance', () => {
    expect(
      residualAcceptanceExpiringReminders([risk('c', '2026-03-20', 'CLOSED'), risk('n', null)], today),
    ).toEqual([]);
  });
});

describe('EFFECTIVENESS_VERIFICATION_DUE', () => {
  const action = (
    id: string,
    over: Partial<Parameters<typeof effectivenessVerificationReminders>[0][number]> = {},
  ) => ({
    id,
    title: `Action ${id}`,
    ownerId: 'u-sam',
    dueDate: '2026-03-01',
    progress: 100,
    completedAt: '2026-03-05T10:00:00.000Z',
    cancellation: null,
    effectivenessCheck: null,
    ...over,
  });

  it('EFFECTIVENESS_VERIFICATION_DUE reminds the owner of a done action with no effectiveness check, from its completion', () => {
    const rs = effectivenessVerificationReminders([action('a1')], today);
    expect(rs).toEqual([
      {
        kind: 'EFFECTIVENESS_VERIFICATION_DUE',
        entityId: 'a1',
        title: 'Action a1',
        ownerId: 'u-sam',
        dueDate: '2026-03-05',
        daysOverdue: 10,
      },
    ]);
  });

  it('EFFECTIVENESS_VERIFICATION_DUE skips actions not done, cancelled or already with a check', () => {
    const check = { method: 'm', dueOn: '2026-04-01', result: null, by: null, at: null, notes: null };
    const rs = effectivenessVerificationReminders(
      [
        action('open', { progress: 80, completedAt: null }),
        action('cancelled', { cancellation: { reason: 'r', by: 'u', at: '2026-03-02T00:00:00.000Z' } }),
        action('checked', { effectivenessCheck: check }),
      ],
      today,
    );
    expect(rs).toEqual([]);
  });
});

describe('TRAINING_OVERDUE', () => {
  const assignment = (id: string, dueOn: string, completedOn: string | null = null): TrainingAssignment => ({
    id,
    tenantId: 't1',
    userId: `u-${id}`,
    courseId: 'c1',
    reason: 'ONBOARDING',
    trigger: null,
    assignedOn: '2026-01-01',
    dueOn,
    completedOn,
    score: null,
    expiresOn: null,
    ...stamps,
  });

  it('TRAINING_OVERDUE reminds the assignee of an assignment past its due date and not completed', () => {
    const rs = trainingOverdueReminders(
      [
        assignment('late', '2026-03-10'),
        assignment('done', '2026-03-01', '2026-03-02'),
        assignment('due', today),
      ],
      new Map([['c1', 'AI awareness']]),
      today,
    );
    expect(rs).toEqual([
      {
        kind: 'TRAINING_OVERDUE',
        entityId: 'late',
        title: 'Training: AI awareness',
        ownerId: 'u-late',
        dueDate: '2026-03-10',
        daysOverdue: 5,
      },
    ]);
  });

  it('TRAINING_OVERDUE reads open assignments only up to today (sparse index by due date)', async () => {
    const store = new InMemoryTenantStore('t1');
    await store.commit([
      put(TrainingAssignments, assignment('a', '2026-02-01'), 'absent'),
      put(TrainingAssignments, assignment('b', '2026-03-14'), 'absent'),
      put(TrainingAssignments, assignment('c', '2026-03-16'), 'absent'),
      put(TrainingAssignments, assignment('d', '2026-01-01', '2026-01-02'), 'absent'),
    ]);
    const rs = await dueTrainingAssignments(store, today);
    expect(kindsAndIds(rs)).toEqual(['TRAINING_OVERDUE:a:42', 'TRAINING_OVERDUE:b:1']);
    expect(rs[0]?.title).toBe('Training: c1');
  });
});

describe('APPOINTMENT_NOT_ACCEPTED', () => {
  const appointment = (id: string, appointedAt: string, over: Partial<Appointment> = {}): Appointment => ({
    id,
    tenantId: 't1',
    kind: 'AIMS_MANAGER',
    userId: `u-${id}`,
    subjectRef: null,
    committeeFunction: null,
    responsibilities: [],
    authorities: [],
    appointedBy: 'u-top',
    appointedAt,
    acceptedAt: null,
    endedAt: null,
    endReason: null,
    ...stamps,
    ...over,
  });

  it('APPOINTMENT_NOT_ACCEPTED reminds the appointee 14 days after the appointment, not before, not once accepted or ended', async () => {
    const store = new InMemoryTenantStore('t1');
    await store.commit([
      put(Appointments, appointment('d14', '2026-03-01T09:00:00.000Z'), 'absent'),
      put(Appointments, appointment('d13', '2026-03-02T09:00:00.000Z'), 'absent'),
      put(
        Appointments,
        appointment('ok', '2026-01-01T09:00:00.000Z', { acceptedAt: '2026-01-02T09:00:00.000Z' }),
        'absent',
      ),
      put(
        Appointments,
        appointment('end', '2026-01-01T09:00:00.000Z', {
          endedAt: '2026-02-01T09:00:00.000Z',
          endReason: 'left',
        }),
        'absent',
      ),
    ]);
    const rs = await dueAppointmentAcceptances(store, today);
    expect(rs).toEqual([
      {
        kind: 'APPOINTMENT_NOT_ACCEPTED',
        entityId: 'd14',
        title: 'Appointment as AIMS_MANAGER not accepted',
        ownerId: 'u-d14',
        dueDate: today,
        daysOverdue: 0,
      },
    ]);
  });
});

describe('COMMITTEE_MEETING_DUE', () => {
  const committee = (id: string, cadenceMonths: number, lastMeetingOn: string | null) => ({
    id,
    tenantId: 't1',
    name: `Committee ${id}`,
    charterDocumentRef: null,
    cadenceMonths,
    lastMeetingOn,
    createdBy: 'u-manager',
    ...stamps,
  });

  it('COMMITTEE_MEETING_DUE reminds when the next meeting by cadence is within 14 days or overdue', () => {
    const rs = committeeMeetingDueReminders(
      [
        committee('overdue', 3, '2025-12-01'),
        committee('in14', 1, '2026-02-28'),
        committee('in15', 1, '2026-03-01'),
        committee('never', 6, null),
      ],
      today,
    );
    expect(kindsAndIds(rs)).toEqual(['COMMITTEE_MEETING_DUE:overdue:14', 'COMMITTEE_MEETING_DUE:in14:-13']);
    expect(rs[0]).toMatchObject({
      ownerId: 'u-manager',
      dueDate: '2026-03-01',
      title: 'Meeting of Committee overdue',
    });
  });

  it('COMMITTEE_MEETING_DUE counts from the set-up date for a committee that never met', async () => {
    const store = new InMemoryTenantStore('t1');
    await store.commit([
      put(Committees, { ...committee('new', 2, null), createdAt: '2026-01-20T08:00:00.000Z' }, 'absent'),
    ]);
    expect(kindsAndIds(await dueCommitteeMeetings(store, today))).toEqual(['COMMITTEE_MEETING_DUE:new:-5']);
  });
});

describe('POLICY_REVIEW_DUE', () => {
  const policy = (
    id: string,
    nextReviewOn: string | null,
    status: 'PUBLISHED' | 'SUPERSEDED' = 'PUBLISHED',
  ) => ({
    id,
    versionNumber: 2,
    title: `Policy ${id}`,
    status,
    nextReviewOn,
    createdBy: 'u-manager',
  });

  it('POLICY_REVIEW_DUE reminds the author of a published policy whose review is within 30 days or past', () => {
    const rs = policyReviewDueReminders(
      [
        policy('past', '2026-03-01'),
        policy('in30', '2026-04-14'),
        policy('in31', '2026-04-15'),
        policy('none', null),
        policy('old', '2026-03-01', 'SUPERSEDED'),
      ],
      today,
    );
    expect(kindsAndIds(rs)).toEqual(['POLICY_REVIEW_DUE:past:14', 'POLICY_REVIEW_DUE:in30:-30']);
    expect(rs[0]).toMatchObject({ ownerId: 'u-manager', title: 'Policy past (version 2)' });
  });
});

describe('DOCUMENT_REVIEW_DUE', () => {
  const doc = (id: string, nextReviewOn: string | null, status: 'APPROVED' | 'DRAFT' = 'APPROVED') => ({
    id,
    docCode: `DOC-${id}`,
    title: `Document ${id}`,
    status,
    nextReviewOn,
    ownerUserId: 'u-owner',
  });

  it('DOCUMENT_REVIEW_DUE reminds the owner of an approved document whose review is within 30 days or past', () => {
    const rs = documentReviewDueReminders(
      [
        doc('past', '2026-02-13'),
        doc('in30', '2026-04-14'),
        doc('in31', '2026-04-15'),
        doc('draft', '2026-03-01', 'DRAFT'),
      ],
      today,
    );
    expect(kindsAndIds(rs)).toEqual(['DOCUMENT_REVIEW_DUE:past:30', 'DOCUMENT_REVIEW_DUE:in30:-30']);
    expect(rs[0]).toMatchObject({ ownerId: 'u-owner', title: 'DOC-past Document past' });
  });
});
