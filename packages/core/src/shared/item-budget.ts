// What one stored entity may take, checked before any write.
import { ValidationError } from './errors';

/**
 * What one entity may take: under half the item limit, so the change record
 * that holds its before and after (or their changed fields) still fits.
 */
export const ENTITY_MAX_BYTES = 180 * 1024;

export const byteSize = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');

/** Refuses an entity that would not fit with its change record: BAD_USER_INPUT, before any write. */
export function assertWithinBudget(entity: string, value: unknown): void {
  const size = byteSize(value);
  if (size > ENTITY_MAX_BYTES) {
    throw new ValidationError([
      {
        path: ['input'],
        message: `the ${entity} would take ${Math.ceil(size / 1024)} KB; the limit is ${ENTITY_MAX_BYTES / 1024} KB: shorten its text`,
      },
    ]);
  }
}
