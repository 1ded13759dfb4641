// Relay connections over key-ordered pages. Cursors are signed and bound to the
// tenant and to the exact listing (entity + filter) they came from, so a cursor
// can be neither forged, nor replayed against another tenant or another query.
import { createHmac, timingSafeEqual } from 'node:crypto';
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

interface CursorPayload {
  t: string;
  s: string;
  k: PageKey;
}

export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('cursor secret must be at least 32 characters');
    this.key = Buffer.from(secret, 'utf8');
  }

  encode(tenantId: string, scope: string, key: PageKey): string {
    const body = Buffer.from(
      JSON.stringify({ t: tenantId, s: scope, k: key } satisfies CursorPayload),
    ).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Returns the key, or throws BAD_USER_INPUT on any tampering or mismatch. */
  decode(cursor: string, tenantId: string, scope: string): PageKey {
    const invalid = () => new ValidationError([{ path: ['after'], message: 'invalid cursor' }]);
    const [body, sig, extra] = cursor.split('.');
    if (!body || !sig || extra !== undefined) throw invalid();
    const expected = Buffer.from(this.sign(body), 'base64url');
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    let payload: CursorPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch (cause) {
      throw new ValidationError([{ path: ['after'], message: 'invalid cursor' }], { cause });
    }
    if (payload.t !== tenantId || payload.s !== scope || typeof payload.k !== 'object' || !payload.k)
      throw invalid();
    return payload.k;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

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
 * sign the new cursors, so the two can never drift apart.
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
  const edges = page.entries.map(({ item, key }) => ({
    cursor: codec.encode(tenantId, scope, key),
    node: item,
  }));
  const endCursor = page.endKey ? codec.encode(tenantId, scope, page.endKey) : (edges.at(-1)?.cursor ?? null);
  const startCursor = edges[0]?.cursor ?? null;
  return {
    edges,
    pageInfo: { hasNextPage: page.hasMore, hasPreviousPage: afterCursor, startCursor, endCursor },
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
