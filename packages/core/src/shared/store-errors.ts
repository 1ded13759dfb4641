// How a refused write reads to the client, the same from every store: a stale
// version names the entity, the expected and the current version.
import { ConflictError, ValidationError } from './errors';
import type { Write } from './store';

/** DynamoDB's item size limit. */
export const MAX_ITEM_BYTES = 400 * 1024;
const describe = (key: unknown) => {
  if (key && typeof key === 'object') {
    const values = Object.values(key as Record<string, unknown>);
    if (values.length === 1) return String(values[0]);
  }
  return JSON.stringify(key);
};

export function versionMismatch(entity: string, id: string, expected: number, current: number | null) {
  const error = new ConflictError(
    current === null
      ? `${entity} ${id} no longer exists; reload and retry`
      : `${entity} ${id} is at version ${current}, not ${expected}; reload and retry`,
    'VERSION_MISMATCH',
  );
  Object.assign(error.extensions, { entity, expectedVersion: expected, currentVersion: current });
  return error;
}

/** The CONFLICT for a write whose expectation failed; `current` is the stored item, if known. */
export function conflictFor(write: Write, current: Record<string, unknown> | null): ConflictError {
  const currentVersion = typeof current?.version === 'number' ? current.version : null;
  switch (write.kind) {
    case 'put': {
      const what = write.label ?? `${write.decl.name} ${describe(write.decl.keyOf(write.entity))}`;
      if (write.expect === 'absent') return new ConflictError(`${what} already exists`, 'ALREADY_EXISTS');
      const expected = write.expect === 'any' ? 0 : write.expect.version;
      return versionMismatch(
        write.decl.name,
        describe(write.decl.keyOf(write.entity)),
        expected,
        currentVersion,
      );
    }
    case 'check':
      return versionMismatch(
        write.label ?? write.decl.name,
        describe(write.key),
        write.version,
        currentVersion,
      );
    case 'change':
      return versionMismatch(write.record.entityType, write.record.entityId, write.record.version - 1, null);
    default:
      return new ConflictError('the data changed concurrently; reload and retry', 'VERSION_MISMATCH');
  }
}

export function tooLarge(entity: string) {
  return new ValidationError([
    {
      path: ['input'],
      message: `the ${entity} would exceed the 400 KB storage limit; shorten or split its content`,
    },
  ]);
}

/** DynamoDB's limit on the items of one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

/** A change that would touch more items than one transaction holds is bad input, not a server fault. */
export function assertTransactionSize(writes: readonly Write[]): void {
  if (writes.length > MAX_TRANSACTION_ITEMS) {
    throw new ValidationError([
      {
        path: ['input'],
        message: `this change would write ${writes.length} items at once (links, history, counters); the limit is ${MAX_TRANSACTION_ITEMS}: change fewer linked systems or controls in one request`,
      },
    ]);
  }
}
