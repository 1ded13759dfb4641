// Composes the Lambda handler: Apollo on API Gateway HTTP API (v2) events, with
// middy at the boundary for structured logs carrying the request id.

import { DomainError } from '@aims/core';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import { type ApiDeps, buildContext } from './context';
import { createApolloServer } from './graphql/server';

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400 };

export function createApiHandler(deps: ApiDeps): ApiHandler {
  const server = createApolloServer({ production: deps.stage === 'prod', logger: deps.logger });
  const graphql = startServerAndCreateLambdaHandler(
    server,
    handlers.createAPIGatewayProxyEventV2RequestHandler(),
    {
      context: async ({ event, context }) => {
        try {
          return await buildContext(event.headers ?? {}, context.awsRequestId, deps);
        } catch (error) {
          // Errors here happen before any resolver runs; they must still come out shaped.
          if (error instanceof DomainError) {
            throw new GraphQLError(error.message, {
              extensions: { code: error.code, http: { status: HTTP_STATUS[error.code] ?? 400 } },
            });
          }
          throw error;
        }
      },
    },
  );
  const wrapped = middy(graphql).use(injectLambdaContext(deps.logger, { resetKeys: true }));
  return wrapped as unknown as ApiHandler;
}
