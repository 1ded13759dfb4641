// Emits the SDL as a TS module so Lambda bundles and tsx both load it without fs or loaders.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One file per module (numbered so the root types come first); the API serves them joined.
const dir = join(root, 'schema');
const sdl = readdirSync(dir)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'))
  .join('\n');
mkdirSync(join(root, 'generated'), { recursive: true });
writeFileSync(
  join(root, 'generated', 'type-defs.ts'),
  `// Generated from graphql/schema/*.graphql by scripts/emit-type-defs.mjs. Do not edit.\nexport const typeDefs = ${JSON.stringify(sdl)};\n`,
);
