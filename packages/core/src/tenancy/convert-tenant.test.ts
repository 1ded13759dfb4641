import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import type { TenantConversion } from './conversion-model';
import {
  type ConversionDeps,
  convertToManagedTenant,
  getTenantConversion,
  resumeTenantConversion,
  type TenantDataMover,
  type TenantItemSummary,
} from './convert-tenant';
import type {
  Actor,
  ConsultancyMembership,
  ControlPlaneRepository,
  Membership,
  Tenant,
  TenantStatus,
} from './model';

const POOLED = 'pooled';
const now = new Date('2026-11-27T10:00:00.000Z');
const actor = (userId: string): Actor => ({
  userId,
  email: `${userId}@example.test`,
  emailVerified: true,
  displayName: userId,
});
const olu = actor('olu');
const priya = actor('priya');

type Row = Record<string, unknown> & { PK: string; SK: string; entity: string; tenantId: string };

/** Tables as maps of items, and a control plane holding tenants, members, staff and reports. */
function world() {
  const tables = new Map<string, Map<string, Row>>([[POOLED, new Map()]]);
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) {
      t = new Map();
      tables.set(name, t);
    }
    return t;
  };
  const tenants = new Map<string, Tenant>();
  const members: Membership[] = [];
  const staff: ConsultancyMembership[] = [];
  const conversions = new Map<string, TenantConversion>();
  const statusLog: TenantStatus[] = [];
  const baselines: { tenant: Tenant; snapshotId: string }[] = [];
  /** Named steps that throw once, to simulate a crash there. */
  const crashes = new Set<string>();
  const crash = (at: string) => {
    if (crashes.delete(at)) throw new Error(`crash at ${at}`);
  };

  const addTenant = (id: string, rows: number) => {
    tenants.set(id, {
      id,
      name: id,
      tier: 'SELF_SERVICE',
      status: 'ACTIVE',
      consultancyId: null,
      tableName: POOLED,
      createdAt: now.toISOString(),
      version: 1,
    });
    for (let i = 0; i < rows; i++) {
      const entity = i % 3 === 0 ? 'ChangeRecord' : i % 3 === 1 ? 'AiSystem' : 'Risk';
      const row: Row = { PK: `T#${id}#X#${i}`, SK: '#META', entity, tenantId: id, n: i };
      table(POOLED).set(`${row.PK}|${row.SK}`, row);
    }
  };

  const controlPlane = {
    getTenant: async (id: string) => tenants.get(id) ?? null,
    getMembership: async (userId: string, tenantId: string) =>
      members.find((m) => m.userId === userId && m.tenantId === tenantId) ?? null,
    getConsultancies: async (ids: readonly string[]) =>
      ids.map((id) => (id.startsWith('cons-') ? { id, name: id, createdAt: now.toISOString() } : null)),
    getConsultancyMembership: async (userId: string, consultancyId: string) =>
      staff.find((s) => s.userId === userId && s.consultancyId === consultancyId) ?? null,
    listMembersOfTenant: async (tenantId: string) => ({
      entries: members.filter((m) => m.tenantId === tenantId).map((item) => ({ item, key: {} })),
      hasMore: false,
    }),
    setTenantStatus: async (tenant: Tenant, status: TenantStatus) => {
      crash(`status:${status}`);
      if (tenants.get(tenant.id)?.version !== tenant.version)
        throw new ConflictError('stale', 'VERSION_MISMATCH');
      const next = { ...tenant, status, version: tenant.version + 1 };
      tenants.set(tenant.id, next);
      statusLog.push(status);
      return next;
    },
    switchTenantStore: async (tenant: Tenant, to: Pick<Tenant, 'tier' | 'tableName' | 'consultancyId'>) => {
      crash('switch');
      if (tenants.get(tenant.id)?.version !== tenant.version)
        throw new ConflictError('stale', 'VERSION_MISMATCH');
      const next = { ...tenant, ...to, version: tenant.version + 1 };
      tenants.set(tenant.id, next);
      return next;
    },
    getTenantConversion: async (tenantId: string) => conversions.get(tenantId) ?? null,
    saveTenantConversion: async (c: TenantConversion) => {
      const current = conversions.get(c.tenantId);
      if ((current?.version ?? 0) !== c.version - 1) throw new ConflictError('stale', 'VERSION_MISMATCH');
      conversions.set(c.tenantId, c);
      return c;
    },
  } as unknown as ControlPlaneRepository;

  const itemsOf = (tenant: Tenant) =>
    [...table(tenant.tableName).values()]
      .filter((r) => r.tenantId === tenant.id)
      .sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
  const summary = (rows: Row[]): TenantItemSummary => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.entity, (counts.get(r.entity) ?? 0) + 1);
    return {
      counts: [...counts].map(([entity, count]) => ({ entity, count })),
      itemCount: rows.length,
      checksum: JSON.stringify(rows),
    };
  };
  const mover: TenantDataMover & { dropOnCopy: number } = {
    dropOnCopy: 0,
    async copy(from, to) {
      expect(tenants.get(from.id)?.status).toBe('CONVERTING');
      crash('copy');
      const rows = itemsOf(from);
      const kept = rows.slice(0, rows.length - (this.dropOnCopy > 0 ? 1 : 0));
      if (this.dropOnCopy > 0) this.dropOnCopy--;
      for (const r of kept) table(to.tableName).set(`${r.PK}|${r.SK}`, { ...r });
      return kept.length;
    },
    async compare(from, to) {
      crash('compare');
      const source = itemsOf(from);
      const target = source.flatMap((r) => {
        const copy = table(to.tableName).get(`${r.PK}|${r.SK}`);
        return copy ? [copy] : [];
      });
      return { source: summary(source), target: summary(target) };
    },
    async purge(from, _to) {
      const rows = itemsOf(from);
      for (const r of rows.slice(0, 2)) table(from.tableName).delete(`${r.PK}|${r.SK}`);
      crash('purge');
      for (const r of rows.slice(2)) table(from.tableName).delete(`${r.PK}|${r.SK}`);
      return rows.length;
    },
  };
  const deps: ConversionDeps = {
    controlPlane,
    provisioner: {
      tableNameFor: (tier, id) => (tier === 'MANAGED' ? `tenant-${id}` : POOLED),
      provision: async (t) => {
        crash('provision');
        table(t.tableName);
      },
    },
    mover,
    writeBaseline: async (tenant, input) => {
      crash('baseline');
      if (!baselines.some((b) => b.snapshotId === input.snapshotId))
        baselines.push({ tenant, snapshotId: input.snapshotId });
    },
    clock: { now: () => now },
    ids: { next: () => 'snap-1' },
  };
  const join = (tenantId: string, userId: string, role: Membership['role']) =>
    members.push({ tenantId, userId, role, createdAt: now.toISOString() });
  return {
    tables,
    table,
    tenants,
    members,
    staff,
    conversions,
    statusLog,
    baselines,
    crashes,
    deps,
    mover,
    addTenant,
    join,
  };
}

