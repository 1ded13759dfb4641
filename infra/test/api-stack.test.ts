import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { ITEM_ACTIONS, TENANT_PROVISIONING_ACTIONS } from '../lib/data-access';
import { buildTestApp, dynamoArn } from './support';

const { api } = buildTestApp();
const template = Template.fromStack(api);
const functionId = api.getLogicalId(api.apiFunction.function.node.defaultChild as CfnFunction);

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
function roleStatements(): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (s: Statement) => [s.Action].flat();

describe('HTTP API', () => {
  it('has exactly POST and GET /graphql, both behind the Cognito JWT authorizer and the API function', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['GET /graphql', 'POST /graphql']);

    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    for (const route of routes) {
      expect(route.AuthorizationType).toBe('JWT');
      expect(route.AuthorizerId).toEqual({ Ref: authorizerId });
      const integrationId = route.Target['Fn::Join'][1][1].Ref;
      expect(integrations[integrationId]?.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
        PayloadFormatVersion: '2.0',
      });
    }
  });

  it('validates Cognito tokens for the web client', () => {
    const poolId = api.getLogicalId(api.userPool.node.defaultChild as never);
    const clientId = api.getLogicalId(api.userPoolClient.node.defaultChild as never);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.eu-west-1.amazonaws.com/', { Ref: poolId }]] },
      },
    });
  });

  it('logs access and throttles the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue() }),
    });
  });
});

describe('Cognito', () => {
  it('signs in by email with a strong password policy, optional TOTP MFA and threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
  });
});

describe('API function', () => {
  const fn = template.findResources('AWS::Lambda::Function')[functionId]?.Properties;

  it('runs Node.js 22 on arm64 with 1 GB, 29 s, active tracing and its own log group', () => {
    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 29,
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('gets exactly the environment the handler validates', () => {
    const env = fn.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual(
      [
        'STAGE',
        'CONTROL_PLANE_TABLE',
        'TENANT_TABLE_PREFIX',
        'POOLED_TABLE',
        'JWT_ISSUER',
        'JWT_AUDIENCE',
        'JWKS_URL',
        'CURSOR_SECRET_ARN',
        'LOG_LEVEL',
        'POWERTOOLS_SERVICE_NAME',
        'NODE_OPTIONS',
      ].sort(),
    );
    expect(env).toMatchObject({
      STAGE: 'dev',
      CONTROL_PLANE_TABLE: 'aims-dev-control-plane',
      TENANT_TABLE_PREFIX: 'aims-dev-tenant-',
      POOLED_TABLE: 'aims-dev-pooled',
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'aims-api',
    });
    const issuer = api.resolve(`https://cognito-idp.eu-west-1.amazonaws.com/${api.userPool.userPoolId}`);
    expect(env.JWT_ISSUER).toEqual(issuer);
    expect(env.JWKS_URL).toEqual(
      api.resolve(
        `https://cognito-idp.eu-west-1.amazonaws.com/${api.userPool.userPoolId}/.well-known/jwks.json`,
      ),
    );
    expect(env.JWT_AUDIENCE).toEqual(api.resolve(api.userPoolClient.userPoolClientId));
    expect(env.CURSOR_SECRET_ARN).toEqual({ 'Fn::ImportValue': expect.stringContaining('CursorSecret') });
  });
});

describe('API function role', () => {
  const dynamo = roleStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));

  it('grants exactly item access on the two tables, Query on their indexes, and tenant tables by prefix', () => {
    const query = ['dynamodb:Query'];
    expect(dynamo.map((s) => ({ Action: actionsOf(s), Resource: s.Resource }))).toEqual([
      { Action: ITEM_ACTIONS, Resource: dynamoArn('aims-dev-control-plane') },
      { Action: query, Resource: dynamoArn('aims-dev-control-plane/index/*') },
      { Action: ITEM_ACTIONS, Resource: dynamoArn('aims-dev-pooled') },
      { Action: query, Resource: dynamoArn('aims-dev-pooled/index/*') },
      { Action: TENANT_PROVISIONING_ACTIONS, Resource: dynamoArn('aims-dev-tenant-*') },
      { Action: ITEM_ACTIONS, Resource: dynamoArn('aims-dev-tenant-*') },
      { Action: query, Resource: dynamoArn('aims-dev-tenant-*/index/*') },
    ]);
    expect([...ITEM_ACTIONS].sort()).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
  });

  it('never allows Scan, DeleteTable, dynamodb wildcards or a * resource for DynamoDB', () => {
    for (const s of roleStatements()) expect(s.Effect).toBe('Allow');
    const actions = dynamo.flatMap(actionsOf);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteTable');
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    for (const s of dynamo) {
      expect([s.Resource].flat()).not.toContain('*');
    }
  });

  it('reads the cursor secret and nothing else in Secrets Manager', () => {
    const secrets = roleStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toHaveLength(1);
    expect(actionsOf(secrets[0] as Statement).sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(secrets[0]?.Resource).toEqual({ 'Fn::ImportValue': expect.stringContaining('CursorSecret') });
  });

  it('has no AWS managed policies attached', () => {
    const roles = template.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('prod stage', () => {
  const prod = buildTestApp({ stage: 'prod', account: '123456789012' });
  const t = Template.fromStack(prod.api);

  it('names everything for the stage and runs with INFO logs', () => {
    expect(Stack.of(prod.api).account).toBe('123456789012');
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          STAGE: 'prod',
          LOG_LEVEL: 'INFO',
          CONTROL_PLANE_TABLE: 'aims-prod-control-plane',
          TENANT_TABLE_PREFIX: 'aims-prod-tenant-',
        }),
      },
    });
  });

  it('enforces threat protection and protects the user pool from deletion', () => {
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      DeletionProtection: 'ACTIVE',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('rejects a stage name that could overlap another stage’s tenant prefix', () => {
    expect(() => buildTestApp({ stage: 'dev-tenant-x' })).toThrow(/stage/);
  });
});
