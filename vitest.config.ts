import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CommonJS (main) and ESM (module) copies. Vite gives our source
// the ESM one while Node gives Apollo and graphql-tools the CommonJS one, and a
// schema built by one is rejected by the other ("from another module or realm").
// One copy for everything, as in the esbuild bundle.
const graphql = {
  graphql: createRequire(import.meta.url).resolve('graphql', {
    paths: [new URL('services/api/', import.meta.url).pathname],
  }),
};

// One run, four projects: pure core units, Lambda-handler integration against
// DynamoDB Local, CDK assertions, and the HTTP end-to-end test.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['packages/core/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'services',
          alias: graphql,
          include: ['services/*/src/**/*.test.ts', 'services/*/test/**/*.test.ts'],
          globalSetup: ['packages/local/src/vitest-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['infra/test/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          alias: graphql,
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
