import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentKind } from './appointment';
import { type RaciRow, raciOf } from './raci';

let n = 0;
function appointment(kind: AppointmentKind, extra: Partial<Appointment> = {}): Appointment {
  n++;
  return {
    id: `a${n}`,
    tenantId: 't1',
    kind,
    userId: `u-${kind.toLowerCase()}-${n}`,
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

const top = appointment('TOP_MANAGEMENT');
const manager = appointment('AIMS_MANAGER');
const riskOwner = appointment('AI_RISK_OWNER');
const dataLead = appointment('DATA_GOVERNANCE_LEAD');
const chair = appointment('COMMITTEE_CHAIR', { committeeFunction: 'EXECUTIVE' });
const member = appointment('COMMITTEE_MEMBER', { committeeFunction: 'LEGAL' });
const auditProcess = appointment('PROCESS_OWNER', { subjectRef: '9.2' });
const loggingControl = appointment('PROCESS_OWNER', { subjectRef: 'A.6.2.8' });
const systemOwner = appointment('AI_SYSTEM_OWNER', { subjectRef: 'sys-1' });
const ended = appointment('AIMS_MANAGER', { endedAt: '2026-01-10T00:00:00.000Z' });
const all = [
  top,
  manager,
  riskOwner,
  dataLead,
  chair,
  member,
  auditProcess,
  loggingControl,
  systemOwner,
  ended,
];
const systems = [
  { id: 'sys-1', name: 'Triage', lifecycleStage: 'USE' as const },
  { id: 'sys-2', name: 'Notes', lifecycleStage: 'DEVELOPMENT' as const },
  { id: 'sys-3', name: 'Old', lifecycleStage: 'DECOMMISSIONED' as const },
];
const rows = raciOf({ appointments: all, systems });
const rowOf = (ref: string) => {
  const row = rows.find((r) => r.subjectRef === ref);
  if (!row) throw new Error(`no row ${ref}`);
  return row;
};
/** letter → appointment ids, for compact expectations. */
const letters = (row: RaciRow) =>
  Object.fromEntries(
    (['RESPONSIBLE', 'ACCOUNTABLE', 'CONSULTED', 'INFORMED'] as const).map((l) => [
      l,
      row.assignments.filter((a) => a.letter === l).map((a) => a.appointment.id),
    ]),
  );

describe('§3.2.2 RACI export', () => {
  it('§3.2.2 RACI a clause process: AIMS manager accountable and responsible, committee consulted, top management informed', () => {
    expect(letters(rowOf('7.4'))).toEqual({
      RESPONSIBLE: [manager.id],
      ACCOUNTABLE: [manager.id],
      CONSULTED: [chair.id, member.id],
      INFORMED: [top.id],
    });
  });

  it('§3.2.2 RACI policy, scope and objectives are top management’s to answer for', () => {
    for (const ref of ['5.2', '4.3', '6.2', '9.3.1', '9.3.3']) {
      expect(letters(rowOf(ref))).toMatchObject({ ACCOUNTABLE: [top.id], INFORMED: [] });
    }
  });

  it('§3.2.2 RACI a PROCESS_OWNER is responsible for its clause process and what it groups', () => {
    const audit = rows.filter((r) => r.subjectType === 'CLAUSE_PROCESS' && r.subjectRef.startsWith('9.2'));
    expect(audit.length).toBeGreaterThan(0);
    for (const row of audit) expect(letters(row).RESPONSIBLE).toEqual([auditProcess.id]);
    expect(letters(rowOf('6.1.2')).RESPONSIBLE).toEqual([riskOwner.id]);
  });

  it('§3.2.2 RACI Annex A: owner of the control, else the role of its objective', () => {
    expect(letters(rowOf('A.6.2.8')).RESPONSIBLE).toEqual([loggingControl.id]);
    expect(letters(rowOf('A.7.2')).RESPONSIBLE).toEqual([dataLead.id]);
    expect(letters(rowOf('A.5.2')).RESPONSIBLE).toEqual([riskOwner.id]);
    expect(letters(rowOf('A.2.2')).ACCOUNTABLE).toEqual([top.id]);
    expect(rows.filter((r) => r.subjectType === 'ANNEX_A_CONTROL')).toHaveLength(38);
  });

  it('§3.2.2 RACI AI systems: the owner answers for their system; an unowned one shows what is missing', () => {
    expect(letters(rowOf('sys-1'))).toEqual({
      RESPONSIBLE: [systemOwner.id],
      ACCOUNTABLE: [systemOwner.id],
      CONSULTED: [riskOwner.id, dataLead.id],
      INFORMED: [manager.id],
    });
    expect(rowOf('sys-2').missing).toEqual(['RESPONSIBLE', 'ACCOUNTABLE']);
    expect(rows.some((r) => r.subjectRef === 'sys-3')).toBe(false);
  });

  it('§3.2.2 RACI ended appointments take no place', () => {
    expect(rows.flatMap((r) => r.assignments).some((a) => a.appointment.id === ended.id)).toBe(false);
    const none = raciOf({ appointments: [ended], systems: [] });
    expect(none.every((r) => r.missing.includes('ACCOUNTABLE'))).toBe(true);
  });
});
