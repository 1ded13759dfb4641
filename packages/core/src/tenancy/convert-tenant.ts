// Self-service → managed conversion (SPEC §1 "later convert to a full tenant
// without losing anything"; §3.12 last paragraph). The tenant is refused every
// request (CONVERTING) while its items are copied unchanged from the pooled
// table to a table of its own, verified (per-entity counts and a SHA-256 on both
// sides), the control-plane record switched, a CONVERSION_BASELINE snapshot
// written in the new table, and only then the pooled copies deleted. Every step
// is idempotent and recorded once done, so a crash at any point leaves the
// tenant CONVERTING and calling again (or resumeTenantConversion) finishes it.
import * as z from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import type { Clock, IdGenerator, PageKey } from '../shared/ports';
import { parseInput } from '../shared/validation';
import {
  CONVERSION_STEPS,
  type ConversionStep,
  type EntityCount,
  type TenantConversion,
} from './conversion-model';
import type { Actor, ControlPlaneRepository, Tenant, TenantStoreProvisioner } from './model';

export const convertToManagedTenantInput = z.object({
  tenantId: z.string().min(1),
  consultancyId: z.string().min(1).nullish(),
});

export interface TenantItemSummary {
  counts: EntityCount[];
  itemCount: number;
  checksum: string;
}

/** Moves one tenant's items between tables; every method is safe to repeat. */
export interface TenantDataMover {
  /** Copies every item of the tenant from `from`'s table into `to`'s, unchanged; returns how many. */
  copy(from: Tenant, to: Tenant): Promise<number>;
  /** Counts per entity and a checksum of the tenant's items as read from each table. */
  compare(from: Tenant, to: Tenant): Promise<{ source: TenantItemSummary; target: TenantItemSummary }>;
  /** Deletes the tenant's items from `from`'s table; returns how many. */
  /** Deletes the pooled copies, first carrying over any item that changed since the copy. */
  purge(from: Tenant, to: Tenant): Promise<number>;
}

/** Writes the CONVERSION_BASELINE readiness snapshot in the tenant's (new) store; a no-op if it exists. */
export type BaselineWriter = (tenant: Tenant, input: { snapshotId: string; now: string }) => Promise<void>;

export interface ConversionDeps {
  controlPlane: ControlPlaneRepository;
  provisioner: TenantStoreProvisioner;
  mover: TenantDataMover;
  writeBaseline: BaselineWriter;
  clock: Clock;
  ids: IdGenerator;
}

const consultancyPath = ['input', 'consultancyId'];

/**
 * Converting is a business decision of the organisation (it changes who holds
 * and pays for its data), so only its AIMS manager may ask; a consultant
 * membership never suffices, whatever else they hold.
 */
async function authorise(actor: Actor, tenantId: string, deps: ConversionDeps): Promise<Tenant> {
  const [tenant, membership] = await Promise.all([
    deps.controlPlane.getTenant(tenantId),
    deps.controlPlane.getMembership(actor.userId, tenantId),
  ]);
  if (!tenant || !membership) throw new ForbiddenError('you are not a member of this tenant');
  if (membership.role !== 'AIMS_MANAGER') {
    throw new ForbiddenError("only the organisation's AIMS manager may convert it to a managed tenant");
  }
  return tenant;
}

/**
 * A consultancy may take the tenant on only when the organisation already
 * invited one of its consultants: the organisation chose it, the consultancy
 * cannot claim a client by naming it.
 */
async function assertConsultancyInvited(
  tenantId: string,
  consultancyId: string,
  deps: ConversionDeps,
): Promise<void> {
  const [consultancy] = await deps.controlPlane.getConsultancies([consultancyId]);
  if (!consultancy) throw new ValidationError([{ path: consultancyPath, message: 'no such consultancy' }]);
  let startKey: PageKey | undefined;
  do {
    const page = await deps.controlPlane.listMembersOfTenant(tenantId, {
      limit: 100,
      ...(startKey ? { startKey } : {}),
    });
    const consultants = page.entries.filter((e) => e.item.role === 'CONSULTANT').map((e) => e.item);
    const staff = await Promise.all(
      consultants.map((m) => deps.controlPlane.getConsultancyMembership(m.userId, consultancyId)),
    );
    if (staff.some((s) => s !== null)) return;
    startKey = page.hasMore ? (page.endKey ?? page.entries.at(-1)?.key) : undefined;
  } while (startKey);
  throw new ValidationError([
    {
      path: consultancyPath,
      message: 'no consultant of this consultancy is a member of the tenant; invite one first',
    },
  ]);
}

