// The GraphQL API Lambda: bundled locally by esbuild into one ESM file, with its
// own role (no AWS managed policies) and an explicit, retention-bound log group.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './nag';
import { REPO_ROOT, repoPath } from './paths';

export interface ApiFunctionProps {
  stage: string;
  environment: Record<string, string>;
}

// ESM output still meets CommonJS dependencies that call require(); this gives
// them one. Aliased so it cannot clash with a bundled `createRequire` import.
const REQUIRE_SHIM =
  "import { createRequire as __aimsCreateRequire } from 'node:module'; const require = __aimsCreateRequire(import.meta.url);";

export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const prod = props.stage === 'prod';

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `AIMS ${props.stage} GraphQL API function`,
    });
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Replaces AWSLambdaBasicExecutionRole: write to this log group only.
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      description: `AIMS ${props.stage} GraphQL API`,
      entry: repoPath('services/api/src/handler.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('pnpm-lock.yaml'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      // HTTP API integrations give up after 30 s.
      timeout: Duration.seconds(29),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // The Node.js 22 runtime ships AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
      },
    });
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'Node.js 22.x is the runtime the project targets (bundle target node22, local tooling on Node 20/22); ' +
        'moving to 24.x is a deliberate upgrade, not an automatic one.',
    );
  }
}
