// Cold start of the API bundle against a minimal Apollo Server Lambda bundle,
// both built exactly as infra deploys them: each run is a fresh node process,
// timed in this process from spawn to the child printing the `{ __typename }`
// response.
import { spawn } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildOptions, LAMBDA_RUNTIME_ENV } from '@aims/infra/bundling';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside services/api so node finds the external @aws-sdk/* packages, as the runtime would.
const OUT = join(ROOT, 'services/api/.cold-start');
const RUNNER = join(ROOT, 'bench/fixtures/cold-start-runner.mjs');
const MARKER = 'COLD-START-RESULT ';
const EXPECTED_BODY = { data: { __typename: 'Query' } };

// What infra sets on the API function, with stand-ins that fail fast if anything
// reached the network: `{ __typename }` needs neither DynamoDB nor the JWKS.
export const API_ENV: Record<string, string> = {
  STAGE: 'prod',
  CONTROL_PLANE_TABLE: 'aims-prod-control-plane',
  TENANT_TABLE_PREFIX: 'aims-prod-tenant-',
  POOLED_TABLE: 'aims-prod-pooled',
  JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bench',
  JWT_AUDIENCE: 'bench-client',
  JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json',
  CURSOR_SECRET: 'cold-start-bench-cursor-secret-0123456789',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
  AWS_REGION: 'eu-west-1',
  LOG_LEVEL: 'INFO',
  POWERTOOLS_SERVICE_NAME: 'aims-api',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

interface Target {
  name: string;
  entry: string;
}

const TARGETS: Target[] = [
  { name: 'api', entry: join(ROOT, 'services/api/src/handler.ts') },
  { name: 'minimal', entry: join(ROOT, 'bench/fixtures/minimal-handler.ts') },
];

interface Bundle {
  file: string;
  bytes: number;
  /** KB in the output per package (or workspace package), largest first. */
  inputs: [string, number][];
}

async function bundle(target: Target): Promise<Bundle> {
  const file = join(OUT, target.name, 'index.mjs');
  const { metafile } = await build({
    ...esbuildOptions(target.entry, file),
    // The fixture lives outside any package; let it find Apollo where the API does.
    nodePaths: [join(ROOT, 'services/api/node_modules')],
    metafile: true,
  });
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint);
  const perPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const key = packageOf(path);
    perPackage.set(key, (perPackage.get(key) ?? 0) + input.bytesInOutput);
  }
  const inputs = [...perPackage]
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]): [string, number] => [name, round(bytes / 1024)]);
  return { file, bytes: (await stat(file)).size, inputs };
}

/** `zod`, `@apollo/server`, or a workspace folder such as `packages/core`, `graphql/generated`. */
function packageOf(path: string): string {
  const dep = path.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (dep?.[1]) return dep[1];
  return path.split('/').slice(0, 2).join('/');
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function coldStart(file: string): Promise<Sample> {
  // A clean environment: no tsx loader or parent NODE_OPTIONS may leak into the child.
  const env = { PATH: process.env.PATH ?? '', ...API_ENV, ...LAMBDA_RUNTIME_ENV };
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [RUNNER, file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let elapsed: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (elapsed === undefined && out.includes(MARKER) && out.endsWith('\n')) {
        elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARKER));
      if (code !== 0 || !line || elapsed === undefined) {
        reject(new Error(`cold start of ${file} failed (exit ${code}):\n${err}${out}`));
        return;
      }
      const result = JSON.parse(line.slice(MARKER.length)) as {
        statusCode?: number;
        body?: string;
        cpuMs: number;
      };
      const body = result.body ? JSON.parse(result.body) : undefined;
      if (result.statusCode !== 200 || JSON.stringify(body) !== JSON.stringify(EXPECTED_BODY)) {
        reject(new Error(`unexpected response from ${file}: ${line}`));
        return;
      }
      resolve({ wallMs: elapsed, cpuMs: result.cpuMs });
    });
  });
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

const round = (n: number) => Math.round(n * 10) / 10;

export async function coldStartBench(options: { runs?: number } = {}): Promise<Record<string, unknown>> {
  const runs = options.runs ?? 15;
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const bundles = await Promise.all(TARGETS.map(bundle));
  const samples: Sample[][] = TARGETS.map(() => []);
  // One warm-up each (disk cache), then interleaved so drift hits both alike.
  for (const b of bundles) await coldStart(b.file);
  for (let i = 0; i < runs; i++) {
    for (const [t, b] of bundles.entries()) samples[t]?.push(await coldStart(b.file));
  }

  const figures = Object.fromEntries(
    TARGETS.map((target, t) => {
      const wall = (samples[t] ?? []).map((s) => s.wallMs);
      const cpu = (samples[t] ?? []).map((s) => s.cpuMs);
      const bytes = bundles[t]?.bytes ?? 0;
      return [
        target.name,
        {
          bytes,
          kb: round(bytes / 1024),
          medianMs: round(percentile(wall, 0.5)),
          p90Ms: round(percentile(wall, 0.9)),
          cpuMedianMs: round(percentile(cpu, 0.5)),
          runs: wall.length,
        },
      ];
    }),
  ) as Record<
    string,
    { bytes: number; kb: number; medianMs: number; p90Ms: number; cpuMedianMs: number; runs: number }
  >;
  const api = figures.api;
  const minimal = figures.minimal;
  const ratioOf = (key: 'medianMs' | 'cpuMedianMs') =>
    api && minimal ? Math.round((api[key] / minimal[key]) * 100) / 100 : Number.NaN;
  const ratio = ratioOf('medianMs');
  const cpuRatio = ratioOf('cpuMedianMs');

  console.log('Cold start: spawn → first { __typename } response (fresh node process per run)');
  console.log('bundle    bytes      KB       median ms  p90 ms  cpu ms  runs');
  for (const [name, f] of Object.entries(figures)) {
    console.log(
      `${name.padEnd(9)} ${String(f.bytes).padStart(9)}  ${f.kb.toFixed(1).padStart(7)}  ${f.medianMs
        .toFixed(1)
        .padStart(9)}  ${f.p90Ms.toFixed(1).padStart(6)}  ${f.cpuMedianMs.toFixed(1).padStart(6)}  ${f.runs}`,
    );
  }
  console.log(
    `ratio api/minimal (median): ${ratio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU (goal ≤ 1.5×)`,
  );
  // What the API bundle is made of: every KB is read, decoded and compiled at each cold start.
  const apiInputs = bundles[0]?.inputs.slice(0, 12) ?? [];
  console.log(`api bundle, largest inputs (KB): ${apiInputs.map(([n, kb]) => `${n} ${kb}`).join(', ')}`);
  return {
    ...figures,
    ratio,
    cpuRatio,
    goal: 1.5,
    nodeOptions: LAMBDA_RUNTIME_ENV.NODE_OPTIONS ?? null,
    apiInputsKb: Object.fromEntries(apiInputs),
  };
}
