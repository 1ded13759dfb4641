// The physical item layout both stores share: every key starts with the
// tenant (`T#<tenantId>#`), so one layout serves a tenant's own table and the
// pooled table, and IAM can pin a session to its leading keys.
import type { AnyAggregate, ChangeKey, KeyParts } from './store';
import { INDEXES, padded } from './store';

export type StoredItem = Record<string, unknown> & { PK: string; SK: string };

export const tenantPrefix = (tenantId: string) => `T#${tenantId}#`;
/** `null` is the control plane: its keys carry no tenant prefix. */
export const joinKey = (tenantId: string | null, parts: KeyParts) =>
  `${tenantId === null ? '' : tenantPrefix(tenantId)}${parts.join('#')}`;

export function primaryKey(decl: AnyAggregate, tenantId: string | null, key: unknown) {
  const k = decl.key(key);
  return { PK: joinKey(tenantId, k.partition), SK: k.sort };
}

/** The item as stored: keys, index keys of every pattern it belongs to, type and schema version. */
export function toStoredItem(decl: AnyAggregate, tenantId: string | null, entity: unknown): StoredItem {
  const item: StoredItem = {
    ...primaryKey(decl, tenantId, decl.keyOf(entity)),
    ...(entity as Record<string, unknown>),
    ...(tenantId === null ? {} : { tenantId }),
    entity: decl.name,
    schemaVersion: decl.schemaVersion,
  };
  for (const [name, pattern] of Object.entries(decl.patterns)) {
    const params = pattern.params(entity);
    if (params === null || pattern.index === 'TABLE') continue;
    // Patterns may share an index only when no item belongs to both.
    if (item[`${pattern.index}PK`] !== undefined) {
      throw new Error(`${decl.name}: pattern ${name} collides on ${pattern.index}`);
    }
    item[`${pattern.index}PK`] = joinKey(tenantId, pattern.partition(params));
    item[`${pattern.index}SK`] = pattern.sort(entity);
  }
  return item;
}

/** The attributes that make a page position: primary key plus the queried index's key. */
export function positionOf(item: Record<string, unknown>, index: string | null): Record<string, string> {
  const position: Record<string, string> = { PK: String(item.PK), SK: String(item.SK) };
  if (index && index !== 'TABLE') {
    position[`${index}PK`] = String(item[`${index}PK`]);
    position[`${index}SK`] = String(item[`${index}SK`]);
  }
  return position;
}

export const STORAGE_ATTRIBUTES = [
  'PK',
  'SK',
  'entity',
  'schemaVersion',
  'ttl',
  ...INDEXES.flatMap((i) => [`${i}PK`, `${i}SK`]),
];

/** Change records: one partition per entity, keyed by version; a tenant-wide feed by time on GSI1. */
export function changeKey(tenantId: string, k: ChangeKey) {
  return { PK: joinKey(tenantId, ['CHG', k.entityType, k.entityId]), SK: `V#${padded(k.version)}` };
}

/** The GSI1 partition of the tenant-wide audit feed. */
export const changeFeedPartition = (tenantId: string) => joinKey(tenantId, ['CHG']);

/** The tenant-wide audit feed by time (GSI1) and one feed per entity type (GSI2). */
export function changeFeedKey(tenantId: string, at: string, id: string, entityType: string) {
  return {
    GSI1PK: changeFeedPartition(tenantId),
    GSI1SK: `${at}#${id}`,
    GSI2PK: joinKey(tenantId, ['CHG', entityType]),
    GSI2SK: `${at}#${id}`,
  };
}
