// Emits the SDL as a TS module so Lambda bundles and tsx both load it without fs or loaders.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, parse, validateSchema } from 'graphql';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// One file per module (numbered so the root types come first); the API serves them joined.
const dir = join(root, 'schema');
const sdl = readdirSync(dir)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'))
  .join('\n');
// The API builds the schema with assumeValidSDL/assumeValid (cold start), so an
// invalid schema must fail here: buildASTSchema throws on SDL rule violations.
const invalid = validateSchema(buildASTSchema(parse(sdl))).map((e) => e.message);
if (invalid.length > 0) throw new Error(`graphql/schema is not a valid schema:\n${invalid.join('\n')}`);
mkdirSync(join(root, 'generated'), { recursive: true });
const header = '// Generated from graphql/schema/*.graphql by scripts/emit-type-defs.mjs. Do not edit.';
writeFileSync(
  join(root, 'generated', 'type-defs.ts'),
  `${header}\nexport const typeDefs = ${JSON.stringify(sdl)};\n`,
);
// The same document already parsed, for the Lambda: JSON.parse of a string literal
// is several times faster than graphql-js lexing and parsing the SDL at cold start.
// No locations (nothing reports a position in the schema). Typed by the importer:
// this package depends on nothing.
const ast = JSON.stringify(parse(sdl, { noLocation: true }));
writeFileSync(
  join(root, 'generated', 'type-defs-ast.ts'),
  `${header}\n/** graphql-js's parse(typeDefs, { noLocation: true }), as JSON. */\nexport const typeDefsAst: { readonly kind: 'Document' } = JSON.parse(${JSON.stringify(ast)});\n`,
);
