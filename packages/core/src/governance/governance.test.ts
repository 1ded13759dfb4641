import { beforeEach, describe, expect, it } from 'vitest';
import { type ChangeRecord, changeRecordSchema } from '../audit/change-record';
import { registerAiSystem } from '../inventory/register-ai-system';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { CursorCodec, cursorKey } from '../shared/pagination';
import type { Role } from '../tenancy/roles';
import type { TenantScope } from '../tenancy/tenant-scope';
import { acceptAppointment } from './accept-appointment';
import { appoint, type GovernanceDeps } from './appoint';
import { type Appointment, holdsAppointment } from './appointment';
import { endAppointment } from './end-appointment';
import { Appointments } from './model';
import { getAppointment, listAppointments } from './query-appointments';

const roles: Record<string, Role> = {
  'u-manager': 'AIMS_MANAGER',
  'u-cleo': 'COMMITTEE_MEMBER',
  'u-sam': 'AI_SYSTEM_OWNER',
  'u-consultant': 'CONSULTANT',
};
const manager: TenantScope = { tenantId: 't1', actorId: 'u-manager', role: 'AIMS_MANAGER' };
const consultant: TenantScope = { tenantId: 't1', actorId: 'u-consultant', role: 'CONSULTANT' };
const as = (actorId: string): TenantScope => ({ tenantId: 't1', actorId, role: roles[actorId] ?? 'VIEWER' });

let store: InMemoryTenantStore;
let deps: GovernanceDeps;
let now: Date;
const cursors = new CursorCodec({ current: cursorKey('a-test-secret-of-at-least-32-characters') });

const appointments = () => [...store.table.items.values()].filter((i) => i.entity === 'Appointment');
const changes = (): ChangeRecord[] =>
  [...store.table.items.values()]
    .filter((i) => i.entity === 'ChangeRecord')
    .map((i) => changeRecordSchema.parse(i));

beforeEach(() => {
  store = new InMemoryTenantStore('t1');
  now = new Date('2026-03-01T10:00:00.000Z');
  let n = 0;
  deps = {
    store,
    memberRole: async (id) => roles[id] ?? null,
    clock: { now: () => now },
    ids: { next: () => `id-${++n}` },
  };
});

const chair = { kind: 'COMMITTEE_CHAIR', userId: 'u-cleo', committeeFunction: 'EXECUTIVE' };

