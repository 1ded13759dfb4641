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
  // A body that is not JSON gets the same JSON error shape as every other bad request.
  const guarded: ApiHandler = async (event, context) => {
    if (event.body && isJsonRequest(event) && !parsesAsJson(event)) {
      return {
        statusCode: 400,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({
          errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
        }),
      };
    }
    return (await graphql(event, context, () => undefined)) as APIGatewayProxyStructuredResultV2;
  };
  const wrapped = middy(guarded).use(injectLambdaContext(deps.logger, { resetKeys: true }));
  return wrapped as unknown as ApiHandler;
}

function isJsonRequest(event: APIGatewayProxyEventV2): boolean {
  const type = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  return event.requestContext.http.method === 'POST' && (!type || type.includes('json'));
}

function parsesAsJson(event: APIGatewayProxyEventV2): boolean {
  try {
    JSON.parse(
      event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''),
    );
    return true;
  } catch {
    return false;
  }
}
