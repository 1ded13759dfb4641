// Serves the Lambda handler over plain HTTP for local development, plus the dev
// issuer's JWKS so other tools can verify the printed tokens, and a token for any
// new identity (`/dev/token?email=…&name=…`) so a newcomer can sign up as
// themselves. Local only: in AWS, Cognito issues the tokens.
import { createServer, type Server } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpApiEvent, lambdaContext } from './apigw-event';

/** Any HTTP API (payload v2) Lambda handler, so this package needs nothing from the api. */
export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Mints a dev token for a new identity; the local server's only way to add users. */
export type TokenMinter = (user: { sub: string; email: string; name: string }) => Promise<string>;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

export function createLocalHttpServer(handler: HttpApiHandler, jwks: unknown, mint?: TokenMinter): Server {
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
        return;
      }
      if (url.pathname === '/dev/token' && mint) {
        const email = (url.searchParams.get('email') ?? '').trim().toLowerCase();
        if (!EMAIL.test(email)) {
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end('{"error":"email=<address> needed"}');
          return;
        }
        const name = (url.searchParams.get('name') ?? email).trim().slice(0, 120) || email;
        // The subject follows the email, so asking again gives the same user.
        const sub = `dev-${Buffer.from(email).toString('base64url')}`.slice(0, 120);
        const token = await mint({ sub, email, name });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sub, email, token }));
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
