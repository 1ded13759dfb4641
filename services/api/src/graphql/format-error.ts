// The one place errors become responses. Domain errors keep their message and
// code; GraphQL's own request errors pass through; anything else is logged with
// the request id and answered with a generic INTERNAL_SERVER_ERROR.
import { DomainError } from '@aims/core';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '@aws-lambda-powertools/logger';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { QueryTooComplexError } from './limits';

/** GraphQL Armor's refusals (aliases, directives, tokens) read like this. */
const ARMOR_LIMIT =
  /(Aliases|Directives|Token) limit of \d+ exceeded|Document contains more th(?:an|at) \d+ tokens/i;

function isTooComplex(error: unknown, message: string): boolean {
  for (let e: unknown = error; e instanceof Error; e = (e as GraphQLError).originalError) {
    if (e instanceof QueryTooComplexError) return true;
    if (!(e instanceof GraphQLError)) break;
  }
  return ARMOR_LIMIT.test(message);
}

const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'QUERY_TOO_COMPLEX',
]);

/** `Variable "$i" got invalid value … at "i.dimensions[1].dimension"` → ['variables', 'i', 'dimensions', 1, 'dimension']. */
function variablePath(message: string): (string | number)[] {
  const at = /at "([^"]+)"/.exec(message)?.[1] ?? /^Variable "\$(\w+)"/.exec(message)?.[1] ?? '';
  const parts = at.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
  return ['variables', ...parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
}

export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return {
        ...base,
        message: original.message,
        extensions: { ...original.extensions, code: original.code },
      };
    }
    const code = formatted.extensions?.code;
    // Apollo re-labels validation errors GRAPHQL_VALIDATION_FAILED; a limit refusal keeps its own code.
    if (isTooComplex(original, formatted.message)) {
      return { ...base, extensions: { code: 'QUERY_TOO_COMPLEX' } };
    }
    // A variable that does not coerce is bad input like any other: name it as a field path.
    const variable = /^Variable "\$(\w+)"/.exec(formatted.message);
    if (code === 'BAD_USER_INPUT' && variable) {
      return {
        ...base,
        extensions: {
          code,
          fieldErrors: [{ path: variablePath(formatted.message), message: formatted.message }],
        },
      };
    }
    // Only GraphQL and Apollo request errors carry these codes; anything else arrives as INTERNAL_SERVER_ERROR.
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      return { ...base, extensions: { code } };
    }
    logger.error('unhandled error', {
      error: original instanceof Error ? original : String(original),
      path: formatted.path,
    });
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
