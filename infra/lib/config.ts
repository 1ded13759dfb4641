// Deployment settings read from CDK context (or the environment), validated once.
import type { App, Environment } from 'aws-cdk-lib';

export const DEFAULT_REGION = 'eu-west-1';

export interface AimsConfig {
  stage: string;
  env: Environment;
  /** Browser origins allowed to call the API (CORS); empty means no CORS configuration. */
  allowedOrigins: string[];
  /** Reserved concurrency of the job worker, and the queue poller's ceiling. */
  workerConcurrency: number;
  /** Optional address subscribed to the alarm topic. */
  alarmEmail?: string;
}

// No hyphens: every physical name is `aims-<stage>-…`, and a hyphenated stage such
// as `dev-tenant-x` would fall under the `aims-dev-tenant-*` IAM pattern of `dev`.
const STAGE_PATTERN = /^[a-z][a-z0-9]{1,15}$/;

export function readConfig(app: App): AimsConfig {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(
      `context "stage" must match ${STAGE_PATTERN} (lowercase letters and digits), got "${stage}"`,
    );
  }
  // The CDK CLI overwrites CDK_DEFAULT_REGION, so AWS_REGION wins over it.
  const region: string =
    app.node.tryGetContext('region') ??
    process.env.AWS_REGION ??
    process.env.CDK_DEFAULT_REGION ??
    DEFAULT_REGION;
  // Optional: without an account the templates use AWS::AccountId and synth works offline.
  const account: string | undefined = app.node.tryGetContext('account') ?? process.env.CDK_DEFAULT_ACCOUNT;
  const workerConcurrency = Number(app.node.tryGetContext('workerConcurrency') ?? 5);
  // An SQS event source polls with at least two concurrent invocations.
  if (!Number.isInteger(workerConcurrency) || workerConcurrency < 2 || workerConcurrency > 100) {
    throw new Error(
      `context "workerConcurrency" must be an integer from 2 to 100, got "${workerConcurrency}"`,
    );
  }
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  return {
    stage,
    env: account ? { region, account } : { region },
    allowedOrigins: listContext(app.node.tryGetContext('allowedOrigins')),
    workerConcurrency,
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}

function listContext(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.trim()) return value.split(',').map((s) => s.trim());
  return [];
}

/** Physical names shared by both stacks; tenant tables are created at run time under the prefix. */
export function dataNames(stage: string) {
  return {
    controlPlaneTable: `aims-${stage}-control-plane`,
    pooledTable: `aims-${stage}-pooled`,
    tenantTablePrefix: `aims-${stage}-tenant-`,
    cursorSecret: `aims/${stage}/cursor-secret`,
    eventBus: `aims-${stage}-events`,
  };
}
