import { beforeEach, describe, expect, it } from 'vitest';
import type { Appointment, AppointmentKind } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTable, InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import { put } from '../shared/store';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import {
  type CompetenceRecord,
  competenceGapsOf,
  DEFAULT_COMPETENCE_REQUIREMENTS,
  defaultRequirements,
  holdsCompetence,
  type Member,
  requiredCompetences,
} from './competence';
import {
  adoptDefaultCompetenceRequirements,
  type CompetenceDeps,
  evaluateCompetenceAction,
  planCompetenceAction,
  recordCompetence,
  setCompetenceRequirement,
} from './manage-competence';
import { competenceGaps, competenceMatrix } from './query-competence';

const members: Member[] = [
  { userId: 'u-manager', role: 'AIMS_MANAGER', joinedOn: '2026-01-01' },
  { userId: 'u-ines', role: 'INTERNAL_AUDITOR', joinedOn: '2026-01-01' },
  { userId: 'u-rafa', role: 'AI_RISK_OWNER', joinedOn: '2026-01-01' },
  { userId: 'u-consultant', role: 'CONSULTANT', joinedOn: '2026-01-01' },
];
const roleOf = (id: string): Role | null => members.find((m) => m.userId === id)?.role ?? null;
const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const auditor: TenantScope = { tenantId: 't1', actorId: 'u-ines', role: 'INTERNAL_AUDITOR' };

let table: InMemoryTable;
let store: InMemoryTenantStore;
let deps: CompetenceDeps;
let now: Date;
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });
const read = () => ({ store, cursors, clock: { now: () => now }, members: async () => members });
const count = (entity: string) => [...table.items.values()].filter((i) => i.entity === entity).length;

const appointment = (
  id: string,
  userId: string,
  kind: AppointmentKind,
  endedAt: string | null = null,
): Appointment => ({
  id,
  tenantId: 't1',
  kind,
  userId,
  subjectRef: null,
  committeeFunction: null,
  responsibilities: [],
  authorities: [],
  appointedBy: 'u-manager',
  appointedAt: '2026-01-10T00:00:00.000Z',
  acceptedAt: null,
  endedAt,
  endReason: endedAt ? 'left' : null,
  version: 1,
  createdAt: '2026-01-10T00:00:00.000Z',
  updatedAt: '2026-01-10T00:00:00.000Z',
});

beforeEach(async () => {
  table = new InMemoryTable();
  store = new InMemoryTenantStore('t1', table);
  now = new Date('2026-03-01T10:00:00.000Z');
  let n = 0;
  deps = {
    store,
    memberRole: async (id) => roleOf(id),
    clock: { now: () => now },
    ids: { next: () => `id-${++n}` },
  };
  await store.commit([
    put(Appointments, appointment('a-ines', 'u-ines', 'INTERNAL_AUDITOR'), 'absent'),
    put(Appointments, appointment('a-rafa', 'u-rafa', 'AI_RISK_OWNER'), 'absent'),
    put(
      Appointments,
      appointment('a-old', 'u-manager', 'INTERNAL_AUDITOR', '2026-02-01T00:00:00.000Z'),
      'absent',
    ),
  ]);
});

const record = (area: CompetenceRecord['area'], level: number, extra: Partial<CompetenceRecord> = {}) =>
  recordCompetence(
    manager,
    {
      userId: 'u-ines',
      area,
      level,
      basis: 'TRAINING',
      evidenceRef: 'CERT-1',
      assessedOn: '2026-02-01',
      ...extra,
    },
    deps,
  );

