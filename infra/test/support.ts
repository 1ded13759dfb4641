// Builds the app the way bin/app.ts does, but fast: esbuild bundling and the
// built-in CloudFormation validation are skipped (cdk-nag plugins still run).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnResource, type Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildAims } from '../lib/aims-app';

export function buildTestApp(context: Record<string, unknown> = {}) {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'aims-cdk-')),
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [], region: 'eu-west-1', ...context },
  });
  return { app, ...buildAims(app) };
}

/** `Fn::Join` of the ARN `arn:<partition>:<service>:eu-west-1:<account>:<resource>`, as CDK renders it. */
export function arnJoin(service: string, resource: string) {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        `:${service}:eu-west-1:`,
        { Ref: 'AWS::AccountId' },
        `:${resource}`,
      ],
    ],
  };
}

export const dynamoArn = (rest: string) => arnJoin('dynamodb', `table/${rest}`);

/** The logical ID of a construct's CloudFormation resource (L2 → its default child). */
export function logicalId(stack: Stack, construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnResource;
  return stack.getLogicalId(resource);
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: Record<string, unknown>;
  Condition?: Record<string, unknown>;
}

export const actionsOf = (s: Statement) => [s.Action].flat();
export const resourcesOf = (s: Statement) => [s.Resource].flat();

/** Every identity-policy statement of a role: its inline policies and the AWS::IAM::Policy resources attached to it. */
export function roleStatements(template: Template, roleId: string): Statement[] {
  const role = template.findResources('AWS::IAM::Role')[roleId];
  if (!role) throw new Error(`no role ${roleId}`);
  const inline = (role.Properties.Policies ?? []).flatMap(
    (p: { PolicyDocument: { Statement: Statement[] } }) => p.PolicyDocument.Statement,
  );
  const attached = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  return [...inline, ...attached];
}

/** Statements as `{ Action, Resource }` with actions always a list, in policy order. */
export function grants(statements: Statement[], prefix: string) {
  return statements
    .filter((s) => actionsOf(s).some((a) => a.startsWith(prefix)))
    .map((s) => ({
      Action: actionsOf(s),
      Resource: s.Resource,
      ...(s.Condition ? { Condition: s.Condition } : {}),
    }));
}
