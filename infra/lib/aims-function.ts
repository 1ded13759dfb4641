// One Lambda function of the app: bundled locally by esbuild (no Docker) into one
// minified ESM file with a source map, on its own role (no AWS managed policies)
// with an explicit, retention-bound log group.
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './nag';
import { REPO_ROOT, repoPath } from './paths';

export interface AimsFunctionProps {
  stage: string;
  description: string;
  /** Handler file, relative to the repository root; it exports `handler`. */
  entry: string;
  memorySize: number;
  timeout: Duration;
  /** Also sets POWERTOOLS_SERVICE_NAME. */
  serviceName: string;
  environment: Record<string, string>;
  reservedConcurrentExecutions?: number;
  /** Where failed asynchronous invocations go (after Lambda's own retries). */
  deadLetterQueue?: IQueue;
}

export const RUNTIME = Runtime.NODEJS_24_X;

// ESM output still meets CommonJS dependencies that call require(); this gives
// them one. Aliased so it cannot clash with a bundled `createRequire` import.
const REQUIRE_SHIM =
  "import { createRequire as __aimsCreateRequire } from 'node:module'; const require = __aimsCreateRequire(import.meta.url);";

export class AimsFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AimsFunctionProps) {
    super(scope, id);
    const prod = props.stage === 'prod';

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `AIMS ${props.stage}: ${props.description}`,
    });
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Replaces AWSLambdaBasicExecutionRole: write to this log group only.
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      description: `AIMS ${props.stage}: ${props.description}`,
      entry: repoPath(props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('pnpm-lock.yaml'),
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        ...props.environment,
        LOG_LEVEL: prod ? 'INFO' : 'DEBUG',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        NODE_OPTIONS: '--enable-source-maps',
      },
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue, retryAttempts: 2 } : {}),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // The Node.js runtime ships AWS SDK v3.
        externalModules: ['@aws-sdk/*'],
      },
    });
    acknowledge(
      this,
      'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords (tracing: ACTIVE) have no resource-level permissions.',
    );
  }
}
