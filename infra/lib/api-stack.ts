// Request path: Cognito user pool, HTTP API with a JWT authorizer on every route,
// and the GraphQL Lambda with least-privilege access to the stateful resources.
import { CfnOutput, Duration, ReferenceStrength, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
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
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_CROSS_STACK_REFERENCES } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { ApiFunction } from './api-function';
import { acknowledge, resourceFinding } from './nag';
import type { StatefulStack } from './stateful-stack';

export interface ApiStackProps extends StackProps {
  stage: string;
  data: StatefulStack;
  allowedOrigins?: string[];
}

export class ApiStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly api: HttpApi;
  readonly apiFunction: ApiFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    // The only cross-stack reference is the cursor secret's ARN, a retained resource
    // that is never replaced: a plain export/import ("strong") is the right coupling.
    this.node.setContext(DEFAULT_CROSS_STACK_REFERENCES, ReferenceStrength.STRONG);
    const { stage, data } = props;
    const prod = stage === 'prod';

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `aims-${stage}-users`,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      // Self-service tenants sign up themselves; the API admits nobody without a membership.
      selfSignUpEnabled: true,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      // Threat protection blocks risky sign-ins in prod; dev only records them.
      standardThreatProtectionMode: prod
        ? StandardThreatProtectionMode.FULL_FUNCTION
        : StandardThreatProtectionMode.AUDIT_ONLY,
      deletionProtection: prod,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `aims-${stage}-web`,
      // Public (browser) client: no secret, SRP only, no hosted-UI OAuth flows.
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    const issuer = `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.apiFunction = new ApiFunction(this, 'Api', {
      stage,
      environment: {
        STAGE: stage,
        CONTROL_PLANE_TABLE: data.controlPlane.tableName,
        TENANT_TABLE_PREFIX: data.tenantTablePrefix,
        POOLED_TABLE: data.pooled.tableName,
        JWT_ISSUER: issuer,
        JWT_AUDIENCE: this.userPoolClient.userPoolClientId,
        JWKS_URL: `${issuer}/.well-known/jwks.json`,
        CURSOR_SECRET_ARN: data.cursorSecret.secretArn,
        LOG_LEVEL: prod ? 'INFO' : 'DEBUG',
        POWERTOOLS_SERVICE_NAME: 'aims-api',
      },
    });
    const fn = this.apiFunction.function;
    data.controlPlane.grantItemAccess(fn);
    data.pooled.grantItemAccess(fn);
    // Onboarding creates managed tenants' tables from the API.
    data.grantTenantTables(fn, { provisioning: true });
    data.cursorSecret.grantRead(fn);
    this.acknowledgeFunctionPolicy(data);

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `aims-${stage}-api`,
      description: `AIMS ${stage} GraphQL API`,
      createDefaultStage: false,
      corsPreflight: props.allowedOrigins?.length
        ? {
            allowOrigins: props.allowedOrigins,
            allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
            allowHeaders: ['authorization', 'content-type', 'apollo-require-preflight'],
            maxAge: Duration.hours(1),
          }
        : undefined,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const stageResource = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
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

    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      userPoolClients: [this.userPoolClient],
    });
    this.api.addRoutes({
      path: '/graphql',
      methods: [HttpMethod.POST, HttpMethod.GET],
      integration: new HttpLambdaIntegration('GraphqlIntegration', fn),
      authorizer,
    });

    new CfnOutput(this, 'GraphqlUrl', { value: `${stageResource.url}graphql` });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'JwtIssuer', { value: issuer });

    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is optional so self-service tenants can sign up unaided; TOTP is offered to every user and ' +
        'threat protection (Plus tier) challenges risky sign-ins.',
    );
  }

  /** The wildcards left in the function policy, each with its reason. */
  private acknowledgeFunctionPolicy(data: StatefulStack): void {
    const scope = this.apiFunction;
    acknowledge(
      scope,
      'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords (tracing: ACTIVE) have no resource-level permissions.',
    );
    for (const table of [data.controlPlane, data.pooled]) {
      acknowledge(
        scope,
        `AwsSolutions-IAM5[${resourceFinding(this, `${table.arn}/index/*`)}]`,
        `dynamodb:Query only, on the indexes of the one table ${table.tableName}.`,
      );
    }
    acknowledge(
      scope,
      `AwsSolutions-IAM5[${resourceFinding(this, data.tenantTableArnPattern)}]`,
      'Managed tenant tables are created at run time by onboarding, so only their name prefix is known. ' +
        'Item actions without Scan, and create/describe/backup/tag without DeleteTable. ' +
        'Per-request STS session policies will narrow this to one tenant.',
    );
    acknowledge(
      scope,
      `AwsSolutions-IAM5[${resourceFinding(this, `${data.tenantTableArnPattern}/index/*`)}]`,
      'dynamodb:Query only, on the indexes of managed tenant tables (named by prefix, created at run time).',
    );
  }
}
