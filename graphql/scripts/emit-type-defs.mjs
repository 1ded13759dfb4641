// Emits the SDL as a TS module so Lambda bundles and tsx both load it without fs or loaders.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sdl = readFileSync(join(root, 'schema.graphql'), 'utf8');
mkdirSync(join(root, 'generated'), { recursive: true });
writeFileSync(
  join(root, 'generated', 'type-defs.ts'),
  `// Generated from graphql/schema.graphql by scripts/emit-type-defs.mjs. Do not edit.\nexport const typeDefs = ${JSON.stringify(sdl)};\n`,
);
