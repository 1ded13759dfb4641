import { defineConfig } from 'vitest/config';

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
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
