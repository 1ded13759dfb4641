// The TenantStore in memory, for core tests: the same declarations, the same
// physical keys and index order as DynamoDB, and the same all-or-nothing
// commits, so rules are tested against the semantics the service runs on.
import { type ChangeRecord, changeRecordSchema } from '../audit/change-record';
import type { PageKey, PageRequest } from './ports';
import type { AnyAggregate, ChangeKey, KeyParts, QueryOptions, TenantStore, Write } from './store';
import { assertTransactionSize, conflictFor, MAX_ITEM_BYTES, tooLarge } from './store-errors';
import {
  changeFeedKey,
  changeFeedPartition,
  changeKey,
  joinKey,
  positionOf,
  primaryKey,
  type StoredItem,
  toStoredItem,
} from './store-keys';

type Items = Map<string, StoredItem>;
const id = (k: { PK: string; SK: string }) => `${k.PK}\u0000${k.SK}`;

/** One in-memory "table"; several tenants' stores may share it, as in the pooled table. */
export class InMemoryTable {
  readonly items: Items = new Map();
  /** Item ids by partition key, so reading a collection does not walk the whole table. */
  readonly partitions = new Map<string, Set<string>>();
  /** Number of operations served, by kind: the in-memory analogue of DynamoDB requests. */
  readonly calls = { get: 0, query: 0, commit: 0 };
}

export class InMemoryTenantStore implements TenantStore {
  constructor(
    readonly tenantId: string,
    readonly table: InMemoryTable = new InMemoryTable(),
  ) {}

  async get(decl: AnyAggregate, key: unknown) {
    this.table.calls.get++;
    return this.read(decl, this.table.items.get(id(primaryKey(decl, this.tenantId, key))));
  }

  async getMany(decl: AnyAggregate, keys: readonly unknown[]) {
    this.table.calls.get++;
    return keys.map((k) => this.read(decl, this.table.items.get(id(primaryKey(decl, this.tenantId, k)))));
  }

  async query(
    decl: AnyAggregate,
    pattern: string,
    params: unknown,
    page: PageRequest,
    options: QueryOptions = {},
  ) {
    this.table.calls.query++;
    const p = decl.patterns[pattern];
    if (!p) throw new Error(`${decl.name} has no access pattern ${pattern}`);
    const pk = joinKey(this.tenantId, p.partition(params));
    const [pkAttr, skAttr] = p.index === 'TABLE' ? ['PK', 'SK'] : [`${p.index}PK`, `${p.index}SK`];
    const candidates = [...this.table.items.values()]
      .filter(
        (i) =>
          i[pkAttr] === pk &&
          i.entity === decl.name &&
          String(i[skAttr]).startsWith(options.sortPrefix ?? ''),
      )
      .sort((a, b) => compare(a, b, skAttr));
    if (options.descending) candidates.reverse();
    let start = 0;
    if (page.startKey) {
      const after = candidates.findIndex((i) =>
        samePosition(positionOf(i, p.index), page.startKey as PageKey),
      );
      start = after + 1;
    }
    const matching = candidates
      .slice(start)
      .filter((i) => Object.entries(options.where ?? {}).every(([k, v]) => i[k] === v));
    const kept = matching.slice(0, page.limit);
    return {
      entries: kept.map((item) => ({ item: this.read(decl, item) as never, key: positionOf(item, p.index) })),
      hasMore: matching.length > page.limit,
    };
  }

  async collection(
    decl: AnyAggregate,
    partition: KeyParts,
    options: Pick<QueryOptions, 'sortPrefix' | 'descending'> & { limit?: number } = {},
  ) {
    this.table.calls.query++;
    const pk = joinKey(this.tenantId, partition);
    const ids = this.table.partitions.get(pk) ?? new Set<string>();
    const items = [...ids]
      .flatMap((k) => this.table.items.get(k) ?? [])
      .filter((i) => i.SK.startsWith(options.sortPrefix ?? '') && i.entity === decl.name)
      .sort((a, b) => (a.SK < b.SK ? -1 : a.SK > b.SK ? 1 : 0));
    if (options.descending) items.reverse();
    return items.slice(0, options.limit ?? items.length).map((i) => this.read(decl, i));
  }

  async partition(parts: KeyParts, decls: readonly AnyAggregate[]) {
    const out = new Map<string, unknown[]>(decls.map((d) => [d.name, []]));
    for (const decl of decls) out.set(decl.name, await this.collection(decl, parts));
    return out;
  }

  async lastChangeAt(entityType: string) {
    this.table.calls.query++;
    const feed = joinKey(this.tenantId, ['CHG', entityType]);
    let latest: string | null = null;
    for (const i of this.table.items.values()) {
      if (i.GSI2PK === feed && (!latest || String(i.GSI2SK) > latest)) latest = String(i.GSI2SK);
    }
    return latest ? (latest.split('#')[0] ?? null) : null;
  }