describe('§3.6.1 competence requirements', () => {
  it('§3.6.1 a default requirement exists for every appointment kind, INTERNAL_AUDITOR needs AUDIT_METHOD and AIMS_STANDARD ≥ 2', () => {
    const kinds = new Set(DEFAULT_COMPETENCE_REQUIREMENTS.map((d) => d.appointmentKind));
    expect(kinds.size).toBe(9);
    expect(DEFAULT_COMPETENCE_REQUIREMENTS.filter((d) => d.appointmentKind === 'INTERNAL_AUDITOR')).toEqual([
      { appointmentKind: 'INTERNAL_AUDITOR', area: 'AUDIT_METHOD', requiredLevel: 2 },
      { appointmentKind: 'INTERNAL_AUDITOR', area: 'AIMS_STANDARD', requiredLevel: 2 },
    ]);
    expect(DEFAULT_COMPETENCE_REQUIREMENTS).toContainEqual({
      appointmentKind: 'COMMITTEE_MEMBER',
      area: 'AI_REGULATION',
      requiredLevel: 1,
    });
  });

  it('§3.6.1 adopting the defaults twice writes them once', async () => {
    const first = await adoptDefaultCompetenceRequirements(manager, {}, deps);
    expect(first).toHaveLength(DEFAULT_COMPETENCE_REQUIREMENTS.length);
    const changes = count('ChangeRecord');
    expect(await adoptDefaultCompetenceRequirements(manager, {}, deps)).toEqual([]);
    expect(count('ChangeRecord')).toBe(changes);
  });

  it('§3.6.1 a tenant edits a requirement under its version; a stale version → CONFLICT', async () => {
    await adoptDefaultCompetenceRequirements(manager, {}, deps);
    const raised = await setCompetenceRequirement(
      manager,
      { appointmentKind: 'INTERNAL_AUDITOR', area: 'AUDIT_METHOD', requiredLevel: 3, expectedVersion: 1 },
      deps,
    );
    expect(raised).toMatchObject({ id: 'KIND:INTERNAL_AUDITOR:AUDIT_METHOD', requiredLevel: 3, version: 2 });
    await expect(
      setCompetenceRequirement(
        manager,
        { appointmentKind: 'INTERNAL_AUDITOR', area: 'AUDIT_METHOD', requiredLevel: 2, expectedVersion: 1 },
        deps,
      ),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('§3.6.1 a requirement needs exactly one holder and a level 1–3 → BAD_USER_INPUT with field paths', async () => {
    const error = await setCompetenceRequirement(
      manager,
      { appointmentKind: 'INTERNAL_AUDITOR', jobRole: 'VIEWER', area: 'AUDIT_METHOD', requiredLevel: 4 },
      deps,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.map((e) => e.path.join('.'))).toEqual([
      'input.requiredLevel',
      'input.appointmentKind',
    ]);
  });

  it('§3.6.1 only the AIMS office sets requirements and records competence', async () => {
    await expect(
      setCompetenceRequirement(
        auditor,
        { jobRole: 'VIEWER', area: 'AI_ETHICS_PRINCIPLES', requiredLevel: 1 },
        deps,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      recordCompetence(
        auditor,
        {
          userId: 'u-ines',
          area: 'AUDIT_METHOD',
          level: 3,
          basis: 'EXPERIENCE',
          evidenceRef: 'x',
          assessedOn: '2026-02-01',
        },
        deps,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('§3.6.1 competence gaps', () => {
  it('§3.6.1 the gap is max(0, required − held valid level) per appointee and area; ended appointments and expired records do not count', async () => {
    await record('AUDIT_METHOD', 1);
    await record('AIMS_STANDARD', 3, { validUntil: '2026-02-15' });
    const gaps = (await competenceGaps(manager, {}, read())).edges.map((e) => e.node);
    const ines = gaps.filter((g) => g.userId === 'u-ines');
    expect(ines.map((g) => [g.area, g.requiredLevel, g.heldLevel, g.gap])).toEqual([
      ['AUDIT_METHOD', 2, 1, 1],
      ['AIMS_STANDARD', 2, 0, 2],
    ]);
    // The manager's INTERNAL_AUDITOR appointment ended: no requirement from it.
    expect(gaps.filter((g) => g.userId === 'u-manager')).toEqual([]);
    expect(gaps.filter((g) => g.userId === 'u-rafa').map((g) => g.area)).toEqual([
      'AI_RISK_METHOD',
      'AI_THREATS',
      'AI_IMPACT_ASSESSMENT',
    ]);
  });

  it('§3.6.1 a met requirement is no gap; a higher level held covers a lower one', () => {
    const required = requiredCompetences({
      requirements: defaultRequirements('t1', '2026-01-01T00:00:00.000Z'),
      appointments: [appointment('a', 'u-ines', 'INTERNAL_AUDITOR')],
      members: [],
    });
    const rec = (area: CompetenceRecord['area'], level: number): CompetenceRecord => ({
      id: area,
      tenantId: 't1',
      userId: 'u-ines',
      area,
      level,
      basis: 'EDUCATION',
      evidenceRef: 'x',
      assessedBy: 'u-manager',
      assessedOn: '2026-01-01',
      validUntil: null,
      version: 1,
      createdAt: '',
      updatedAt: '',
    });
    expect(
      competenceGapsOf({
        required,
        records: [rec('AUDIT_METHOD', 3), rec('AIMS_STANDARD', 2)],
        actions: [],
        today: '2026-03-01',
      }),
    ).toEqual([]);
  });

  it('§3.6.1 a job-role requirement applies to members holding that role', async () => {
    await setCompetenceRequirement(
      manager,
      { jobRole: 'AI_RISK_OWNER', area: 'DATA_GOVERNANCE', requiredLevel: 1 },
      deps,
    );
    const gaps = (await competenceGaps(manager, {}, read())).edges.map((e) => e.node);
    // Stored requirements replace the defaults: only the role requirement counts now.
    expect(gaps.map((g) => [g.userId, g.area, g.requiredBy])).toEqual([
      ['u-rafa', 'DATA_GOVERNANCE', ['ROLE:AI_RISK_OWNER']],
    ]);
  });

  it('§3.6.1 7.2 c) a gap action is planned, evaluated once, and an effective one marks the gap addressed', async () => {
    // A due date in the past is refused; planned earlier, the same date stands.
    await expect(
      planCompetenceAction(
        manager,
        { userId: 'u-ines', area: 'AUDIT_METHOD', kind: 'TRAINING', dueOn: '2026-02-20' },
        deps,
      ),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'dueOn'] }] });
    now = new Date('2026-02-10T10:00:00.000Z');
    const planned = await planCompetenceAction(
      manager,
      {
        userId: 'u-ines',
        area: 'AUDIT_METHOD',
        kind: 'TRAINING',
        dueOn: '2026-02-20',
        description: 'ISO 19011 lead auditor course',
      },
      deps,
    );
    now = new Date('2026-03-01T10:00:00.000Z');
    let gap = (await competenceGaps(manager, {}, read())).edges.find(
      (e) => e.node.area === 'AUDIT_METHOD',
    )?.node;
    // Due date passed without an evaluation: still unaddressed.
    expect(gap).toMatchObject({ action: { kind: 'TRAINING', dueOn: '2026-02-20' }, unaddressed: true });
    const evaluated = await evaluateCompetenceAction(
      manager,
      {
        userId: 'u-ines',
        area: 'AUDIT_METHOD',
        expectedVersion: planned.version,
        on: '2026-02-28',
        result: 'Passed the exam',
        effective: true,
      },
      deps,
    );
    expect(evaluated.effectivenessEvaluation).toMatchObject({ effective: true, evaluatedBy: 'u-manager' });
    gap = (await competenceGaps(manager, {}, read())).edges.find((e) => e.node.area === 'AUDIT_METHOD')?.node;
    expect(gap?.unaddressed).toBe(false);
    await expect(
      evaluateCompetenceAction(
        manager,
        {
          userId: 'u-ines',
          area: 'AUDIT_METHOD',
          expectedVersion: 2,
          on: '2026-02-28',
          result: 'again',
          effective: false,
        },
        deps,
      ),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
  });

  it('§3.6.1 a record for a non-member, in the future or expiring before assessment → BAD_USER_INPUT, nothing written', async () => {
    const before = table.items.size;
    await expect(record('AUDIT_METHOD', 2, { userId: 'u-stranger' })).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'userId'], message: 'is not a member of this tenant' }],
    });
    await expect(
      record('AUDIT_METHOD', 2, { assessedOn: '2026-04-01', validUntil: '2026-03-01' }),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'assessedOn'] }, { path: ['input', 'validUntil'] }],
    });
    expect(table.items.size).toBe(before);
  });

  it('§3.6.1 the matrix has a row per internal member with held and required level per area', async () => {
    await record('AUDIT_METHOD', 1);
    const rows = (await competenceMatrix(manager, {}, read())).edges.map((e) => e.node);
    expect(rows.map((r) => r.userId)).toEqual(['u-ines', 'u-manager', 'u-rafa']);
    const audit = rows[0]?.cells.find((c) => c.area === 'AUDIT_METHOD');
    expect(audit).toEqual({ area: 'AUDIT_METHOD', heldLevel: 1, requiredLevel: 2, validUntil: null });
    expect(rows[0]?.cells).toHaveLength(9);
  });

  it('§3.6.1 (§3.9) holdsCompetence: AUDIT_METHOD ≥ 2 from a valid record only', async () => {
    const low = await record('AUDIT_METHOD', 1);
    const expired = await record('AUDIT_METHOD', 3, { assessedOn: '2025-01-01', validUntil: '2026-01-31' });
    expect(holdsCompetence([low, expired], 'u-ines', 'AUDIT_METHOD', 2, '2026-03-01')).toBe(false);
    expect(holdsCompetence([low, expired], 'u-ines', 'AUDIT_METHOD', 2, '2026-01-15')).toBe(true);
    expect(holdsCompetence([low], 'u-ines', 'AUDIT_METHOD', 1, '2026-03-01')).toBe(true);
  });
});