function brightpath() {
  const w = world();
  w.addTenant('bright', 10);
  w.addTenant('other', 4);
  w.join('bright', 'olu', 'AIMS_MANAGER');
  w.join('bright', 'priya', 'CONSULTANT');
  w.join('other', 'olu', 'AIMS_MANAGER');
  return w;
}

describe('convertToManagedTenant', () => {
  it('SPEC-1 moves every item of the tenant to its own table, verified, and leaves the other pooled tenant untouched', async () => {
    const w = brightpath();
    const before = [...w.table(POOLED).values()].filter((r) => r.tenantId === 'bright');
    const report = await convertToManagedTenant(olu, { tenantId: 'bright' }, w.deps);
    expect(report).toMatchObject({
      step: 'COMPLETED',
      fromTable: POOLED,
      toTable: 'tenant-bright',
      consultancyId: null,
      requestedBy: 'olu',
      itemCount: 10,
      copiedItems: 10,
      purgedItems: 10,
      completedAt: now.toISOString(),
      attempts: 1,
    });
    expect(report.counts).toEqual(
      expect.arrayContaining([
        { entity: 'ChangeRecord', count: 4 },
        { entity: 'AiSystem', count: 3 },
        { entity: 'Risk', count: 3 },
      ]),
    );
    expect(report.timings.map((t) => t.step)).toEqual([
      'PROVISIONED',
      'COPIED',
      'VERIFIED',
      'SWITCHED',
      'BASELINED',
      'PURGED',
      'COMPLETED',
    ]);
    expect([...w.table('tenant-bright').values()]).toEqual(before);
    expect([...w.table(POOLED).values()].every((r) => r.tenantId === 'other')).toBe(true);
    expect(w.table(POOLED).size).toBe(4);
    expect(w.tenants.get('bright')).toMatchObject({
      tier: 'MANAGED',
      status: 'ACTIVE',
      tableName: 'tenant-bright',
      consultancyId: null,
    });
    expect(w.statusLog).toEqual(['CONVERTING', 'ACTIVE']);
  });

  it('§3.12 writes one CONVERSION_BASELINE snapshot in the new table, after the switch and before the pooled copies go', async () => {
    const w = brightpath();
    await convertToManagedTenant(olu, { tenantId: 'bright' }, w.deps);
    expect(w.baselines).toHaveLength(1);
    expect(w.baselines[0]).toMatchObject({ snapshotId: 'snap-1', tenant: { tableName: 'tenant-bright' } });
  });

  it('SPEC-1 only the AIMS manager may convert: a consultant, any other role or a non-member is FORBIDDEN and nothing changes', async () => {
    const w = brightpath();
    w.staff.push({ consultancyId: 'cons-north', userId: 'priya', role: 'PARTNER_ADMIN' });
    w.join('bright', 'sam', 'AI_SYSTEM_OWNER');
    for (const who of [priya, actor('sam'), actor('stranger')]) {
      await expect(convertToManagedTenant(who, { tenantId: 'bright' }, w.deps)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    }
    // The manager of another tenant cannot convert this one.
    w.join('other', 'mei', 'AIMS_MANAGER');
    await expect(convertToManagedTenant(actor('mei'), { tenantId: 'bright' }, w.deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(w.tenants.get('bright')).toMatchObject({ status: 'ACTIVE', tier: 'SELF_SERVICE' });
    expect(w.conversions.size).toBe(0);
  });

  it('SPEC-1 a consultancy may take the tenant on only when one of its consultants was invited → else BAD_USER_INPUT at input.consultancyId', async () => {
    const w = brightpath();
    const refused = convertToManagedTenant(olu, { tenantId: 'bright', consultancyId: 'cons-north' }, w.deps);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'consultancyId'] }] });
    const unknown = convertToManagedTenant(olu, { tenantId: 'bright', consultancyId: 'nope' }, w.deps);
    await expect(unknown).rejects.toMatchObject({
      fieldErrors: [{ path: ['input', 'consultancyId'], message: 'no such consultancy' }],
    });
    expect(w.conversions.size).toBe(0);
    expect(w.tenants.get('bright')?.status).toBe('ACTIVE');

    w.staff.push({ consultancyId: 'cons-north', userId: 'priya', role: 'CONSULTANT' });
    const report = await convertToManagedTenant(
      olu,
      { tenantId: 'bright', consultancyId: 'cons-north' },
      w.deps,
    );
    expect(report.consultancyId).toBe('cons-north');
    expect(w.tenants.get('bright')).toMatchObject({ tier: 'MANAGED', consultancyId: 'cons-north' });
  });

  it('refuses a tenant that is already managed (CONFLICT) and answers the finished report when called again', async () => {
    const w = brightpath();
    const first = await convertToManagedTenant(olu, { tenantId: 'bright' }, w.deps);
    const again = await convertToManagedTenant(olu, { tenantId: 'bright' }, w.deps);
    expect(again).toEqual(first);
    expect(w.statusLog).toEqual(['CONVERTING', 'ACTIVE']);
    await expect(
      convertToManagedTenant(olu, { tenantId: 'bright', consultancyId: 'cons-x' }, w.deps),
    ).rejects.toMatchObject({ fieldErrors: [{ path: ['input', 'consultancyId'] }] });

    w.tenants.set('managed', { ...(w.tenants.get('bright') as Tenant), id: 'managed' });
    w.join('managed', 'olu', 'AIMS_MANAGER');
    const refused = convertToManagedTenant(olu, { tenantId: 'managed' }, w.deps);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ extensions: { reason: 'INVALID_STATE' } });
  });

  it.each([
    'status:CONVERTING',
    'provision',
    'copy',
    'compare',
    'switch',
    'baseline',
    'purge',
    'status:ACTIVE',
  ])(
    'SPEC-1 a crash at %s leaves the tenant refused; resuming finishes with the same counts and one baseline',
    async (at) => {
      const reference = brightpath();
      const expected = await convertToManagedTenant(olu, { tenantId: 'bright' }, reference.deps);

      const w = brightpath();
      w.crashes.add(at);
      await expect(convertToManagedTenant(olu, { tenantId: 'bright' }, w.deps)).rejects.toThrow(
        `crash at ${at}`,
      );
      const stuck = w.tenants.get('bright');
      // Crashing before CONVERTING was recorded leaves it ACTIVE but with a conversion on record.
      expect(stuck?.status).toBe(at === 'status:CONVERTING' ? 'ACTIVE' : 'CONVERTING');
      expect(w.conversions.get('bright')?.step).not.toBe('COMPLETED');

      const report =
        at === 'copy'
          ? await convertToManagedTenant(olu, { tenantId: 'bright' }, w.deps)
          : await resumeTenantConversion(olu, 'bright', w.deps);
      expect(report).toMatchObject({
        step: 'COMPLETED',
        itemCount: expected.itemCount,
        checksum: expected.checksum,
        attempts: 2,
      });
      expect(report.counts).toEqual(expected.counts);
      expect(w.baselines).toHaveLength(1);
      expect(w.tenants.get('bright')).toMatchObject({
        status: 'ACTIVE',
        tier: 'MANAGED',
        tableName: 'tenant-bright',
      });
      expect([...w.table('tenant-bright').values()]).toEqual([...reference.table('tenant-bright').values()]);
      expect(w.table(POOLED).size).toBe(4);
    },
  );

  it('SPEC-1 a copy that misses an item is copied again before verifying; one that keeps missing stops before the switch', async () => {
    const w = brightpath();
    w.mover.dropOnCopy = 1;
    const healed = await convertToManagedTenant(olu, { tenantId: 'bright' }, w.deps);
    expect(healed).toMatchObject({ step: 'COMPLETED', itemCount: 10 });

    const broken = brightpath();
    broken.mover.dropOnCopy = 2;
    const refused = convertToManagedTenant(olu, { tenantId: 'bright' }, broken.deps);
    await expect(refused).rejects.toMatchObject({
      code: 'CONFLICT',
      extensions: { reason: 'INVALID_STATE' },
    });
    expect(broken.tenants.get('bright')).toMatchObject({ status: 'CONVERTING', tier: 'SELF_SERVICE' });
    expect([...broken.table(POOLED).values()].filter((r) => r.tenantId === 'bright')).toHaveLength(10);
    expect(broken.conversions.get('bright')?.step).toBe('COPIED');
    const finished = await resumeTenantConversion(olu, 'bright', broken.deps);
    expect(finished.step).toBe('COMPLETED');
  });

  it('lets members read the report, others not; resuming without a conversion is NOT_FOUND', async () => {
    const w = brightpath();
    await expect(resumeTenantConversion(olu, 'bright', w.deps)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await convertToManagedTenant(olu, { tenantId: 'bright' }, w.deps);
    await expect(getTenantConversion(priya, 'bright', w.deps)).resolves.toMatchObject({ step: 'COMPLETED' });
    await expect(getTenantConversion(actor('stranger'), 'bright', w.deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
