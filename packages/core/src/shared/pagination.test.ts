import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { CursorCodec, cursorKey, pagedConnection, pageRequest, toConnection } from './pagination';

const oldKey = { id: 'k1', secret: 'a'.repeat(32) };
const newKey = { id: 'k2', secret: 'b'.repeat(32) };
const codec = new CursorCodec({ current: oldKey });
const key = { PK: 'T#t1#AISYS#01', SK: '#META', GSI1PK: 'T#t1#AISYS', GSI1SK: 'chatbot#01' };

const rejects = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).fieldErrors).toEqual([{ path: ['after'], message: 'invalid cursor' }]);
    return;
  }
  expect.unreachable('the cursor was accepted');
};

/** Flips one bit of the sealed bytes (IV, ciphertext or tag) at `index`. */
const flip = (cursor: string, index: number) => {
  const [id, body] = cursor.split('.');
  const bytes = Buffer.from(body ?? '', 'base64url');
  bytes[index % bytes.length] = (bytes[index % bytes.length] ?? 0) ^ 1;
  return `${id}.${bytes.toString('base64url')}`;
};

describe('CursorCodec', () => {
  it('round-trips a key for the same tenant and listing', () => {
    const cursor = codec.encode('t1', 'aiSystems', key);
    expect(codec.decode(cursor, 't1', 'aiSystems')).toEqual(key);
  });

  it('round-trips arbitrary keys', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
        fc.string(),
        (k, tenant) => {
          expect(codec.decode(codec.encode(tenant, 's', k), tenant, 's')).toEqual(k);
        },
      ),
    );
  });

  it('makes a different cursor each time for the same key (random IV)', () => {
    expect(codec.encode('t1', 's', key)).not.toBe(codec.encode('t1', 's', key));
  });

  it('reveals neither the tenant id nor any storage key in the cursor text', () => {
    // Needles are at least four bytes long so random ciphertext cannot match them
    // by chance (a bare `PK` would, in one cursor out of a few dozen).
    const tenant = 'tenant-7f3a9c';
    const storageKey = { ...key, PK: `T#${tenant}#AISYS#01`, GSI1PK: `T#${tenant}#AISYS` };
    for (let n = 0; n < 50; n++) {
      const cursor = codec.encode(tenant, 'aiSystems', storageKey);
      const [, body] = cursor.split('.');
      expect(cursor).not.toContain(tenant);
      expect(cursor).not.toContain('#');
      // What the old base64-JSON cursor showed to anyone who decoded it.
      const opened = Buffer.from(body ?? '', 'base64url').toString('latin1');
      for (const needle of [tenant, `T#${tenant}`, '"PK"', '"SK"', 'GSI1PK', 'AISYS', 'aiSystems']) {
        expect(opened).not.toContain(needle);
      }
    }
  });

  it('stays compact: base64url, one key id, no longer than the key it carries plus 40 bytes', () => {
    const cursor = codec.encode('t1', 'aiSystems', key);
    expect(cursor).toMatch(/^k1\.[A-Za-z0-9_-]+$/);
    expect(cursor.length).toBeLessThanOrEqual(Math.ceil(((JSON.stringify(key).length + 28) * 4) / 3) + 3);
  });

  it('refuses a cursor issued for another tenant', () => {
    rejects(() => codec.decode(codec.encode('t1', 'aiSystems', key), 't2', 'aiSystems'));
  });

  it('refuses a cursor issued for another listing or filter', () => {
    const cursor = codec.encode('t1', 'aiSystems|stage=USE', key);
    rejects(() => codec.decode(cursor, 't1', 'aiSystems|stage=DEVELOPMENT'));
  });

  it('cannot be confused by separators inside the tenant id or listing', () => {
    const cursor = codec.encode('t1', 'a","b', key);
    rejects(() => codec.decode(cursor, 't1","a', 'b'));
  });

  it('refuses a cursor with any one bit changed, in the IV, the ciphertext or the tag', () => {
    const cursor = codec.encode('t1', 'aiSystems', key);
    const length = Buffer.from(cursor.split('.')[1] ?? '', 'base64url').length;
    for (let i = 0; i < length; i++) rejects(() => codec.decode(flip(cursor, i), 't1', 'aiSystems'));
  });

  it('refuses a cursor naming an unknown key id, or relabelled with another known id', () => {
    const cursor = codec.encode('t1', 'aiSystems', key);
    const body = cursor.split('.')[1];
    rejects(() => codec.decode(`k9.${body}`, 't1', 'aiSystems'));
    const both = new CursorCodec({ current: newKey, previous: [oldKey] });
    rejects(() => both.decode(`k2.${body}`, 't1', 'aiSystems'));
  });

  it('refuses a cursor sealed with another secret under the same key id', () => {
    const other = new CursorCodec({ current: { id: 'k1', secret: 'c'.repeat(32) } });
    rejects(() => codec.decode(other.encode('t1', 'aiSystems', key), 't1', 'aiSystems'));
  });

  it('after a rotation, seals with the new key and still opens cursors of the previous one', () => {
    const inFlight = codec.encode('t1', 'aiSystems', key);
    const rotated = new CursorCodec({ current: newKey, previous: [oldKey] });
    expect(rotated.decode(inFlight, 't1', 'aiSystems')).toEqual(key);
    const fresh = rotated.encode('t1', 'aiSystems', key);
    expect(fresh.startsWith('k2.')).toBe(true);
    // An instance not yet rotated cannot open the new cursors: rotate readers first.
    rejects(() => codec.decode(fresh, 't1', 'aiSystems'));
  });

  it('refuses a cursor of a retired key once it is no longer a previous key', () => {
    const inFlight = codec.encode('t1', 'aiSystems', key);
    const retired = new CursorCodec({ current: { id: 'k3', secret: 'd'.repeat(32) }, previous: [newKey] });
    rejects(() => retired.decode(inFlight, 't1', 'aiSystems'));
  });

  it('derives the key id from the secret, the same everywhere and apart from the secret', () => {
    const secret = 'x'.repeat(48);
    expect(cursorKey(secret)).toEqual(cursorKey(secret));
    expect(cursorKey(secret).id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(cursorKey(secret).id).not.toBe(cursorKey('y'.repeat(48)).id);
    const a = new CursorCodec({ current: cursorKey(secret) });
    const b = new CursorCodec({ current: cursorKey('y'.repeat(48)), previous: [cursorKey(secret)] });
    expect(b.decode(a.encode('t1', 's', key), 't1', 's')).toEqual(key);
  });

  it('refuses garbage with a field path on `after`', () => {
    for (const garbage of [
      '',
      'abc',
      'a.b.c',
      '..',
      'k1.',
      'k1.eyJ9',
      'k1.!!!!',
      'k1.a.b',
      `k1.${'A'.repeat(40)}`,
    ]) {
      rejects(() => codec.decode(garbage, 't1', 'aiSystems'));
    }
  });

  it('rejects a short secret, a malformed key id and a key id used twice', () => {
    expect(() => new CursorCodec({ current: { id: 'k1', secret: 'short' } })).toThrow(/32/);
    expect(() => new CursorCodec({ current: { id: 'k.1', secret: 'a'.repeat(32) } })).toThrow(/key id/);
    expect(() => new CursorCodec({ current: oldKey, previous: [{ ...newKey, id: 'k1' }] })).toThrow(/twice/);
  });
});

