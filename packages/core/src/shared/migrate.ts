// Data migrations: does a stored item still match its declaration, and if not,
// what it should look like now. Items written before a release lack index keys
// added since (a sparse pattern, a new GSI) or carry an older schemaVersion; the
// declaration's schema parses them with their defaults and `toStoredItem` gives
// the item the current release would write. Pure: the DynamoDB walk and the
// conditional rewrite live in services/data (tenant-item-migrator).
import type { AnyAggregate } from './store';
import { INDEXES } from './store';
import { type StoredItem, toStoredItem } from './store-keys';

const INDEX_ATTRIBUTES = INDEXES.flatMap((i) => [`${i}PK`, `${i}SK`]);

/**
 * The attributes a rewrite requires to be as they were read (absent: `undefined`),
 * so it never clobbers a write made since: the version, the schema version, every
 * index key and every number (increments ADD to numbers without a version).
 */
export type ReadGuard = Record<string, string | number | undefined>;

export type MigrationPlan =
  /** Matches its declaration: left untouched. */
  | { kind: 'current'; entity: string }
  /** No declaration of this entity (change records, retired aggregates): left alone, counted. */
  | { kind: 'unknown'; entity: string }
  /** Written by a newer release (schemaVersion above the declaration's): never downgraded. */
  | { kind: 'newer'; entity: string }
  /** Does not parse, or its primary key is no longer the declared one (a move needs its own migration). */
  | { kind: 'unmigratable'; entity: string; reason: string }
  | { kind: 'stale'; entity: string; reasons: string[]; item: StoredItem; guard: ReadGuard };

/** Declarations by entity name, as the walk looks them up for every item. */
export function declarationsByEntity(decls: readonly AnyAggregate[]): ReadonlyMap<string, AnyAggregate> {
  const byName = new Map<string, AnyAggregate>();
  for (const decl of decls) {
    if (byName.has(decl.name)) throw new Error(`two declarations of ${decl.name}`);
    byName.set(decl.name, decl);
  }
  return byName;
}

export function planMigration(
  stored: Record<string, unknown>,
  decls: ReadonlyMap<string, AnyAggregate>,
  tenantId: string,
): MigrationPlan {
  const entity = typeof stored.entity === 'string' ? stored.entity : 'unknown';
  const decl = decls.get(entity);
  if (!decl) return { kind: 'unknown', entity };
  const version = typeof stored.schemaVersion === 'number' ? stored.schemaVersion : 0;
  if (version > decl.schemaVersion) return { kind: 'newer', entity };
  if (stored.tenantId !== tenantId) return { kind: 'unmigratable', entity, reason: 'another tenant' };

  const parsed = decl.schema.safeParse(stored);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: 'unmigratable',
      entity,
      reason: `does not parse: ${issue?.path.join('.')} ${issue?.message}`,
    };
  }
  let expected: StoredItem;
  try {
    expected = withoutUndefined(toStoredItem(decl, tenantId, parsed.data));
  } catch (error) {
    return { kind: 'unmigratable', entity, reason: error instanceof Error ? error.message : String(error) };
  }
  if (expected.PK !== stored.PK || expected.SK !== stored.SK) {
    return { kind: 'unmigratable', entity, reason: `primary key is now ${expected.PK} ${expected.SK}` };
  }

  const reasons: string[] = [];
  if (version < decl.schemaVersion) reasons.push(`schemaVersion ${version} < ${decl.schemaVersion}`);
  for (const attribute of INDEX_ATTRIBUTES) {
    const was = stored[attribute];
    const now = expected[attribute];
    if (was === now) continue;
    reasons.push(
      was === undefined
        ? `${attribute} missing`
        : now === undefined
          ? `${attribute} extra`
          : `${attribute} changed`,
    );
  }
  if (reasons.length === 0) return { kind: 'current', entity };

  // Attributes the declaration does not know (TTL, fields of a newer reader) are
  // kept; index keys are the declaration's alone, so stale ones are dropped.
  const kept = Object.fromEntries(
    Object.entries(stored).filter(([k, v]) => v !== undefined && !INDEX_ATTRIBUTES.includes(k)),
  );
  return { kind: 'stale', entity, reasons, item: { ...kept, ...expected }, guard: readGuard(stored) };
}

function readGuard(stored: Record<string, unknown>): ReadGuard {
  const guard: ReadGuard = {};
  for (const attribute of ['version', 'schemaVersion', ...INDEX_ATTRIBUTES]) {
    const value = stored[attribute];
    guard[attribute] = typeof value === 'string' || typeof value === 'number' ? value : undefined;
  }
  for (const [attribute, value] of Object.entries(stored)) {
    if (typeof value === 'number') guard[attribute] = value;
  }
  return guard;
}

function withoutUndefined(item: StoredItem): StoredItem {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)) as StoredItem;
}

/** What a tenant's migration run did, per entity where it matters; stored on the job run. */
export interface MigrationReport {
  read: number;
  current: number;
  rewritten: Record<string, number>;
  /** Changed between read and rewrite: the newer write stands, the next run looks again. */
  conflicts: number;
  unknown: Record<string, number>;
  newer: Record<string, number>;
  unmigratable: Record<string, number>;
}

export const emptyMigrationReport = (): MigrationReport => ({
  read: 0,
  current: 0,
  rewritten: {},
  conflicts: 0,
  unknown: {},
  newer: {},
  unmigratable: {},
});

export const countIn = (counts: Record<string, number>, entity: string) => {
  counts[entity] = (counts[entity] ?? 0) + 1;
};
