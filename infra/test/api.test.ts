import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ITEM_ACTIONS, TENANT_PROVISIONING_ACTIONS } from '../lib/data-access';
import { buildTestApp, dynamoArn, grants, logicalId, roleStatements } from './support';

const { services, stateful } = buildTestApp();
const template = Template.fromStack(services);
const functionId = logicalId(services, services.api.handler.function);
const roleId = logicalId(services, services.api.handler.role);
const importOf = (name: string) => ({ 'Fn::ImportValue': expect.stringContaining(name) });
const cdkImportOf = (name: string) => ({ 'Fn::ImportValue': Match.stringLikeRegexp(name) });

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

  it('validates tokens of the stateful stack’s user pool and web client', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [cdkImportOf('RefUsersUserPoolWebClient[0-9A-F]+$')],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.eu-west-1.amazonaws.com/', cdkImportOf('RefUsersUserPool[0-9A-F]+$')],
          ],
        },
      },
    });
  });

  it('logs access and throttles the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }),
    });
  });

  it('has no CORS configuration unless origins are given', () => {
    const [api] = Object.values(template.findResources('AWS::ApiGatewayV2::Api'));
    expect(api?.Properties.CorsConfiguration).toBeUndefined();
    const withCors = Template.fromStack(buildTestApp({ allowedOrigins: 'https://app.example.com' }).services);
    withCors.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ['https://app.example.com'],
        // Browsers must be able to send the documented tenant header.
        AllowHeaders: Match.arrayWith(['authorization', 'x-tenant-id']),
      }),
    });
  });
});

describe('API function', () => {
  const fn = template.findResources('AWS::Lambda::Function')[functionId]?.Properties;

  it('runs Node.js 24 on arm64 with 1 GB, 29 s, active tracing and its own month-long log group', () => {
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 29,
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
    });
    const logGroupId = fn.LoggingConfig.LogGroup.Ref;
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties).toEqual({
      RetentionInDays: 30,
    });
  });

  it('gets exactly the environment the handler validates, including the tenant-access role', () => {
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
        'TENANT_ACCESS_ROLE_ARN',
        'LOG_LEVEL',
        'POWERTOOLS_SERVICE_NAME',
      ].sort(),
    );
    expect(env).toMatchObject({
      STAGE: 'dev',
      CONTROL_PLANE_TABLE: 'aims-dev-control-plane',
      TENANT_TABLE_PREFIX: 'aims-dev-tenant-',
      POOLED_TABLE: 'aims-dev-pooled',
      LOG_LEVEL: 'DEBUG',
      POWERTOOLS_SERVICE_NAME: 'aims-api',
    });
    const pool = stateful.users.userPool.userPoolId;
    expect(env.JWT_ISSUER).toEqual(services.resolve(`https://cognito-idp.eu-west-1.amazonaws.com/${pool}`));
    expect(env.JWKS_URL).toEqual(
      services.resolve(`https://cognito-idp.eu-west-1.amazonaws.com/${pool}/.well-known/jwks.json`),
    );
    expect(env.JWT_AUDIENCE).toEqual(importOf('UserPoolWebClient'));
    expect(env.CURSOR_SECRET_ARN).toEqual(importOf('CursorSecret'));
    expect(env.TENANT_ACCESS_ROLE_ARN).toEqual({
      'Fn::GetAtt': [logicalId(services, services.tenantAccess.role), 'Arn'],
    });
  });
});

describe('API function role', () => {
  const statements = roleStatements(template, roleId);

  it('reaches the control plane for items and its two indexes, and creates tenant tables by prefix', () => {
    expect(grants(statements, 'dynamodb:')).toEqual([
      { Action: ITEM_ACTIONS, Resource: dynamoArn('aims-dev-control-plane') },
      {
        Action: ['dynamodb:Query'],
        Resource: [
          dynamoArn('aims-dev-control-plane/index/GSI1'),
          dynamoArn('aims-dev-control-plane/index/GSI2'),
        ],
      },
      { Action: TENANT_PROVISIONING_ACTIONS, Resource: dynamoArn('aims-dev-tenant-*') },
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

  it('assumes the tenant-access role (with session tags) and no other', () => {
    expect(grants(statements, 'sts:')).toEqual([
      {
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Resource: { 'Fn::GetAtt': [logicalId(services, services.tenantAccess.role), 'Arn'] },
      },
    ]);
  });

  it('reads the cursor secret and nothing else in Secrets Manager', () => {
    expect(grants(statements, 'secretsmanager:')).toEqual([
      {
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: importOf('CursorSecret'),
      },
    ]);
  });

  it('writes only its own log group, and nothing but X-Ray on *', () => {
    expect(grants(statements, 'logs:')).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logicalId(services, services.api.handler.logGroup), 'Arn'] },
      },
    ]);
    const star = statements.filter((s) => JSON.stringify(s.Resource) === '"*"');
    expect(star.flatMap((s) => [s.Action].flat())).toEqual([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
    ]);
    const services_ = new Set(statements.flatMap((s) => [s.Action].flat()).map((a) => a.split(':')[0]));
    expect([...services_].sort()).toEqual(['dynamodb', 'logs', 'secretsmanager', 'sts', 'xray']);
  });
});

describe('prod stage', () => {
  const prod = buildTestApp({ stage: 'prod', account: '123456789012' });
  const t = Template.fromStack(prod.services);

  it('names everything for the stage and runs with INFO logs', () => {
    expect(Stack.of(prod.services).account).toBe('123456789012');
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

  it('rejects a stage name that could overlap another stage’s tenant prefix', () => {
    expect(() => buildTestApp({ stage: 'dev-tenant-x' })).toThrow(/stage/);
  });
});
