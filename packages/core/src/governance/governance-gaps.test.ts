import { beforeEach, describe, expect, it } from 'vitest';
import type { AiSystem } from '../inventory/ai-system';
import { registerAiSystem } from '../inventory/register-ai-system';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import type { TenantScope } from '../tenancy/tenant-scope';
import { appoint } from './appoint';
import type { Appointment, AppointmentKind, CommitteeFunction } from './appointment';
import { endAppointment } from './end-appointment';
import { type CommitteeRow, type GovernanceGap, governanceGaps, governanceGapsOf } from './governance-gaps';

let n = 0;
function appointment(
  kind: AppointmentKind,
  extra: Partial<Appointment> & { committeeFunction?: CommitteeFunction | null } = {},
): Appointment {
  n++;
  return {
    id: `a${n}`,
    tenantId: 't1',
    kind,
    userId: `u${n}`,
    subjectRef: null,
    committeeFunction: null,
    responsibilities: [],
    authorities: [],
    appointedBy: 'u0',
    appointedAt: '2026-01-01T09:00:00.000Z',
    acceptedAt: '2026-01-02T09:00:00.000Z',
    endedAt: null,
    endReason: null,
    version: 2,
    createdAt: '2026-01-01T09:00:00.000Z',
    updatedAt: '2026-01-02T09:00:00.000Z',
    ...extra,
  };
}

/** A complete, cross-functional governance set: no gaps. */
const complete = (): Appointment[] => [
  appointment('TOP_MANAGEMENT'),
  appointment('AIMS_MANAGER'),
  appointment('AI_RISK_OWNER'),
  appointment('DATA_GOVERNANCE_LEAD'),
  appointment('COMMITTEE_CHAIR', { committeeFunction: 'EXECUTIVE' }),
  appointment('COMMITTEE_MEMBER', { committeeFunction: 'COMPLIANCE' }),
  appointment('COMMITTEE_MEMBER', { committeeFunction: 'IT_SECURITY' }),
  appointment('COMMITTEE_MEMBER', { committeeFunction: 'DATA_SCIENCE' }),
  appointment('COMMITTEE_MEMBER', { committeeFunction: 'BUSINESS_UNIT' }),
  appointment('AI_SYSTEM_OWNER', { subjectRef: 'sys-1' }),
];
type SystemRow = Pick<AiSystem, 'id' | 'name' | 'lifecycleStage'>;
const systems: SystemRow[] = [{ id: 'sys-1', name: 'Triage', lifecycleStage: 'USE' }];
const today = '2026-03-01';
const committee = (extra: Partial<CommitteeRow> = {}): CommitteeRow => ({
  id: 'c1',
  name: 'AI Governance Committee',
  cadenceMonths: 3,
  lastMeetingOn: '2026-02-10',
  createdAt: '2025-12-01T09:00:00.000Z',
  ...extra,
});
const gapsOf = (appointments: Appointment[], sys: SystemRow[] = systems, committees = [committee()]) =>
  governanceGapsOf({ appointments, systems: sys, committees, today });
const codes = (gaps: GovernanceGap[]) => gaps.map((g) => g.code);