export async function convertToManagedTenant(
  actor: Actor,
  rawInput: unknown,
  deps: ConversionDeps,
): Promise<TenantConversion> {
  const input = parseInput(convertToManagedTenantInput, rawInput, ['input']);
  const tenant = await authorise(actor, input.tenantId, deps);
  const existing = await deps.controlPlane.getTenantConversion(tenant.id);
  if (existing) {
    if (input.consultancyId != null && input.consultancyId !== existing.consultancyId) {
      throw new ValidationError([
        { path: consultancyPath, message: 'differs from the conversion already under way or done' },
      ]);
    }
    // Calling again finishes a conversion left CONVERTING, or answers the report of a finished one.
    return existing.step === 'COMPLETED' ? existing : runConversion(tenant, existing, deps, true);
  }
  if (tenant.tier !== 'SELF_SERVICE') {
    throw new ConflictError('the tenant is already a managed tenant', 'INVALID_STATE');
  }
  if (tenant.status !== 'ACTIVE') {
    throw new ConflictError(`tenant is ${tenant.status.toLowerCase()}, not active`, 'INVALID_STATE');
  }
  if (input.consultancyId != null) await assertConsultancyInvited(tenant.id, input.consultancyId, deps);
  const now = deps.clock.now().toISOString();
  const conversion = await deps.controlPlane.saveTenantConversion({
    tenantId: tenant.id,
    fromTable: tenant.tableName,
    toTable: deps.provisioner.tableNameFor('MANAGED', tenant.id),
    consultancyId: input.consultancyId ?? null,
    requestedBy: actor.userId,
    startedAt: now,
    completedAt: null,
    step: 'STARTED',
    counts: [],
    itemCount: 0,
    checksum: null,
    copiedItems: 0,
    purgedItems: 0,
    baselineSnapshotId: deps.ids.next(),
    timings: [],
    attempts: 1,
    version: 1,
  });
  return runConversion(tenant, conversion, deps, false);
}

/** Finishes a conversion left CONVERTING (crash, timeout); the same as calling convertToManagedTenant again. */
export async function resumeTenantConversion(
  actor: Actor,
  tenantId: string,
  deps: ConversionDeps,
): Promise<TenantConversion> {
  const tenant = await authorise(actor, tenantId, deps);
  const existing = await deps.controlPlane.getTenantConversion(tenantId);
  if (!existing) throw new NotFoundError('TenantConversion', tenantId);
  return existing.step === 'COMPLETED' ? existing : runConversion(tenant, existing, deps, true);
}

/** The conversion report, for the tenant's members (readable while the tenant is CONVERTING). */
export async function getTenantConversion(
  actor: Actor,
  tenantId: string,
  deps: Pick<ConversionDeps, 'controlPlane'>,
): Promise<TenantConversion> {
  const [membership, conversion] = await Promise.all([
    deps.controlPlane.getMembership(actor.userId, tenantId),
    deps.controlPlane.getTenantConversion(tenantId),
  ]);
  if (!membership) throw new ForbiddenError('you are not a member of this tenant');
  if (!conversion) throw new NotFoundError('TenantConversion', tenantId);
  return conversion;
}

/** Whether the items read from both tables are the same: every count and the checksum. */
export function sameItems(a: TenantItemSummary, b: TenantItemSummary): boolean {
  const key = (s: TenantItemSummary) =>
    JSON.stringify([...s.counts].sort((x, y) => x.entity.localeCompare(y.entity)));
  return a.itemCount === b.itemCount && a.checksum === b.checksum && key(a) === key(b);
}

