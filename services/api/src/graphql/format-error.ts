// The one place errors become responses. Domain errors keep their message and
// code; GraphQL's own request errors pass through; anything else is logged with
// the request id and answered with a generic INTERNAL_SERVER_ERROR.
import { DomainError } from '@aims/core';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { GraphQLFormattedError } from 'graphql';

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
