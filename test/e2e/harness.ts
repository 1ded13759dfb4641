// The e2e harness: starts the local stack exactly as the README says (`pnpm dev`)
// and reads the printed URL, dev tokens, tenants and consultancy, so tests talk
// to it like a front-end would.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface LocalStack {
  url: string;
  /** Dev tokens by the local part of the demo user's email (`alex`, `priya`, …). */
  tokens: Map<string, string>;
  /** Demo tenant ids by name. */
  tenants: Map<string, string>;
  consultancyId: string;
  /** Mints a token for a brand-new identity (`/dev/token`) and stores it under `key`. */
  newUser(key: string, email: string, name: string): Promise<{ sub: string; email: string }>;
  gql(
    query: string,
    variables: Record<string, unknown>,
    as: string,
    tenantId?: string,
  ): Promise<{ status: number; body: { data?: any; errors?: any[] } }>;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startLocalStack(): Promise<LocalStack> {
  const port = await freePort();
  const child: ChildProcess = spawn('pnpm', ['dev'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local API did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /AIMS_LOCAL_READY (\S+)/.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`pnpm dev exited with ${code}:\n${output}`)));
  });
  const tokens = new Map<string, string>();
  const tenants = new Map<string, string>();
  const lines = output.split('\n');
  lines.forEach((line, i) => {
    const user = /<([^@>]+)@[^>]+>\s*$/.exec(line);
    if (user?.[1]) tokens.set(user[1], String(lines[i + 1]).trim());
    const tenant = /^\s{2}(.+?)\s{2,}(MANAGED|SELF_SERVICE)\s+(\S+)$/.exec(line);
    if (tenant?.[1] && tenant[3]) tenants.set(tenant[1], tenant[3]);
  });
  const consultancyId = /^Consultancy: (\S+)$/m.exec(output)?.[1] ?? '';

  async function gql(query: string, variables: Record<string, unknown>, as: string, tenantId?: string) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.get(as)}`,
        ...(tenantId ? { 'x-tenant-id': tenantId } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
  }

  /** A token for a brand-new identity from the dev server's `/dev/token`, stored under `key`. */
  async function newUser(key: string, email: string, name: string): Promise<{ sub: string; email: string }> {
    const tokenUrl = new URL('/dev/token', url);
    tokenUrl.searchParams.set('email', email);
    tokenUrl.searchParams.set('name', name);
    const response = await fetch(tokenUrl);
    if (!response.ok) throw new Error(`/dev/token answered ${response.status}`);
    const body = (await response.json()) as { sub: string; email: string; token: string };
    tokens.set(key, body.token);
    return { sub: body.sub, email: body.email };
  }

  return {
    url,
    tokens,
    newUser,
    tenants,
    consultancyId,
    gql,
    // pnpm → tsx → node → java: end the whole process group.
    stop: () => {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    },
  };
}
