// pnpm bench:cold:split — where the API's cold start goes, by part: the API bundle
// built as deployed but unminified, with a CPU-time mark at each module boundary
// esbuild writes (`// path` comments), run in fresh node processes; the median CPU
// ms per part over the runs. A profiling aid beside the cold-start bench (its
// absolute figures include the marks and the unminified compile), not a figure
// for the README table.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildOptions } from '@aims/infra/bundling';
import { build } from 'esbuild';
import { API_ENV } from './cold-start';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'services/api/.cold-start/split');
const RUNNER = join(ROOT, 'bench/fixtures/cold-start-split-runner.mjs');

/** The part a module belongs to; the first match wins. */
const PARTS: [string, RegExp][] = [
  ['core (zod schemas at import)', /^packages\/core\//],
  ['graphql schema build (server.ts)', /^services\/api\/src\/graphql\/server\.ts$/],
  ['handler build (config, clients, JWKS, Apollo, middy)', /^services\/api\/src\/handler\.ts$/],
  ['other api/data modules', /^services\//],
  ['graphql schema document', /^graphql\//],
  ['AWS SDK', /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//],
  ['Powertools, middy', /node_modules\/(@aws-lambda-powertools|@middy)\//],
  ['zod library', /node_modules\/zod\//],
  [
    'graphql, Apollo, graphql-tools',
    /node_modules\/(graphql|@graphql-tools|@apollo|@escape\.tech|@as-integrations)\//,
  ],
  ['other libraries', /./],
];

async function main() {
  const runs = Number(process.argv[2] ?? 7);
  const file = join(OUT, 'index.mjs');
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  await build({
    ...esbuildOptions(join(ROOT, 'services/api/src/handler.ts'), file),
    minify: false,
    sourcemap: false,
  });
  const lines = (await readFile(file, 'utf8')).split('\n');
  const marked = lines.flatMap((line, i) => {
    const boundary = line.match(/^\/\/ (\S+\.(?:m?js|cjs|ts|mts))$/);
    const mark = boundary ? [`globalThis.__coldMark(${JSON.stringify(boundary[1])});`] : [];
    // After the banner (line 0), so the marks exist before any module runs.
    const setup =
      i === 0
        ? [
            'globalThis.__coldMarks = []; globalThis.__coldMark = (m) => { const c = process.cpuUsage(); globalThis.__coldMarks.push([m, (c.user + c.system) / 1000]); };',
          ]
        : [];
    return [...mark, line, ...setup];
  });
  await writeFile(file, marked.join('\n'));

  const samples = new Map<string, number[]>();
  const env = { PATH: process.env.PATH ?? '', ...API_ENV };
  for (let r = 0; r < runs + 1; r++) {
    const out = execFileSync(process.execPath, [RUNNER, file], { env, encoding: 'utf8' });
    if (r === 0) continue; // warm-up (disk cache)
    const { marks, firstRequestMs, totalMs } = JSON.parse(out) as {
      marks: [string, number][];
      firstRequestMs: number;
      totalMs: number;
    };
    const parts = new Map<string, number>([['node start + read + compile the bundle', marks[0]?.[1] ?? 0]]);
    for (let i = 0; i < marks.length - 1; i++) {
      const [path = '', at = 0] = marks[i] ?? [];
      const part = PARTS.find(([, re]) => re.test(path.replace(/^(\.\.\/)+/, '')))?.[0] ?? 'other libraries';
      parts.set(part, (parts.get(part) ?? 0) + (marks[i + 1]?.[1] ?? at) - at);
    }
    parts.set('first request ({ __typename })', firstRequestMs);
    parts.set('total', totalMs);
    for (const [part, ms] of parts) samples.set(part, [...(samples.get(part) ?? []), ms]);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
  console.log(`API cold start by part, CPU ms, median of ${runs} (unminified, with marks)`);
  for (const [part, xs] of [...samples].sort((a, b) => median(b[1]) - median(a[1]))) {
    console.log(`${median(xs).toFixed(1).padStart(8)}  ${part}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
