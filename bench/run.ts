// ./run bench: every section, one after the other; prints tables and writes
// .local/bench.json. Each figure is a ratio or a count measured in the same run,
// so it holds on a noisy machine. BENCH_ONLY=operations,coldStart,fanOut,load,registers,portfolio
// runs a subset.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { coldStartBench } from './cold-start';
import { fanOutBench } from './fan-out';
import { loadBench } from './load';
import { operationsBench } from './operations-bench';
import { portfolioBench } from './portfolio';
import { registersBench } from './registers';

// Sections 1 and 2 (operations), 3 (cold start), 4 (fan-out), 5 (load), 6 (registers), 7 (portfolio).
const SECTIONS: Record<string, () => Promise<unknown>> = {
  operations: operationsBench,
  coldStart: () => coldStartBench(),
  fanOut: fanOutBench,
  load: loadBench,
  registers: registersBench,
  portfolio: portfolioBench,
};

async function main() {
  const only = process.env.BENCH_ONLY?.split(',');
  const machine = {
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
  console.log(
    `AIMS Cloud benchmarks — ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, DynamoDB Local`,
  );
  const results: Record<string, unknown> = { at: new Date().toISOString(), machine };
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (only && !only.includes(name)) continue;
    results[name] = await run();
  }
  mkdirSync('.local', { recursive: true });
  writeFileSync('.local/bench.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nFigures written to .local/bench.json');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