describe('pageRequest', () => {
  it('defaults to 20 and rejects sizes outside 1..100', () => {
    expect(pageRequest({}, codec, 't1', 's')).toEqual({ limit: 20 });
    for (const first of [0, -1, 101, 2.5]) {
      expect(() => pageRequest({ first }, codec, 't1', 's')).toThrow(ValidationError);
    }
  });

  it('decodes `after` into the start key', () => {
    const after = codec.encode('t1', 's', key);
    expect(pageRequest({ first: 5, after }, codec, 't1', 's')).toEqual({ limit: 5, startKey: key });
  });
});

describe('toConnection', () => {
  it('gives each edge its own cursor and sets startCursor and endCursor to the first and last', () => {
    const page = {
      entries: [
        { item: 'a', key: { PK: '1' } },
        { item: 'b', key: { PK: '2' } },
      ],
      hasMore: true,
    };
    const conn = toConnection(page, codec, 't1', 's');
    expect(conn.edges.map((e) => e.node)).toEqual(['a', 'b']);
    expect(codec.decode(conn.edges[0]?.cursor ?? '', 't1', 's')).toEqual({ PK: '1' });
    expect(conn.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: conn.edges[0]?.cursor,
      endCursor: conn.edges[1]?.cursor,
    });
  });

  it('has a previous page exactly when the page was read after a cursor', async () => {
    const fetch = async () => ({ entries: [{ item: 'b', key: { PK: '2' } }], hasMore: false });
    const first = await pagedConnection('t1', 's', {}, codec, fetch);
    const next = await pagedConnection('t1', 's', { after: first.pageInfo.endCursor }, codec, fetch);
    expect([first.pageInfo.hasPreviousPage, next.pageInfo.hasPreviousPage]).toEqual([false, true]);
  });

  it('has a null endCursor on an empty page', () => {
    expect(toConnection({ entries: [], hasMore: false }, codec, 't1', 's').pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
