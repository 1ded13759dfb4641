// Cognito user pool and the web app client whose tokens the HTTP API's JWT
// authorizer accepts. No custom attributes: memberships and roles live in the
// control plane, so a role change takes effect at once rather than at the next
// token refresh.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

export class AimsUserPool extends Construct {
  readonly userPool: UserPool;
  readonly webClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
    const { stage } = props;
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
    this.webClient = this.userPool.addClient('WebClient', {
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
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is optional so self-service tenants can sign up unaided; TOTP is offered to every user and ' +
        'threat protection (Plus tier) challenges risky sign-ins.',
    );
  }
}