describe('governanceGapsOf', () => {
  it('finds nothing in a complete, accepted, cross-functional set', () => {
    expect(gapsOf(complete())).toEqual([]);
  });

  it('NO_TOP_MANAGEMENT', () => {
    const gaps = gapsOf(complete().filter((a) => a.kind !== 'TOP_MANAGEMENT'));
    expect(gaps).toEqual([expect.objectContaining({ code: 'NO_TOP_MANAGEMENT', kind: 'TOP_MANAGEMENT' })]);
  });

  it('ROLE_UNASSIGNED', () => {
    const gaps = gapsOf(
      complete().filter((a) => a.kind !== 'DATA_GOVERNANCE_LEAD' && a.kind !== 'AI_RISK_OWNER'),
    );
    expect(gaps.map((g) => [g.code, g.kind])).toEqual([
      ['ROLE_UNASSIGNED', 'AI_RISK_OWNER'],
      ['ROLE_UNASSIGNED', 'DATA_GOVERNANCE_LEAD'],
    ]);
    // Committee members: at least one; a chair alone is not a committee.
    const chairOnly = gapsOf(complete().filter((a) => a.kind !== 'COMMITTEE_MEMBER'));
    expect(chairOnly).toContainEqual(
      expect.objectContaining({ code: 'ROLE_UNASSIGNED', kind: 'COMMITTEE_MEMBER' }),
    );
    expect(gapsOf([], [])).toHaveLength(1 + 5);
  });

  it('COMMITTEE_NOT_CROSS_FUNCTIONAL', () => {
    const noLegalOrCompliance = complete().filter((a) => a.committeeFunction !== 'COMPLIANCE');
    expect(gapsOf(noLegalOrCompliance)).toEqual([
      expect.objectContaining({
        code: 'COMMITTEE_NOT_CROSS_FUNCTIONAL',
        missingFunctions: ['LEGAL', 'COMPLIANCE'],
      }),
    ]);
    // LEGAL fills the same seat as COMPLIANCE.
    const withLegal = [
      ...noLegalOrCompliance,
      appointment('COMMITTEE_MEMBER', { committeeFunction: 'LEGAL' }),
    ];
    expect(gapsOf(withLegal)).toEqual([]);
  });

  it('SYSTEM_WITHOUT_OWNER', () => {
    const more = [
      ...systems,
      { id: 'sys-2', name: 'Readmission', lifecycleStage: 'DEVELOPMENT' as const },
      { id: 'sys-3', name: 'Old scorer', lifecycleStage: 'DECOMMISSIONED' as const },
    ];
    expect(gapsOf(complete(), more)).toEqual([
      expect.objectContaining({ code: 'SYSTEM_WITHOUT_OWNER', aiSystemId: 'sys-2' }),
    ]);
  });

  it('APPOINTMENT_NOT_ACCEPTED', () => {
    const pending = (appointedAt: string) =>
      appointment('INTERNAL_AUDITOR', { appointedAt, acceptedAt: null, version: 1 });
    const late = pending('2026-02-15T17:00:00.000Z'); // 14 days before today
    const recent = pending('2026-02-16T08:00:00.000Z'); // 13 days
    expect(gapsOf([...complete(), late, recent])).toEqual([
      expect.objectContaining({
        code: 'APPOINTMENT_NOT_ACCEPTED',
        appointmentId: late.id,
        kind: 'INTERNAL_AUDITOR',
      }),
    ]);
  });

  it('ended appointments do not count', () => {
    const set = complete().map((a) =>
      a.kind === 'AIMS_MANAGER' || a.kind === 'AI_SYSTEM_OWNER'
        ? { ...a, endedAt: '2026-02-01T00:00:00.000Z', endReason: 'Left' }
        : a,
    );
    expect(codes(gapsOf(set))).toEqual(['ROLE_UNASSIGNED', 'SYSTEM_WITHOUT_OWNER']);
    // Nor does an ended appointment that was never accepted.
    const endedPending = appointment('INTERNAL_AUDITOR', {
      acceptedAt: null,
      endedAt: '2026-01-05T00:00:00.000Z',
    });
    expect(gapsOf([...complete(), endedPending])).toEqual([]);
  });

  it('every gap explains itself', () => {
    for (const g of gapsOf([], [...systems])) expect(g.explanation.length).toBeGreaterThan(20);
  });
});