describe('appoint', () => {
  it('records an appointment awaiting acceptance, with its CREATED change record', async () => {
    const a = await appoint(manager, { ...chair, responsibilities: ['Chairs the committee'] }, deps);
    expect(a).toMatchObject({
      kind: 'COMMITTEE_CHAIR',
      userId: 'u-cleo',
      committeeFunction: 'EXECUTIVE',
      appointedBy: 'u-manager',
      acceptedAt: null,
      version: 1,
    });
    expect(changes()).toEqual([expect.objectContaining({ action: 'CREATED', entityType: 'Appointment' })]);
  });

  it('lets a consultant record an appointment of an internal person', async () => {
    await expect(
      appoint(consultant, { kind: 'AIMS_MANAGER', userId: 'u-manager' }, deps),
    ).resolves.toMatchObject({
      appointedBy: 'u-consultant',
    });
  });

  it('refuses other roles before reading anything', async () => {
    await expect(appoint(as('u-sam'), chair, deps)).rejects.toThrow(ForbiddenError);
  });

  // BAD_USER_INPUT, not FORBIDDEN: the caller may appoint; the value they chose
  // for input.userId is ineligible, as a non-member owner is (X-6 asks the same).
  it('refuses to appoint a consultant: BAD_USER_INPUT at input.userId, nothing written', async () => {
    await expect(
      appoint(manager, { kind: 'TOP_MANAGEMENT', userId: 'u-consultant' }, deps),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'userId'], message: expect.stringContaining('CONSULTANT') }],
    });
    expect(appointments()).toHaveLength(0);
  });

  it('refuses an appointee from outside the tenant', async () => {
    await expect(appoint(manager, { kind: 'AIMS_MANAGER', userId: 'stranger' }, deps)).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'userId'], message: 'is not a member of this tenant' }],
    });
  });

  it('requires an existing AI system as the subject of AI_SYSTEM_OWNER', async () => {
    await expect(appoint(manager, { kind: 'AI_SYSTEM_OWNER', userId: 'u-sam' }, deps)).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'subjectRef'] }],
    });
    await expect(
      appoint(manager, { kind: 'AI_SYSTEM_OWNER', userId: 'u-sam', subjectRef: 'no-such-system' }, deps),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'subjectRef'], message: 'is not an AI system of this tenant' }],
    });
    const system = await registerAiSystem(
      manager,
      { name: 'Triage', purpose: 'Triage', lifecycleStage: 'USE', provenance: 'INTERNAL' },
      { ...deps, isMember: async () => true },
    );
    await expect(
      appoint(manager, { kind: 'AI_SYSTEM_OWNER', userId: 'u-sam', subjectRef: system.id }, deps),
    ).resolves.toMatchObject({ subjectRef: system.id });
    const ofSystem = await listAppointments(
      manager,
      { filter: { subjectRef: system.id } },
      { store, cursors },
    );
    expect(ofSystem.edges.map((e) => [e.node.kind, e.node.userId])).toEqual([['AI_SYSTEM_OWNER', 'u-sam']]);
  });

  it('requires a clause process id for PROCESS_OWNER and a function for committee seats', async () => {
    await expect(
      appoint(manager, { kind: 'PROCESS_OWNER', userId: 'u-sam', subjectRef: '99.9' }, deps),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'subjectRef'] }] });
    await expect(
      appoint(manager, { kind: 'PROCESS_OWNER', userId: 'u-sam', subjectRef: '9.2' }, deps),
    ).resolves.toMatchObject({ subjectRef: '9.2' });
    await expect(appoint(manager, { kind: 'COMMITTEE_MEMBER', userId: 'u-sam' }, deps)).rejects.toMatchObject(
      {
        fieldErrors: [{ path: ['input', 'committeeFunction'] }],
      },
    );
    await expect(
      appoint(
        manager,
        { kind: 'AIMS_MANAGER', userId: 'u-manager', subjectRef: 'x', committeeFunction: 'LEGAL' },
        deps,
      ),
    ).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'subjectRef'] }, { path: ['input', 'committeeFunction'] }],
    });
  });

  it('refuses the same appointment twice while it is in force, and allows it again once ended', async () => {
    const first = await appoint(manager, chair, deps);
    await expect(appoint(manager, chair, deps)).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'ALREADY_EXISTS' },
    });
    await endAppointment(manager, { id: first.id, expectedVersion: 1, reason: 'Rotation' }, deps);
    await expect(appoint(manager, chair, deps)).resolves.toBeDefined();
  });

  it('lets a person hold several appointments', async () => {
    await appoint(manager, chair, deps);
    await appoint(manager, { kind: 'TOP_MANAGEMENT', userId: 'u-cleo' }, deps);
    const held = await listAppointments(manager, { filter: { userId: 'u-cleo' } }, { store, cursors });
    expect(held.edges.map((e) => e.node.kind)).toEqual(['COMMITTEE_CHAIR', 'TOP_MANAGEMENT']);
  });
});

describe('acceptAppointment', () => {
  it('only the appointee accepts', async () => {
    const a = await appoint(manager, chair, deps);
    await expect(acceptAppointment(manager, { id: a.id, expectedVersion: 1 }, deps)).rejects.toThrow(
      ForbiddenError,
    );
    expect((await store.get(Appointments, { id: a.id }))?.acceptedAt).toBeNull();
    const accepted = await acceptAppointment(as('u-cleo'), { id: a.id, expectedVersion: 1 }, deps);
    expect(accepted).toMatchObject({ acceptedAt: now.toISOString(), version: 2 });
    await expect(
      acceptAppointment(as('u-cleo'), { id: a.id, expectedVersion: 2 }, deps),
    ).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
  });

  it('refuses a stale version with CONFLICT', async () => {
    const a = await appoint(manager, chair, deps);
    await endAppointment(manager, { id: a.id, expectedVersion: 1, reason: 'Appointed in error' }, deps);
    const stale = acceptAppointment(as('u-cleo'), { id: a.id, expectedVersion: 1 }, deps);
    await expect(stale).rejects.toThrow(ConflictError);
    await expect(stale).rejects.toMatchObject({ extensions: { reason: 'VERSION_MISMATCH' } });
  });
});

