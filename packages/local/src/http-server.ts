// Serves the Lambda handler over plain HTTP for local development, plus the dev
// issuer's JWKS so other tools can verify the printed tokens.
import { createServer, type Server } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpApiEvent, lambdaContext } from './apigw-event';

/** Any HTTP API (payload v2) Lambda handler, so this package needs nothing from the api. */
export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export function createLocalHttpServer(handler: HttpApiHandler, jwks: unknown): Server {
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
        return;
      }
      if (url.pathname !== '/graphql') {
        res.writeHead(302, { location: '/graphql' }).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(',') : v;
      const result = await handler(
        httpApiEvent({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.search.slice(1),
          headers,
          body: chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined,
        }),
        lambdaContext(),
      );
      const responseHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) responseHeaders[k] = String(v);
      res.writeHead(result.statusCode ?? 200, responseHeaders).end(result.body ?? '');
    } catch (error) {
      console.error(error);
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"errors":[{"message":"Internal server error"}]}');
    }
  });
}
