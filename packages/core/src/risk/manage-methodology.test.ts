import { beforeEach, describe, expect, it } from 'vitest';
import type { Appointment, AppointmentKind } from '../governance/appointment';
import { Appointments } from '../governance/model';
import { InMemoryTenantStore } from '../shared/in-memory-store';
import { put } from '../shared/store';
import type { TenantScope } from '../tenancy/tenant-scope';
import { approveRiskMethodology } from './approve-risk-methodology';
import {
  currentMethodology,
  latestMethodology,
  methodologyVersion,
  pendingMethodologyDraft,
  seedDefaultMethodology,
  updateRiskMethodology,
} from './manage-methodology';
import { createRisk, type RiskDeps } from './manage-risks';
import { defaultMethodology } from './methodology';

const T = 't1';
const consultant: TenantScope = { tenantId: T, actorId: 'u-consultant', role: 'CONSULTANT' };
const manager: TenantScope = { tenantId: T, actorId: 'u-manager', role: 'AIMS_MANAGER' };
const top: TenantScope = { tenantId: T, actorId: 'u-top', role: 'COMMITTEE_MEMBER' };
const chair: TenantScope = { tenantId: T, actorId: 'u-chair', role: 'VIEWER' };
const member: TenantScope = { tenantId: T, actorId: 'u-member', role: 'COMMITTEE_MEMBER' };

let store: InMemoryTenantStore;
let deps: RiskDeps;

const appointment = (
  userId: string,
  kind: AppointmentKind,
  extra: Partial<Appointment> = {},
): Appointment => ({
  id: `ap-${userId}-${kind}`,
  tenantId: T,
  kind,
  userId,
  subjectRef: null,
  committeeFunction: kind === 'COMMITTEE_CHAIR' || kind === 'COMMITTEE_MEMBER' ? 'EXECUTIVE' : null,
  responsibilities: [],
  authorities: [],
  appointedBy: 'u-manager',
  appointedAt: '2026-01-01T00:00:00.000Z',
  acceptedAt: '2026-01-02T00:00:00.000Z',
  endedAt: null,
  endReason: null,
  version: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  ...extra,
});

beforeEach(async () => {
  store = new InMemoryTenantStore(T);
  let n = 0;
  deps = {
    store,
    isMember: async () => true,
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
  };
  await seedDefaultMethodology(T, 'u-system', deps);
  await store.commit([
    put(Appointments, appointment('u-top', 'TOP_MANAGEMENT'), 'absent'),
    put(Appointments, appointment('u-chair', 'COMMITTEE_CHAIR'), 'absent'),
    put(Appointments, appointment('u-member', 'COMMITTEE_MEMBER'), 'absent'),
    put(Appointments, appointment('u-consultant', 'TOP_MANAGEMENT'), 'absent'),
    put(
      Appointments,
      appointment('u-ended', 'TOP_MANAGEMENT', { endedAt: '2026-02-01T00:00:00.000Z' }),
      'absent',
    ),
    put(Appointments, appointment('u-unaccepted', 'TOP_MANAGEMENT', { acceptedAt: null }), 'absent'),
  ]);
});

const d = defaultMethodology(T, '', '');
const edit = (scope: TenantScope, expectedVersion: number, acceptanceThreshold = 25) =>
  updateRiskMethodology(
    scope,
    {
      expectedVersion,
      likelihoodScale: d.likelihoodScale,
      impactScale: d.impactScale,
      impactAreas: d.impactAreas,
      aggregation: 'MAX',
      bands: d.bands,
      acceptanceThreshold,
      customCategories: [],
    },
    deps,
  );
const riskOf = (impact: number) =>
  createRisk(
    manager,
    {
      title: 'Unfair scoring',
      category: 'BIAS_FAIRNESS',
      ownerId: 'u-manager',
      likelihood: 3,
      impacts: { ORGANISATION: 1, INDIVIDUALS: impact, GROUPS: 1, SOCIETY: 1 },
      reviewDate: '2027-01-01',
    },
    deps,
  );
const history = (entityId: string) =>
  [...store.table.items.values()].filter((i) => i.entity === 'ChangeRecord' && i.entityId === entityId);

