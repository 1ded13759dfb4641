// biome-ignore-all lint/suspicious/noExplicitAny: declarations are generic over every aggregate; each store call is typed at its declaration.
// The one storage port of tenant data. Each aggregate is declared once — its
// zod schema, key template, indexes and named access patterns — and a store
// (DynamoDB in services/data, in memory for core tests) derives everything else
// from the declaration: item keys, the tenant check and schema parse on every
// read, and the change record written in the same transaction as the change.
import type * as z from 'zod';
import type { ChangeRecord } from '../audit/change-record';
import { assertWithinBudget } from './item-budget';
import type { Page, PageRequest } from './ports';

/** Key parts after the tenant prefix; a store joins them with `#`. */
export type KeyParts = readonly (string | number)[];

export const INDEXES = ['GSI1', 'GSI2', 'GSI3', 'GSI4', 'GSI5', 'GSI6'] as const;
export type IndexName = (typeof INDEXES)[number];

/** A named access pattern served by one index ('TABLE': the primary key's own partition). */
export interface PatternDecl<E, P> {
  index: IndexName | 'TABLE';
  /** The partition a query names, from the pattern's parameters. */
  partition: (params: P) => KeyParts;
  /** The parameters an item has for this pattern; null keeps it out of the index (sparse). */
  params: (entity: E) => P | null;
  /** Sort key within the partition, ascending. */
  sort: (entity: E) => string;
  /** What the pattern answers, for the access-pattern table. */
  describes: string;
}

export interface AggregateDecl<
  E,
  K,
  Patterns extends Record<string, PatternDecl<E, any>> = Record<never, never>,
> {
  /** The entity type; also the change records' entityType. */
  name: string;
  schema: z.ZodType<E>;
  /** Bumped when the stored shape changes incompatibly; written on every item. */
  schemaVersion: number;
  key: (k: K) => { partition: KeyParts; sort: string };
  keyOf: (entity: E) => K;
  /** What the primary key answers, for the access-pattern table. */
  describes: string;
  patterns: Patterns;
  /** The id change records name, when not the key's single value. */
  entityId?: (entity: E) => string;
}

export type AnyAggregate = AggregateDecl<any, any, Record<string, PatternDecl<any, any>>>;
export type EntityOf<D> = D extends AggregateDecl<infer E, any, any> ? E : never;
export type KeyOf<D> = D extends AggregateDecl<any, infer K, any> ? K : never;
export type PatternsOf<D> = D extends AggregateDecl<any, any, infer P> ? P : never;
export type ParamsOf<D, N extends keyof PatternsOf<D>> =
  PatternsOf<D>[N] extends PatternDecl<any, infer P> ? P : never;

export function defineAggregate<E, K, P extends Record<string, PatternDecl<E, any>> = Record<never, never>>(
  decl: AggregateDecl<E, K, P>,
): AggregateDecl<E, K, P> {
  return decl;
}

/** Sort key that orders numbers ascending as strings. */
export const padded = (n: number, width = 10) => String(n).padStart(width, '0');

/** What a put requires of the stored item. */
export type Expectation = 'absent' | { version: number } | 'any';

export type Write =
  | { kind: 'put'; decl: AnyAggregate; entity: unknown; expect: Expectation; label?: string }
  | { kind: 'delete'; decl: AnyAggregate; key: unknown }
  /** Adds the deltas to numeric attributes (created at 0) and sets `set`, creating the item if needed. */
  | {
      kind: 'increment';
      decl: AnyAggregate;
      key: unknown;
      deltas: Record<string, number>;
      set?: Record<string, string | number>;
      /** Only if the item's `version` is this (0: absent or 0). */
      expect?: number;
    }
  /** The item must be at this version (or absent, for 0), without being written. */
  | { kind: 'check'; decl: AnyAggregate; key: unknown; version: number; label?: string }
  | { kind: 'change'; record: ChangeRecord };

export const put = <D extends AnyAggregate>(
  decl: D,
  entity: EntityOf<D>,
  expect: Expectation,
  label?: string,
): Write => {
  assertWithinBudget(decl.name, entity);
  return { kind: 'put', decl, entity, expect, ...(label ? { label } : {}) };
};
export const remove = <D extends AnyAggregate>(decl: D, key: KeyOf<D>): Write => ({
  kind: 'delete',
  decl,
  key,
});
export const increment = <D extends AnyAggregate>(
  decl: D,
  key: KeyOf<D>,
  deltas: Record<string, number>,
  set?: Record<string, string | number>,
  expect?: number,
): Write => ({
  kind: 'increment',
  decl,
  key,
  deltas,
  ...(set ? { set } : {}),
  ...(expect === undefined ? {} : { expect }),
});
export const check = <D extends AnyAggregate>(
  decl: D,
  key: KeyOf<D>,
  version: number,
  label?: string,
): Write => ({
  kind: 'check',
  decl,
  key,
  version,
  ...(label ? { label } : {}),
});
export const recordChange = (record: ChangeRecord): Write => ({ kind: 'change', record });

export interface QueryOptions {
  /** Newest (highest sort key) first. */
  descending?: boolean;
  /** Only sort keys starting with this. */
  sortPrefix?: string;
  /** Equality on top-level attributes, applied after the key; reads stay bounded (see maxReads). */
  where?: Record<string, string | number | boolean>;
  /** Reads per page when `where` thins results out; a short page then keeps hasMore. Default 3. */
  maxReads?: number;
}

export interface ChangeKey {
  entityType: string;
  entityId: string;
  version: number;
}

/** One tenant's data. Every method is bound to that tenant; keys never name another. */
export interface TenantStore {
  readonly tenantId: string;
  get<D extends AnyAggregate>(decl: D, key: KeyOf<D>): Promise<EntityOf<D> | null>;
  /** Results in the order of `keys`, null where absent. */
  getMany<D extends AnyAggregate>(decl: D, keys: readonly KeyOf<D>[]): Promise<(EntityOf<D> | null)[]>;
  query<D extends AnyAggregate, N extends keyof PatternsOf<D> & string>(
    decl: D,
    pattern: N,
    params: ParamsOf<D, N>,
    page: PageRequest,
    options?: QueryOptions,
  ): Promise<Page<EntityOf<D>>>;
  /** Every item of a small partition of the primary key (e.g. the SoA's entries). */
  collection<D extends AnyAggregate>(
    decl: D,
    partition: KeyParts,
    options?: Pick<QueryOptions, 'sortPrefix' | 'descending'> & { limit?: number },
  ): Promise<EntityOf<D>[]>;
  /** Every item of one primary-key partition, grouped by the declarations given (one read for an aggregate's parts). */
  partition(parts: KeyParts, decls: readonly AnyAggregate[]): Promise<Map<string, unknown[]>>;
  /** When an entity type last changed, from its change feed (newest change record's time). */
  lastChangeAt(entityType: string): Promise<string | null>;
  /** Writes everything or nothing; failed expectations become CONFLICT. */
  commit(writes: readonly Write[]): Promise<void>;
  /** An entity's change records, newest first. */
  history(entityType: string, entityId: string, page: PageRequest): Promise<Page<ChangeRecord>>;
  /** The tenant's change records of every entity, newest first (the audit feed, GSI1). */
  feed(page: PageRequest): Promise<Page<ChangeRecord>>;
  /** Change records by key (BatchGet): how lists show each row's newest records in one read. */
  changes(keys: readonly ChangeKey[]): Promise<(ChangeRecord | null)[]>;
}
