// `pnpm dev`: DynamoDB Local, tables, demo data, dev tokens, and the API with
// the GraphQL sandbox on http://localhost:4000/graphql.
import { randomBytes } from 'node:crypto';
import {
  createDevIssuer,
  createLocalHttpServer,
  ensureTables,
  localClients,
  localTables,
  startDynamoDbLocal,
} from '@aims/local';
import { createApiHandler } from '../app';
import { localDeps } from './local-deps';
import { DEMO_USERS, seedDemo } from './seed';

async function main() {
  const port = Number(process.env.PORT ?? 4000);
  const baseUrl = `http://localhost:${port}`;
  const dynamo = await startDynamoDbLocal(
    process.env.DYNAMODB_PORT ? { port: Number(process.env.DYNAMODB_PORT) } : {},
  );
  const tables = localTables('aims-local-');
  await ensureTables(localClients(dynamo.endpoint).raw, tables);
  const issuer = await createDevIssuer(`${baseUrl}/`, 'aims-local');
  const deps = localDeps({
    endpoint: dynamo.endpoint,
    tables,
    issuer,
    cursorSecret: randomBytes(32).toString('hex'),
    logLevel: process.env.LOG_LEVEL ?? 'WARN',
  });
  const demo = await seedDemo(deps);
  const server = createLocalHttpServer(createApiHandler(deps), issuer.jwks, (user) => issuer.sign(user));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });

  const tokens = await Promise.all(
    Object.entries(DEMO_USERS).map(async ([key, user]) => ({ key, user, token: await issuer.sign(user) })),
  );
  const lines = [
    '',
    `AIMS Cloud local API (DynamoDB Local at ${dynamo.endpoint})`,
    `GraphQL sandbox: ${baseUrl}/graphql`,
    '',
    'Demo tenants:',
    ...Object.entries(demo.tenants).map(([, t]) => `  ${t.name.padEnd(22)} ${t.tier.padEnd(12)} ${t.id}`),
    `Consultancy: ${demo.consultancyId}`,
    '',
    'Dev tokens (12 h). Send as "Authorization: Bearer <token>"; pick a tenant with tenantId or x-tenant-id:',
    ...tokens.flatMap(({ user, token }) => [`  ${user.name} <${user.email}>`, `    ${token}`]),
    '',
    'A token for a new user of your own (local only), e.g. to sign up self-service:',
    `  curl -s '${baseUrl}/dev/token?email=you@example.com&name=You'`,
    '',
    'Try:',
    `  curl -s ${baseUrl}/graphql -H 'content-type: application/json' \\`,
    `    -H 'authorization: Bearer <token>' -d '{"query":"{ me { user { email } memberships { role tenant { id name } } } }"}'`,
    '',
    `AIMS_LOCAL_READY ${baseUrl}/graphql`,
  ];
  console.log(lines.join('\n'));

  const shutdown = async () => {
    server.close();
    await dynamo.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
