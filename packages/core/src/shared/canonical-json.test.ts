import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('SPEC-1 gives equal items the same text whatever their key order, so the conversion checksum compares content', () => {
    const a = {
      PK: 'T#1#X',
      SK: '#META',
      nested: { b: 1, a: [2, { d: null, c: 'x' }] },
      tags: new Set(['z', 'y']),
    };
    const b = {
      tags: new Set(['y', 'z']),
      nested: { a: [2, { c: 'x', d: null }], b: 1 },
      SK: '#META',
      PK: 'T#1#X',
    };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe(
      '{"PK":"T#1#X","SK":"#META","nested":{"a":[2,{"c":"x","d":null}],"b":1},"tags":["y","z"]}',
    );
    expect(canonicalJson({ ...a, nested: { b: 2 } })).not.toBe(canonicalJson(a));
  });
});
