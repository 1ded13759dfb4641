// Shared DynamoDB plumbing: the document client, paged queries that know whether
// there really is a next page, batched gets, and transaction error mapping.

import type { ConflictError, Page, PageKey, PageRequest } from '@aims/core';
import {
  DynamoDBClient,
  type DynamoDBClientConfig,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type Item = Record<string, unknown>;

export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'] as const;

/** The item without its storage keys. */
export function stripKeys<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const k of KEY_ATTRIBUTES) delete copy[k];
  delete copy.entity;
  delete copy.ttl;
  return copy as T;
}

/**
 * One page of a Query. Asks for one item more than the page so `hasMore` is
 * exact, and keeps reading when a FilterExpression thinned a read out.
 */
export async function queryPage<T>(
  doc: DynamoDBDocumentClient,
  params: QueryCommandInput,
  page: PageRequest,
  keyAttributes: readonly string[],
  map: (item: Item) => T,
): Promise<Page<T>> {
  const wanted = page.limit + 1;
  const collected: Item[] = [];
  let startKey: PageKey | undefined = page.startKey;
  do {
    const out = await doc.send(
      new QueryCommand({
        ...params,
        ExclusiveStartKey: startKey,
        Limit: params.FilterExpression ? Math.max(wanted * 2, 50) : wanted - collected.length,
      }),
    );
    collected.push(...((out.Items ?? []) as Item[]));
    startKey = out.LastEvaluatedKey as PageKey | undefined;
  } while (startKey && collected.length < wanted);
  const kept = collected.slice(0, page.limit);
  return {
    entries: kept.map((item) => ({ item: map(item), key: pickKey(item, keyAttributes) })),
    hasMore: collected.length > page.limit,
  };
}

function pickKey(item: Item, attributes: readonly string[]): PageKey {
  const key: PageKey = {};
  for (const a of attributes) {
    const v = item[a];
    if (typeof v === 'string' || typeof v === 'number') key[a] = v;
  }
  return key;
}

/** BatchGet in chunks of 100, retrying unprocessed keys; results keep the order of `keys`. */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly { PK: string; SK: string }[],
): Promise<(Item | null)[]> {
  const found = new Map<string, Item>();
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, unknown>[] | undefined = keys
      .slice(i, i + 100)
      .map((k) => ({ PK: k.PK, SK: k.SK }));
    for (let attempt = 0; request?.length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: request } } }));
      for (const item of (out.Responses?.[table] ?? []) as Item[]) found.set(`${item.PK}|${item.SK}`, item);
      request = out.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
      if (attempt > 8 && request?.length) throw new Error('BatchGet kept returning unprocessed keys');
    }
  }
  return keys.map((k) => found.get(`${k.PK}|${k.SK}`) ?? null);
}

/**
 * Runs a transaction; a failed condition on the item at `conflictIndex` becomes
 * the given ConflictError, so callers can tell a stale version from anything else.
 */
export async function transactWrite(
  doc: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  conflicts: Record<number, (cause: unknown) => ConflictError>,
): Promise<void> {
  try {
    await doc.send(new TransactWriteCommand(input));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      for (const [index, reason] of reasons.entries()) {
        const toConflict = conflicts[index];
        if (reason.Code === 'ConditionalCheckFailed' && toConflict) {
          throw toConflict(error);
        }
      }
    }
    throw error;
  }
}
