// Deployment settings read from CDK context (or the environment), validated once.
import type { App, Environment } from 'aws-cdk-lib';

export const DEFAULT_REGION = 'eu-west-1';

export interface AimsConfig {
  stage: string;
  env: Environment;
  /** Browser origins allowed to call the API (CORS); empty means no CORS configuration. */
  allowedOrigins: string[];
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
  return {
    stage,
    env: account ? { region, account } : { region },
    allowedOrigins: listContext(app.node.tryGetContext('allowedOrigins')),
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
  };
}