describe('§3.2.2 committee gaps', () => {
  it('§3.2.2 NO_COMMITTEE when no committee is constituted, even with committee seats appointed', () => {
    expect(gapsOf(complete(), systems, [])).toEqual([
      expect.objectContaining({ code: 'NO_COMMITTEE', committeeId: null }),
    ]);
  });

  it('§3.2.2 COMMITTEE_NOT_MEETING when the last meeting is older than the cadence', () => {
    // Last met 2025-11-30, cadence 3 months: due by 2026-02-28, today is 2026-03-01.
    const late = committee({ lastMeetingOn: '2025-11-30' });
    expect(gapsOf(complete(), systems, [late])).toEqual([
      expect.objectContaining({
        code: 'COMMITTEE_NOT_MEETING',
        committeeId: 'c1',
        explanation: expect.stringContaining('2025-11-30'),
      }),
    ]);
  });

  it('§3.2.2 COMMITTEE_NOT_MEETING is not raised on the due day itself', () => {
    expect(gapsOf(complete(), systems, [committee({ lastMeetingOn: '2025-12-01' })])).toEqual([]);
  });

  it('§3.2.2 COMMITTEE_NOT_MEETING when a committee never met and was set up more than one cadence ago', () => {
    const never = committee({ lastMeetingOn: null, createdAt: '2025-11-15T09:00:00.000Z', cadenceMonths: 3 });
    expect(codes(gapsOf(complete(), systems, [never]))).toEqual(['COMMITTEE_NOT_MEETING']);
    const fresh = committee({ lastMeetingOn: null, createdAt: '2026-01-15T09:00:00.000Z' });
    expect(gapsOf(complete(), systems, [fresh])).toEqual([]);
  });

  it('§3.2.2 COMMITTEE_NOT_MEETING per committee: a monthly one late, a quarterly one on time', () => {
    const monthly = committee({ id: 'c2', cadenceMonths: 1, lastMeetingOn: '2026-01-20' });
    expect(gapsOf(complete(), systems, [committee(), monthly])).toEqual([
      expect.objectContaining({ code: 'COMMITTEE_NOT_MEETING', committeeId: 'c2' }),
    ]);
  });
});

describe('governanceGaps', () => {
  const manager: TenantScope = { tenantId: 't1', actorId: 'u-alex', role: 'AIMS_MANAGER' };
  let store: InMemoryTenantStore;
  let now: Date;
  const ids = { next: () => `id-${++n}` };
  const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });

  beforeEach(() => {
    store = new InMemoryTenantStore('t1');
    now = new Date('2026-03-01T10:00:00.000Z');
  });

  it('reads the appointments in force and the inventory from the store', async () => {
    const clock = { now: () => now };
    const deps = { store, clock, ids, memberRole: async () => 'AIMS_MANAGER' as const };
    const system = await registerAiSystem(
      manager,
      { name: 'Triage', purpose: 'Triage', lifecycleStage: 'USE', provenance: 'INTERNAL' },
      { ...deps, isMember: async () => true },
    );
    const owner = await appoint(
      manager,
      { kind: 'AI_SYSTEM_OWNER', userId: 'u-sam', subjectRef: system.id },
      deps,
    );
    const read = async (on: string) =>
      (await governanceGaps(manager, { today: on, first: 100 }, { store, clock, cursors })).edges.map(
        (e) => e.node,
      );

    expect((await read('2026-03-02')).filter((g) => g.aiSystemId === system.id)).toEqual([]);
    expect(await read('2026-03-20')).toContainEqual(
      expect.objectContaining({ code: 'APPOINTMENT_NOT_ACCEPTED', appointmentId: owner.id }),
    );
    await endAppointment(manager, { id: owner.id, expectedVersion: 1, reason: 'Moved team' }, deps);
    expect(await read('2026-03-20')).toContainEqual(
      expect.objectContaining({ code: 'SYSTEM_WITHOUT_OWNER', aiSystemId: system.id }),
    );
  });

  it('refuses a malformed date at today', async () => {
    await expect(
      governanceGaps(manager, { today: '1 March' }, { store, clock: { now: () => now }, cursors }),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['today'] }] });
  });
});
