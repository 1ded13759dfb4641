// Canonical JSON (object keys sorted at every depth, sets as sorted arrays, binary
// as base64) so a hash does not depend on the order a caller built its objects in:
// the readiness inputs hash and the conversion checksum over stored items.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(sortKeys).sort();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort()
        .map((k) => [k, sortKeys(obj[k])]),
    );
  }
  return value;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
