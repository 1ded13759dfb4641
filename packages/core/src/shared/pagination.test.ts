import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { CursorCodec, pagedConnection, pageRequest, toConnection } from './pagination';

const codec = new CursorCodec('a'.repeat(32));
const key = { PK: 'T#t1#AISYS#01', SK: '#META', GSI1PK: 'T#t1#AISYS', GSI1SK: 'chatbot#01' };

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

  it('refuses a cursor issued for another tenant', () => {
    const cursor = codec.encode('t1', 'aiSystems', key);
    expect(() => codec.decode(cursor, 't2', 'aiSystems')).toThrow(ValidationError);
  });

  it('refuses a cursor issued for another listing or filter', () => {
    const cursor = codec.encode('t1', 'aiSystems|stage=USE', key);
    expect(() => codec.decode(cursor, 't1', 'aiSystems|stage=DEVELOPMENT')).toThrow(ValidationError);
  });

  it('refuses a cursor whose body was edited to point at another tenant', () => {
    const [, sig] = codec.encode('t1', 'aiSystems', key).split('.');
    const forgedBody = Buffer.from(JSON.stringify({ t: 't2', s: 'aiSystems', k: key })).toString('base64url');
    expect(() => codec.decode(`${forgedBody}.${sig}`, 't2', 'aiSystems')).toThrow(ValidationError);
  });

  it('refuses a cursor signed with another secret', () => {
    const other = new CursorCodec('b'.repeat(32));
    expect(() => codec.decode(other.encode('t1', 'aiSystems', key), 't1', 'aiSystems')).toThrow(
      /invalid cursor/,
    );
  });

  it('refuses garbage with a field path on `after`', () => {
    for (const garbage of ['', 'abc', 'a.b.c', '..', 'eyJ9.eyJ9']) {
      try {
        codec.decode(garbage, 't1', 'aiSystems');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).fieldErrors[0]?.path).toEqual(['after']);
      }
    }
  });

  it('rejects a short secret', () => {
    expect(() => new CursorCodec('short')).toThrow();
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