describe('X-3 R7 methodology approval', () => {
  it('X-3 seeds the default methodology APPROVED by the system actor', async () => {
    expect(await currentMethodology(manager, deps)).toMatchObject({
      version: 1,
      status: 'APPROVED',
      approvedBy: 'u-system',
      approvedAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('X-3 a methodology change writes a DRAFT; risks keep scoring on the approved version until approval', async () => {
    const draft = await edit(consultant, 1);
    expect(draft).toMatchObject({ version: 2, status: 'DRAFT', approvedBy: null, createdBy: 'u-consultant' });
    expect((await currentMethodology(manager, deps)).version).toBe(1);
    expect(await pendingMethodologyDraft(manager, deps)).toMatchObject({ version: 2 });
    const risk = await riskOf(4);
    // Threshold 8 still applies: 3 × 4 = 12 is above it (the draft's 25 would make it acceptable).
    expect(risk).toMatchObject({ methodologyVersion: 1, aboveThreshold: true });
  });

  it('X-3 approval by a TOP_MANAGEMENT appointee makes the draft current and supersedes the old version, with change records', async () => {
    await edit(consultant, 1);
    const approved = await approveRiskMethodology(top, { version: 2, expectedVersion: 1 }, deps);
    expect(approved).toMatchObject({
      version: 2,
      status: 'APPROVED',
      approvedBy: 'u-top',
      approvedAt: '2026-03-01T10:00:00.000Z',
    });
    expect((await currentMethodology(manager, deps)).version).toBe(2);
    expect(await methodologyVersion(manager, 1, deps)).toMatchObject({ status: 'SUPERSEDED' });
    expect(await pendingMethodologyDraft(manager, deps)).toBeNull();
    expect(history('v2')).toEqual([
      expect.objectContaining({
        actorId: 'u-top',
        version: 2,
        before: expect.objectContaining({ status: 'DRAFT' }),
        after: expect.objectContaining({ status: 'APPROVED', approvedBy: 'u-top' }),
      }),
    ]);
    expect(history('v1')).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ status: 'SUPERSEDED' }) }),
    ]);
    expect((await riskOf(4)).methodologyVersion).toBe(2);
  });

  it('X-3 a COMMITTEE_CHAIR appointee may approve whatever their membership role', async () => {
    await edit(manager, 1);
    expect((await approveRiskMethodology(chair, { version: 2 }, deps)).status).toBe('APPROVED');
  });

  it('X-3 refuses approval by the author, a consultant, a non-appointee, an ended or unaccepted appointee', async () => {
    await edit(consultant, 1);
    const forbidden = { code: 'FORBIDDEN' };
    await expect(approveRiskMethodology(consultant, { version: 2 }, deps)).rejects.toMatchObject(forbidden);
    await expect(approveRiskMethodology(member, { version: 2 }, deps)).rejects.toMatchObject(forbidden);
    await expect(approveRiskMethodology(manager, { version: 2 }, deps)).rejects.toMatchObject(forbidden);
    for (const actorId of ['u-ended', 'u-unaccepted']) {
      await expect(
        approveRiskMethodology({ tenantId: T, actorId, role: 'COMMITTEE_MEMBER' }, { version: 2 }, deps),
      ).rejects.toMatchObject(forbidden);
    }
    // Top management drafting under a managing role still cannot approve its own draft.
    const authored = await edit({ ...top, role: 'AIMS_MANAGER' }, 2);
    await expect(approveRiskMethodology(top, { version: authored.version }, deps)).rejects.toMatchObject(
      forbidden,
    );
    expect((await currentMethodology(manager, deps)).version).toBe(1);
  });

  it('X-3 refuses to approve a version that is not a DRAFT with CONFLICT INVALID_STATE', async () => {
    const conflict = { code: 'CONFLICT', extensions: { reason: 'INVALID_STATE' } };
    await expect(approveRiskMethodology(top, { version: 1 }, deps)).rejects.toMatchObject(conflict);
    await edit(manager, 1);
    await approveRiskMethodology(top, { version: 2 }, deps);
    await expect(approveRiskMethodology(chair, { version: 2 }, deps)).rejects.toMatchObject(conflict);
  });

  it('X-3 a second edit supersedes the pending draft; only the newest draft can be approved', async () => {
    await edit(consultant, 1);
    await expect(edit(consultant, 1)).rejects.toMatchObject({ extensions: { reason: 'VERSION_MISMATCH' } });
    const second = await edit(consultant, 2, 12);
    expect(second).toMatchObject({ version: 3, status: 'DRAFT' });
    expect(await methodologyVersion(manager, 2, deps)).toMatchObject({ status: 'SUPERSEDED' });
    expect((await latestMethodology(store))?.version).toBe(3);
    await expect(approveRiskMethodology(top, { version: 2 }, deps)).rejects.toMatchObject({
      extensions: { reason: 'INVALID_STATE' },
    });
    await approveRiskMethodology(top, { version: 3 }, deps);
    expect(await currentMethodology(manager, deps)).toMatchObject({ version: 3, acceptanceThreshold: 12 });
  });

  it('X-3 refuses an approval against a stale expectedVersion with VERSION_MISMATCH', async () => {
    await edit(manager, 1);
    await expect(approveRiskMethodology(top, { version: 2, expectedVersion: 5 }, deps)).rejects.toMatchObject(
      {
        extensions: { reason: 'VERSION_MISMATCH' },
      },
    );
  });

  it('X-3 NOT_FOUND for a version that was never written', async () => {
    await expect(approveRiskMethodology(top, { version: 9 }, deps)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