describe('endAppointment', () => {
  it('ends with a reason, keeps the record and refuses ending twice', async () => {
    const a = await appoint(manager, chair, deps);
    await expect(
      endAppointment(manager, { id: a.id, expectedVersion: 1, reason: ' ' }, deps),
    ).rejects.toThrow(ValidationError);
    const ended = await endAppointment(
      manager,
      { id: a.id, expectedVersion: 1, reason: 'Left the company' },
      deps,
    );
    expect(ended).toMatchObject({ endedAt: now.toISOString(), endReason: 'Left the company', version: 2 });
    await expect(getAppointment(manager, a.id, deps)).resolves.toMatchObject({
      endReason: 'Left the company',
    });
    await expect(
      endAppointment(manager, { id: a.id, expectedVersion: 2, reason: 'Again' }, deps),
    ).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
    expect(changes().map((c) => [c.action, c.version])).toEqual([
      ['CREATED', 1],
      ['UPDATED', 2],
    ]);
  });

  it('is for the AIMS manager or the consultant, not the appointee', async () => {
    const a = await appoint(manager, chair, deps);
    await expect(
      endAppointment(as('u-cleo'), { id: a.id, expectedVersion: 1, reason: 'Stepping down' }, deps),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe('listAppointments', () => {
  it('filters by kind and by in force or ended', async () => {
    const c = await appoint(manager, chair, deps);
    await appoint(manager, { kind: 'AIMS_MANAGER', userId: 'u-manager' }, deps);
    await endAppointment(manager, { id: c.id, expectedVersion: 1, reason: 'Rotation' }, deps);
    const list = (filter: object) =>
      listAppointments(manager, { filter }, { store, cursors }).then((r) => r.edges.map((e) => e.node.kind));
    expect(await list({})).toEqual(['AIMS_MANAGER', 'COMMITTEE_CHAIR']);
    expect(await list({ active: true })).toEqual(['AIMS_MANAGER']);
    expect(await list({ active: false })).toEqual(['COMMITTEE_CHAIR']);
    expect(await list({ kind: 'COMMITTEE_CHAIR' })).toEqual(['COMMITTEE_CHAIR']);
    expect(await list({ kind: 'COMMITTEE_CHAIR', active: true })).toEqual([]);
    expect(await list({ userId: 'u-cleo', active: true })).toEqual([]);
  });
});

describe('holdsAppointment', () => {
  const base: Appointment = {
    id: 'a1',
    tenantId: 't1',
    kind: 'TOP_MANAGEMENT',
    userId: 'u1',
    subjectRef: null,
    committeeFunction: null,
    responsibilities: [],
    authorities: [],
    appointedBy: 'u0',
    appointedAt: '2026-01-01T00:00:00.000Z',
    acceptedAt: '2026-01-02T00:00:00.000Z',
    endedAt: null,
    endReason: null,
    version: 2,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
  };
  const at = new Date('2026-02-01T00:00:00.000Z');

  it('counts an accepted appointment of one of the kinds held by the user', () => {
    expect(holdsAppointment([base], 'u1', ['TOP_MANAGEMENT', 'COMMITTEE_CHAIR'], at)).toBe(true);
    expect(holdsAppointment([base], 'u2', ['TOP_MANAGEMENT'], at)).toBe(false);
    expect(holdsAppointment([base], 'u1', ['COMMITTEE_CHAIR'], at)).toBe(false);
  });

  it('does not count an appointment awaiting acceptance, or accepted only later', () => {
    expect(holdsAppointment([{ ...base, acceptedAt: null }], 'u1', ['TOP_MANAGEMENT'], at)).toBe(false);
    expect(holdsAppointment([base], 'u1', ['TOP_MANAGEMENT'], new Date('2026-01-01T12:00:00.000Z'))).toBe(
      false,
    );
  });

  it('ended appointments do not count', () => {
    const ended = { ...base, endedAt: '2026-01-15T00:00:00.000Z', endReason: 'Left' };
    expect(holdsAppointment([ended], 'u1', ['TOP_MANAGEMENT'], at)).toBe(false);
    // Still counted for a decision taken before it ended.
    expect(holdsAppointment([ended], 'u1', ['TOP_MANAGEMENT'], new Date('2026-01-10T00:00:00.000Z'))).toBe(
      true,
    );
  });
});