const done = (c: TenantConversion, step: ConversionStep) =>
  CONVERSION_STEPS.indexOf(c.step) >= CONVERSION_STEPS.indexOf(step);

async function runConversion(
  loaded: Tenant,
  start: TenantConversion,
  deps: ConversionDeps,
  resumed: boolean,
): Promise<TenantConversion> {
  let conversion = start;
  let tenant = loaded;
  const clock = () => deps.clock.now().getTime();
  let mark = clock();
  const record = async (step: ConversionStep, patch: Partial<TenantConversion> = {}) => {
    const finished = clock();
    conversion = await deps.controlPlane.saveTenantConversion({
      ...conversion,
      ...patch,
      step,
      timings: [
        ...conversion.timings,
        { step, at: new Date(finished).toISOString(), ms: Math.max(0, finished - mark) },
      ],
      version: conversion.version + 1,
    });
    mark = clock();
  };
  if (resumed) {
    conversion = await deps.controlPlane.saveTenantConversion({
      ...conversion,
      attempts: conversion.attempts + 1,
      version: conversion.version + 1,
    });
  }
  // Nothing may be written to the tenant from here on: the request gate refuses a CONVERTING tenant.
  if (tenant.status === 'ACTIVE') tenant = await deps.controlPlane.setTenantStatus(tenant, 'CONVERTING');
  else if (tenant.status !== 'CONVERTING') {
    throw new ConflictError(`tenant is ${tenant.status.toLowerCase()}, not active`, 'INVALID_STATE');
  }
  const pooled: Tenant = {
    ...tenant,
    tier: 'SELF_SERVICE',
    tableName: conversion.fromTable,
    consultancyId: null,
  };
  const managed: Tenant = {
    ...tenant,
    tier: 'MANAGED',
    tableName: conversion.toTable,
    consultancyId: conversion.consultancyId,
  };

  if (!done(conversion, 'PROVISIONED')) {
    await deps.provisioner.provision(managed);
    await record('PROVISIONED');
  }
  if (!done(conversion, 'COPIED')) {
    await record('COPIED', { copiedItems: await deps.mover.copy(pooled, managed) });
  }
  if (!done(conversion, 'VERIFIED')) {
    let compared = await deps.mover.compare(pooled, managed);
    if (!sameItems(compared.source, compared.target)) {
      // A write that was in flight when the tenant became CONVERTING may land after the copy: copy again.
      await deps.mover.copy(pooled, managed);
      compared = await deps.mover.compare(pooled, managed);
    }
    if (!sameItems(compared.source, compared.target)) {
      throw new ConflictError(
        'the copy does not match the pooled data; the tenant stays converting: call convertToManagedTenant again',
        'INVALID_STATE',
      );
    }
    const { counts, itemCount, checksum } = compared.source;
    await record('VERIFIED', { counts, itemCount, checksum });
  }
  if (!done(conversion, 'SWITCHED')) {
    if (tenant.tableName !== conversion.toTable) {
      tenant = await deps.controlPlane.switchTenantStore(tenant, {
        tier: 'MANAGED',
        tableName: conversion.toTable,
        consultancyId: conversion.consultancyId,
      });
    }
    await record('SWITCHED');
  }
  if (!done(conversion, 'BASELINED')) {
    await deps.writeBaseline(managed, {
      snapshotId: conversion.baselineSnapshotId,
      now: deps.clock.now().toISOString(),
    });
    await record('BASELINED');
  }
  if (!done(conversion, 'PURGED')) {
    // Counts this attempt's deletions; a purge resumed after a crash counts only what was left.
    await record('PURGED', { purgedItems: await deps.mover.purge(pooled, managed) });
  }
  if (tenant.status !== 'ACTIVE') tenant = await deps.controlPlane.setTenantStatus(tenant, 'ACTIVE');
  await record('COMPLETED', { completedAt: deps.clock.now().toISOString() });
  return conversion;
}
