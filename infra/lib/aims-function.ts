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
import { LAMBDA_BUNDLING, LAMBDA_RUNTIME_ENV } from './bundling';
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

// A type error here if the shared bundling settings ever pick another format.
const FORMAT: Record<typeof LAMBDA_BUNDLING.format, OutputFormat> = { esm: OutputFormat.ESM };

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
        ...LAMBDA_RUNTIME_ENV,
      },
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue, retryAttempts: 2 } : {}),
      bundling: {
        forceDockerBundling: false,
        // NodejsFunction always bundles for platform node.
        format: FORMAT[LAMBDA_BUNDLING.format],
        target: LAMBDA_BUNDLING.target,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        banner: LAMBDA_BUNDLING.banner,
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourcemap,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: LAMBDA_BUNDLING.sourcesContent,
        externalModules: [...LAMBDA_BUNDLING.external],
        // NodejsFunction has no `conditions` option; esbuild's flag is the same setting.
        esbuildArgs: { '--conditions': LAMBDA_BUNDLING.conditions.join(',') },
      },
    });
    acknowledge(
      this,
      'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords (tracing: ACTIVE) have no resource-level permissions.',
    );
  }
}
