// Request path: the HTTP API with the Cognito JWT authorizer on every route, and
// the GraphQL function. The function reaches the control plane directly and
// tenant data only through the tenant-access role (granted by the stack).
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AimsFunction } from './aims-function';
import { grantStatements, TENANT_PROVISIONING_ACTIONS } from './data-access';
import { acknowledge, resourceFinding } from './nag';
import type { StatefulStack } from './stateful-stack';

export interface GraphqlApiProps {
  stage: string;
  data: StatefulStack;
  allowedOrigins: string[];
}

export class GraphqlApi extends Construct {
  readonly handler: AimsFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: GraphqlApiProps) {
    super(scope, id);
    const { stage, data } = props;
    const prod = stage === 'prod';
    const { userPool, webClient } = data.users;

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${userPool.userPoolId}`;
    this.handler = new AimsFunction(this, 'Handler', {
      stage,
      description: 'GraphQL API',
      entry: 'services/api/src/handler.ts',
      memorySize: 1024,
      // HTTP API integrations give up after 30 s.
      timeout: Duration.seconds(29),
      serviceName: 'aims-api',
      environment: {
        STAGE: stage,
        CONTROL_PLANE_TABLE: data.controlPlane.tableName,
        TENANT_TABLE_PREFIX: data.tenantTablePrefix,
        POOLED_TABLE: data.pooled.tableName,
        JWT_ISSUER: this.issuer,
        JWT_AUDIENCE: webClient.userPoolClientId,
        JWKS_URL: `${this.issuer}/.well-known/jwks.json`,
        CURSOR_SECRET_ARN: data.cursorSecret.secretArn,
      },
    });
    const fn = this.handler.function;
    data.controlPlane.grantItemAccess(fn);
    // Onboarding creates managed tenants' tables; their items need the tenant-access role.
    grantStatements(fn, [
      new PolicyStatement({ actions: TENANT_PROVISIONING_ACTIONS, resources: [data.tenantTableArnPattern] }),
    ]);
    data.cursorSecret.grantRead(fn);
    acknowledge(
      this.handler,
      `AwsSolutions-IAM5[${resourceFinding(this, data.tenantTableArnPattern)}]`,
      'Onboarding creates managed tenant tables at run time, so only their name prefix is known. Create, ' +
        'describe, enable backups and tag only: no item access (that goes through the tenant-access role) ' +
        'and no DeleteTable.',
    );

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `aims-${stage}-api`,
      description: `AIMS ${stage} GraphQL API`,
      createDefaultStage: false,
      corsPreflight: props.allowedOrigins.length
        ? {
            allowOrigins: props.allowedOrigins,
            allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
            allowHeaders: ['authorization', 'content-type', 'x-tenant-id', 'apollo-require-preflight'],
            maxAge: Duration.hours(1),
          }
        : undefined,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', userPool, {
      userPoolClients: [webClient],
    });
    this.httpApi.addRoutes({
      path: '/graphql',
      methods: [HttpMethod.POST, HttpMethod.GET],
      integration: new HttpLambdaIntegration('GraphqlIntegration', fn),
      authorizer,
    });
  }
}
