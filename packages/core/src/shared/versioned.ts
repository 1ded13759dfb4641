// biome-ignore-all lint/suspicious/noExplicitAny: the protocol is generic over every aggregate declaration.
// The versioned write protocol, once: load under an expected version, derive
// the next state, and commit it with its change record (and whatever derived
// items the aggregate keeps) in one all-or-nothing write.
import { type ChangeAction, changeRecord } from '../audit/change-record';
import type { TenantScope } from '../tenancy/tenant-scope';
import { NotFoundError } from './errors';
import { byteSize } from './item-budget';
import type { Clock, IdGenerator } from './ports';
import {
  type AggregateDecl,
  type EntityOf,
  type KeyOf,
  put,
  recordChange,
  type TenantStore,
  type Write,
} from './store';
import { versionMismatch } from './store-errors';

export interface StoreDeps {
  store: TenantStore;
  clock: Clock;
  ids: IdGenerator;
}

export interface Versioned {
  version: number;
}

type VersionedDecl = AggregateDecl<any, any, any>;

/** The id a change record names: the key's single value (an id, a control ref, a version). */
export function entityIdOf(decl: VersionedDecl, entity: unknown): string {
  if (decl.entityId) return decl.entityId(entity);
  const key = decl.keyOf(entity) as Record<string, unknown>;
  const values = Object.values(key);
  return values.length === 1 ? String(values[0]) : JSON.stringify(key);
}

/** Past this, a change record keeps only the top-level fields that changed, before and after. */
const FULL_SNAPSHOT_MAX_BYTES = 200 * 1024;

function changedFieldsOnly(before: unknown, after: unknown): { before: unknown; after: unknown } {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  return {
    before: before ? Object.fromEntries(keys.map((k) => [k, b[k] ?? null])) : null,
    after: Object.fromEntries(keys.map((k) => [k, a[k] ?? null])),
  };
}

const snapshot = (entity: unknown) => {
  if (!entity || typeof entity !== 'object') return entity ?? null;
  const { tenantId: _t, ...rest } = entity as Record<string, unknown>;
  return rest;
};

export function changeOf(
  decl: VersionedDecl,
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  before: Versioned | null,
  after: Versioned,
  at: string,
  ids: IdGenerator,
  action: ChangeAction = before ? 'UPDATED' : 'CREATED',
) {
  const full = { before: before ? snapshot(before) : null, after: snapshot(after) };
  const kept = byteSize(full) > FULL_SNAPSHOT_MAX_BYTES ? changedFieldsOnly(full.before, full.after) : full;
  return changeRecord(
    {
      tenantId: scope.tenantId,
      entityType: decl.name,
      entityId: entityIdOf(decl, after),
      action,
      actorId: scope.actorId,
      at,
      version: after.version,
      ...kept,
    },
    ids,
  );
}

/** The entity at `expectedVersion`, or NOT_FOUND / CONFLICT (VERSION_MISMATCH) in the one wording. */
export async function loadVersioned<D extends VersionedDecl>(
  store: TenantStore,
  decl: D,
  key: KeyOf<D>,
  expectedVersion: number,
): Promise<EntityOf<D>> {
  const current = (await store.get(decl, key)) as (EntityOf<D> & Versioned) | null;
  const id = entityIdOf(decl, current ?? key);
  if (!current)
    throw new NotFoundError(
      decl.name,
      Object.values(key as object)
        .map(String)
        .join('/') || id,
    );
  if (current.version !== expectedVersion)
    throw versionMismatch(decl.name, id, expectedVersion, current.version);
  return current;
}

/** Writes a new entity (version 1) with its change record and any derived writes, in one commit. */
export async function createVersioned<D extends VersionedDecl>(
  deps: StoreDeps,
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  decl: D,
  entity: EntityOf<D> & Versioned,
  extra: readonly Write[] = [],
): Promise<EntityOf<D>> {
  const now = deps.clock.now().toISOString();
  await deps.store.commit([
    put(decl, entity, 'absent'),
    recordChange(changeOf(decl, scope, null, entity, now, deps.ids)),
    ...extra,
  ]);
  return entity;
}

/**
 * Saves `next` as the version after `current`: version + 1, updatedAt, the
 * change record and any derived writes, conditioned on `current.version`.
 */
export async function saveVersioned<D extends VersionedDecl>(
  deps: StoreDeps,
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  decl: D,
  current: EntityOf<D> & Versioned,
  next: EntityOf<D> & Versioned,
  options: { extra?: (saved: EntityOf<D>) => readonly Write[]; action?: ChangeAction } = {},
): Promise<EntityOf<D>> {
  const now = deps.clock.now().toISOString();
  const saved = { ...next, version: current.version + 1, updatedAt: now } as EntityOf<D> & Versioned;
  await deps.store.commit([
    put(decl, saved, { version: current.version }),
    recordChange(changeOf(decl, scope, current, saved, now, deps.ids, options.action)),
    ...(options.extra?.(saved) ?? []),
  ]);
  return saved;
}

/** Load at the expected version, derive the next state, save: the whole protocol in one call. */
export async function updateVersioned<D extends VersionedDecl>(
  deps: StoreDeps,
  scope: Pick<TenantScope, 'tenantId' | 'actorId'>,
  decl: D,
  key: KeyOf<D>,
  expectedVersion: number,
  mutate: (current: EntityOf<D>) => EntityOf<D> | Promise<EntityOf<D>>,
  options: {
    extra?: (saved: EntityOf<D>, current: EntityOf<D>) => readonly Write[];
    action?: ChangeAction;
  } = {},
): Promise<EntityOf<D>> {
  const current = (await loadVersioned(deps.store, decl, key, expectedVersion)) as EntityOf<D> & Versioned;
  const next = (await mutate(current)) as EntityOf<D> & Versioned;
  return saveVersioned(deps, scope, decl, current, next, {
    ...(options.extra ? { extra: (saved) => options.extra?.(saved, current) ?? [] } : {}),
    ...(options.action ? { action: options.action } : {}),
  });
}
