import { NotFoundError } from '@aims/core';

/** A reference that must resolve; a dangling one is reported rather than returned as null. */
export function required<T>(value: T | null | undefined, entity: string, id: string): T {
  if (value === null || value === undefined) throw new NotFoundError(entity, id);
  return value;
}
