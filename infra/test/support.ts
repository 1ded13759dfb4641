// Builds the app the way bin/app.ts does, but fast: esbuild bundling and the
// built-in CloudFormation validation are skipped (cdk-nag plugins still run).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildAims } from '../lib/aims-app';

export function buildTestApp(context: Record<string, unknown> = {}) {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'aims-cdk-')),
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [], region: 'eu-west-1', ...context },
  });
  return { app, ...buildAims(app) };
}

/** `Fn::Join` of the ARN `arn:<partition>:dynamodb:eu-west-1:<account>:table/<rest>`, as CDK renders it. */
export function dynamoArn(rest: string) {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':dynamodb:eu-west-1:',
        { Ref: 'AWS::AccountId' },
        `:table/${rest}`,
      ],
    ],
  };
}
