// Section 5: 50 concurrent clients for 30 s against `./run dev` over HTTP, with
// autocannon. Each connection cycles through a mix of reads as the AIMS
// manager of the demo client. Any non-2xx answer or GraphQL error counts.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '@aims/local';
import autocannon from 'autocannon';
import { printTable, summarise } from './support';

const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_LOAD_SECONDS ?? 30);

const MIX = [
  '{ me { user { email } memberships { role tenant { name } } } }',
  '{ aiSystems(first: 20) { edges { node { id name lifecycleStage owner { email } } } pageInfo { hasNextPage } } }',
  '{ risks(first: 20) { edges { node { id title inherent { score band } owner { email } } } } }',
  '{ riskHeatMap { cells { likelihood impact inherent residual } } }',
  '{ statementOfApplicability { entries { control { id } applicable } } }',
];

interface LocalApi {
  url: string;
  token: string;
  tenantId: string;
  stop(): Promise<void>;
}

/** Starts `./run dev` on free ports and reads the URL, the Acme tenant and Alex's token from its output. */
async function startLocalApi(): Promise<LocalApi> {
  const [port, dynamoPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn('./run', ['dev'], {
    env: { ...process.env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort) },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      // The whole group: tsx, node and DynamoDB Local's java.
      process.kill(-(child.pid as number), 'SIGTERM');
    });
  let output = '';
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 180_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('AIMS_LOCAL_READY')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => resolve(false));
  });
  if (!ready) {
    await stop();
    throw new Error(`./run dev did not become ready:\n${output}`);
  }
  const lines = output.split('\n');
  const alexAt = lines.findIndex((l) => l.includes('<alex@acme-health.example>'));
  const token = lines[alexAt + 1]?.trim() ?? '';
  const tenantId =
    lines
      .find((l) => l.trim().startsWith('Acme Health'))
      ?.trim()
      .split(/\s+/)
      .at(-1) ?? '';
  return { url: `http://localhost:${port}/graphql`, token, tenantId, stop };
}

export async function loadBench() {
  const api = await startLocalApi();
  try {
    const latencies: number[] = [];
    let graphqlErrors = 0;
    const options: autocannon.Options = {
      url: api.url,
      connections: CONNECTIONS,
      duration: DURATION,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${api.token}`,
        'x-tenant-id': api.tenantId,
      },
      requests: MIX.map((query) => ({
        method: 'POST' as const,
        body: JSON.stringify({ query }),
        onResponse: (_status: number, body: string) => {
          if (body.includes('"errors"')) graphqlErrors++;
        },
      })),
    };
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(options, (error, out) => (error ? reject(error) : resolve(out)));
      instance.on('response', (_client, _status, _bytes, time) => {
        latencies.push(time);
      });
    });
    const s = summarise(latencies);
    const p99 = [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.99)] ?? 0;
    const figures = {
      connections: CONNECTIONS,
      seconds: DURATION,
      requests: result.requests.total,
      throughputPerSecond: Math.round(result.requests.average),
      p50: s.p50,
      p95: s.p95,
      p99: Math.round(p99 * 100) / 100,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      status5xx: result['5xx'],
      graphqlErrors,
      errorRate:
        (result.errors + result.timeouts + result.non2xx + graphqlErrors) /
        Math.max(1, result.requests.total),
    };
    printTable(
      `5. Load — ${CONNECTIONS} concurrent clients for ${DURATION} s against ./run dev (autocannon; goal: 0 errors)`,
      [
        {
          'req/s': figures.throughputPerSecond,
          requests: figures.requests,
          'p50 ms': figures.p50,
          'p95 ms': figures.p95,
          'p99 ms': figures.p99,
          errors: figures.errors,
          '5xx': figures.status5xx,
          'GraphQL errors': figures.graphqlErrors,
          'error rate': `${(figures.errorRate * 100).toFixed(2)} %`,
        },
      ],
    );
    return figures;
  } finally {
    await api.stop();
  }
}
