import * as z from 'zod';
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

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The first character that has no place in text people read — a C0 or C1
 * control (NUL included), DEL, or a bidi override or isolate (U+202A–U+202E,
 * U+2066–U+2069), which can make a name display as something it is not — or
 * undefined. Tab, line feed and carriage return pass where text may span lines.
 */
export function forbiddenCharacter(
  text: string,
  allowLineBreaks: boolean,
): { codePoint: number; index: number } | undefined {
  for (let index = 0; index < text.length; index++) {
    const c = text.charCodeAt(index);
    const control = c <= 0x1f || (c >= 0x7f && c <= 0x9f);
    const bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    if (bidi || (control && !(allowLineBreaks && (c === TAB || c === LF || c === CR)))) {
      return { codePoint: c, index };
    }
  }
  return undefined;
}

const codePointName = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

function plainText(max: number, allowLineBreaks: boolean) {
  return z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .superRefine((value, ctx) => {
      const found = forbiddenCharacter(value, allowLineBreaks);
      if (!found) return;
      ctx.addIssue({
        code: 'custom',
        message:
          `must not contain control or bidi-override characters (${codePointName(found.codePoint)} ` +
          `at position ${found.index + 1})${allowLineBreaks ? '' : '; it must be a single line'}`,
      });
    });
}

/** A name or title: trimmed, at most `max` characters, one line, no control or bidi-override characters. */
export const singleLine = (max: number) => plainText(max, false);

/** Free text (a description, a justification): as `singleLine`, but tabs and line breaks are allowed. */
export const multiLine = (max: number) => plainText(max, true);
