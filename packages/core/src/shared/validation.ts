import type * as z from 'zod';
import { ValidationError } from './errors';

/** Parses with a zod schema, turning issues into field paths under `root`. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  root: (string | number)[] = [],
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      path: [...root, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      message: issue.message,
    })),
    { cause: result.error },
  );
}