  async commit(writes: readonly Write[]) {
    this.table.calls.commit++;
    assertTransactionSize(writes);
    const staged: [string, StoredItem | null][] = [];
    for (const write of writes) {
      switch (write.kind) {
        case 'put': {
          const item = toStoredItem(write.decl, this.tenantId, write.entity);
          const current = this.table.items.get(id(item)) ?? null;
          const ok =
            write.expect === 'any' ||
            (write.expect === 'absent' ? !current : current?.version === write.expect.version);
          if (!ok) throw conflictFor(write, current);
          if (JSON.stringify(item).length > MAX_ITEM_BYTES) throw tooLarge(write.decl.name);
          staged.push([id(item), item]);
          break;
        }
        case 'delete':
          staged.push([id(primaryKey(write.decl, this.tenantId, write.key)), null]);
          break;
        case 'check': {
          const current = this.table.items.get(id(primaryKey(write.decl, this.tenantId, write.key))) ?? null;
          const ok =
            write.version === 0 ? !current || current.version === 0 : current?.version === write.version;
          if (!ok) throw conflictFor(write, current);
          break;
        }
        case 'increment': {
          const key = primaryKey(write.decl, this.tenantId, write.key);
          const base = staged.find(([k]) => k === id(key))?.[1] ?? this.table.items.get(id(key));
          if (write.expect !== undefined && Number(base?.version ?? 0) !== write.expect) {
            throw conflictFor(
              { kind: 'check', decl: write.decl, key: write.key, version: write.expect },
              base ?? null,
            );
          }
          const next: StoredItem = {
            ...(base ?? {
              ...key,
              tenantId: this.tenantId,
              entity: write.decl.name,
              schemaVersion: write.decl.schemaVersion,
            }),
          };
          for (const [k, d] of Object.entries(write.deltas)) next[k] = Number(next[k] ?? 0) + d;
          Object.assign(next, write.set ?? {});
          staged.push([id(key), next]);
          break;
        }
        case 'change': {
          const key = changeKey(this.tenantId, write.record);
          if (this.table.items.has(id(key))) throw conflictFor(write, null);
          staged.push([
            id(key),
            {
              ...key,
              ...changeFeedKey(this.tenantId, write.record.at, write.record.id, write.record.entityType),
              entity: 'ChangeRecord',
              ...write.record,
            },
          ]);
          break;
        }
      }
    }
    for (const [k, item] of staged) {
      const pk = k.split('\u0000')[0] as string;
      if (item) {
        this.table.items.set(k, item);
        this.table.partitions.set(pk, (this.table.partitions.get(pk) ?? new Set()).add(k));
      } else {
        this.table.items.delete(k);
        this.table.partitions.get(pk)?.delete(k);
      }
    }
  }

  async history(entityType: string, entityId: string, page: PageRequest) {
    this.table.calls.query++;
    const pk = changeKey(this.tenantId, { entityType, entityId, version: 0 }).PK;
    const all = [...this.table.items.values()]
      .filter((i) => i.PK === pk)
      .sort((a, b) => (a.SK < b.SK ? 1 : -1));
    const start = page.startKey ? all.findIndex((i) => i.SK === page.startKey?.SK) + 1 : 0;
    const kept = all.slice(start, start + page.limit);
    return {
      entries: kept.map((i) => ({
        item: changeRecordSchema.parse(i) as ChangeRecord,
        key: positionOf(i, null),
      })),
      hasMore: all.length > start + page.limit,
    };
  }

  async feed(page: PageRequest) {
    this.table.calls.query++;
    const pk = changeFeedPartition(this.tenantId);
    const all = [...this.table.items.values()]
      .filter((i) => i.GSI1PK === pk && i.entity === 'ChangeRecord')
      .sort((a, b) => compare(b, a, 'GSI1SK'));
    const start = page.startKey
      ? all.findIndex((i) => samePosition(positionOf(i, 'GSI1'), page.startKey as PageKey)) + 1
      : 0;
    const kept = all.slice(start, start + page.limit);
    return {
      entries: kept.map((i) => ({
        item: changeRecordSchema.parse(i) as ChangeRecord,
        key: positionOf(i, 'GSI1'),
      })),
      hasMore: all.length > start + page.limit,
    };
  }

  async changes(keys: readonly ChangeKey[]) {
    this.table.calls.get++;
    return keys.map((k) => {
      const item = this.table.items.get(id(changeKey(this.tenantId, k)));
      return item ? (changeRecordSchema.parse(item) as ChangeRecord) : null;
    });
  }

  private read(decl: AnyAggregate, item: StoredItem | undefined) {
    if (!item || item.entity !== decl.name) return null;
    if (item.tenantId !== this.tenantId) return null;
    return decl.schema.parse(item);
  }
}

function compare(a: StoredItem, b: StoredItem, sortAttribute: string): number {
  const ka = `${a[sortAttribute]}\u0000${a.PK}\u0000${a.SK}`;
  const kb = `${b[sortAttribute]}\u0000${b.PK}\u0000${b.SK}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function samePosition(a: Record<string, string>, b: PageKey) {
  return Object.entries(a).every(([k, v]) => b[k] === v);
}
