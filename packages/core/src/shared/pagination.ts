// Relay connections over key-ordered pages. Cursors are opaque: the page key is
// encrypted with AES-256-GCM, with the tenant and the exact listing (entity +
// filter) as additional authenticated data, so a cursor reveals no storage key
// or tenant id, and can be neither forged nor replayed against another tenant
// or another query. Each cursor names the key that sealed it, so the secret can
// rotate while cursors made with the previous one are still in flight.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ValidationError } from './errors';
import type { Page, PageKey, PageRequest } from './ports';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

/** A cursor secret and the short id cursors sealed with it carry. */
export interface CursorKey {
  id: string;
  secret: string;
}

export interface CursorKeys {
  /** Seals new cursors. */
  current: CursorKey;
  /** Still open cursors they sealed (the secret before a rotation); never seal. */
  previous?: readonly CursorKey[];
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// Fixed HKDF salt and info: the configured secret is already random, HKDF only
// stretches it to a 256-bit key and separates the two things derived from it.
const HKDF_SALT = 'aims-cloud/cursor';
const derive = (secret: string, info: string, bytes: number): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, info, bytes));

/**
 * A key id derived from the secret itself, so every instance that holds the
 * same secret agrees on the id without anyone assigning one. It is a separate
 * HKDF output: it says nothing about the encryption key.
 */
export function cursorKey(secret: string): CursorKey {
  return { id: derive(secret, 'key-id', 6).toString('base64url'), secret };
}

export class CursorCodec {
  private readonly currentId: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(keys: CursorKeys) {
    for (const { id, secret } of [keys.current, ...(keys.previous ?? [])]) {
      if (secret.length < 32) throw new Error('cursor secret must be at least 32 characters');
      if (!KEY_ID.test(id)) throw new Error('cursor key id must be 1-16 base64url characters');
      if (this.keys.has(id)) throw new Error(`cursor key id ${id} is used twice`);
      this.keys.set(id, derive(secret, 'aes-256-gcm', 32));
    }
    this.currentId = keys.current.id;
  }

  encode(tenantId: string, scope: string, key: PageKey): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(this.currentId), iv);
    cipher.setAAD(aad(this.currentId, tenantId, scope));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(key), 'utf8'), cipher.final()]);
    return `${this.currentId}.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** Returns the key, or throws BAD_USER_INPUT on any tampering or mismatch. */
  decode(cursor: string, tenantId: string, scope: string): PageKey {
    const invalid = (cause?: unknown) =>
      new ValidationError([{ path: ['after'], message: 'invalid cursor' }], cause ? { cause } : undefined);
    const [id, body, extra] = cursor.split('.');
    const secret = id === undefined ? undefined : this.keys.get(id);
    if (!secret || !body || extra !== undefined || !BASE64URL.test(body)) throw invalid();
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) throw invalid();
    let payload: unknown;
    try {
      const decipher = createDecipheriv('aes-256-gcm', secret, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(aad(id as string, tenantId, scope));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
      payload = JSON.parse(plain.toString('utf8'));
    } catch (cause) {
      throw invalid(cause);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw invalid();
    return payload as PageKey;
  }

  private keyFor(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`no cursor key ${id}`);
    return key;
  }
}

// Unambiguous whatever the strings hold: JSON quotes every separator.
const aad = (keyId: string, tenantId: string, scope: string): Buffer =>
  Buffer.from(JSON.stringify([keyId, tenantId, scope]), 'utf8');

/** Validates `first`/`after` and turns them into a page request for one tenant and listing. */
export function pageRequest(
  args: ConnectionArgs,
  codec: CursorCodec,
  tenantId: string,
  scope: string,
): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationError([
      { path: ['first'], message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` },
    ]);
  }
  return args.after
    ? { limit: first, startKey: codec.decode(args.after, tenantId, scope) }
    : { limit: first };
}

/**
 * Reads one page for a listing and returns it as a connection, using the same
 * owner (tenant, user, consultancy) and listing name to decode `after` and to
 * seal the new cursors, so the two can never drift apart.
 */
export async function pagedConnection<T>(
  owner: string,
  listing: string,
  args: ConnectionArgs,
  codec: CursorCodec,
  fetch: (request: PageRequest) => Promise<Page<T>>,
): Promise<Connection<T>> {
  const page = await fetch(pageRequest(args, codec, owner, listing));
  return toConnection(page, codec, owner, listing, !!args.after);
}

export function toConnection<T>(
  page: Page<T>,
  codec: CursorCodec,
  tenantId: string,
  scope: string,
  /** A cursor was given: pages only go forward, so that is all "previous" can mean. */
  afterCursor = false,
): Connection<T> {
  // An edge's cursor is sealed only when someone reads it: a page of 100 with
  // nested histories would otherwise encrypt hundreds of cursors nobody asked for.
  const edges = page.entries.map(({ item, key }) => {
    let cursor: string | undefined;
    return {
      get cursor() {
        cursor ??= codec.encode(tenantId, scope, key);
        return cursor;
      },
      node: item,
    };
  });
  let end: string | null | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasMore,
      hasPreviousPage: afterCursor,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        // Sealed once: a second read must not mint a different cursor for the same position.
        end ??= page.endKey ? codec.encode(tenantId, scope, page.endKey) : (edges.at(-1)?.cursor ?? null);
        return end;
      },
    },
  };
}

/**
 * A connection over a list computed in memory (a derived gap list, say). The
 * cursor carries the position; the list is rebuilt per request, so a cursor is
 * a best-effort position, still bound to tenant and listing.
 */
export function connectionFromArray<T>(
  items: readonly T[],
  args: ConnectionArgs,
  codec: CursorCodec,
  tenantId: string,
  listing: string,
): Connection<T> {
  const request = pageRequest(args, codec, tenantId, listing);
  const start = typeof request.startKey?.i === 'number' ? request.startKey.i + 1 : 0;
  const slice = items.slice(start, start + request.limit);
  return toConnection(
    {
      entries: slice.map((item, n) => ({ item, key: { i: start + n } })),
      hasMore: start + request.limit < items.length,
    },
    codec,
    tenantId,
    listing,
    !!args.after,
  );
}
