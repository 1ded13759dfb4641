// How every Lambda function is bundled and started, in one place: AimsFunction
// hands these to NodejsFunction and the cold-start bench to esbuild's JS API,
// so the bench measures exactly what is deployed. No aws-cdk-lib import here:
// the bench loads this file.
import type { BuildOptions } from 'esbuild';

// ESM output still meets CommonJS dependencies that call require(); this gives
// them one. Aliased so it cannot clash with a bundled `createRequire` import.
export const REQUIRE_SHIM =
  "import { createRequire as __aimsCreateRequire } from 'node:module'; const require = __aimsCreateRequire(import.meta.url);";

export const LAMBDA_BUNDLING = {
  format: 'esm',
  target: 'node24',
  platform: 'node',
  mainFields: ['module', 'main'],
  // `import` for require() too: CommonJS dependencies (@as-integrations/aws-lambda,
  // graphql-tools) otherwise pull the CommonJS copy of @apollo/server, its usage-
  // reporting protobuf and lru-cache beside the ESM copy our code imports, so the
  // bundle carried and evaluated both (~200 KB). `module` is esbuild's default
  // condition, which an explicit list would drop.
  conditions: ['module', 'import'],
  banner: REQUIRE_SHIM,
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  // The SDK is bundled, not taken from the runtime: the runtime's copy is CommonJS
  // spread over hundreds of files, and loading it through ESM (resolve, lexer,
  // compile per file) cost ~90 ms CPU more per cold start than the bundled, tree-
  // shaken ESM build. It also pins the SDK to the lockfile.
  external: [] as string[],
} as const;

/**
 * Environment every function runs with, besides its own. No
 * NODE_OPTIONS=--enable-source-maps: it makes every cold start read and index the
 * source map; the map still ships beside the bundle for decoding traces offline.
 */
export const LAMBDA_RUNTIME_ENV: Record<string, string> = {};

/** The same bundle as NodejsFunction builds (ESM output is `index.mjs`), for esbuild's JS API. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  const { banner, external, mainFields, conditions, ...rest } = LAMBDA_BUNDLING;
  return {
    ...rest,
    entryPoints: [entry],
    outfile,
    bundle: true,
    banner: { js: banner },
    external: [...external],
    mainFields: [...mainFields],
    conditions: [...conditions],
    logLevel: 'warning',
  };
}
