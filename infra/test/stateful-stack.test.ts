import {
  POOLED_TENANT_INDEX as DATA_POOLED_TENANT_INDEX,
  TENANT_TTL_ATTRIBUTE as DATA_TENANT_TTL_ATTRIBUTE,
  pooledTable,
} from '@aims/data';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { POOLED_TENANT_INDEX, TENANT_TTL_ATTRIBUTE } from '../lib/data-access';
import { buildTestApp } from './support';

const { stateful } = buildTestApp();
const template = Template.fromStack(stateful);

function gsi(n: number) {
  return {
    IndexName: `GSI${n}`,
    KeySchema: [
      { AttributeName: `GSI${n}PK`, KeyType: 'HASH' },
      { AttributeName: `GSI${n}SK`, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  };
}

function attributes(indexes: number) {
  const names = ['PK', 'SK'];
  for (let i = 1; i <= indexes; i++) names.push(`GSI${i}PK`, `GSI${i}SK`);
  return names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' }));
}

const tenantItemsIndex = {
  IndexName: 'TenantItems',
  KeySchema: [
    { AttributeName: 'tenantId', KeyType: 'HASH' },
    { AttributeName: 'PK', KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'KEYS_ONLY' },
};

describe.each([
  { table: 'aims-dev-control-plane', indexes: 2, extra: [] as (typeof tenantItemsIndex)[] },
  { table: 'aims-dev-pooled', indexes: 6, extra: [tenantItemsIndex] },
])('table $table', ({ table, indexes, extra }) => {
  it('is on-demand, point-in-time recoverable, deletion-protected, encrypted and retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // SSEEnabled without a key: the AWS-managed aws/dynamodb KMS key.
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });

  it(`has string PK/SK and exactly GSI1..GSI${indexes} with all attributes projected`, () => {
    const tables = template.findResources('AWS::DynamoDB::Table', {
      Properties: { TableName: table },
    });
    const [props] = Object.values(tables).map((t) => t.Properties);
    expect(props.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    const extraAttributes = extra.length ? [{ AttributeName: 'tenantId', AttributeType: 'S' }] : [];
    expect(props.AttributeDefinitions).toEqual(
      expect.arrayContaining([...attributes(indexes), ...extraAttributes]),
    );
    expect(props.AttributeDefinitions).toHaveLength(attributes(indexes).length + extraAttributes.length);
    expect(props.GlobalSecondaryIndexes).toEqual([
      ...Array.from({ length: indexes }, (_, i) => gsi(i + 1)),
      ...extra,
    ]);
  });
});

describe('stateful stack', () => {
  it('expires control-plane items by their ttl attribute (invitations, job-run records)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'aims-dev-control-plane',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('§3.14 expires tenant items (issued reminders) by expiresAt on the pooled table, as the provisioner does for managed tables', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'aims-dev-pooled',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(TENANT_TTL_ATTRIBUTE).toBe(DATA_TENANT_TTL_ATTRIBUTE);
  });

  it('SPEC-1 gives the pooled table a keys-only TenantItems index by tenantId, the same as services/data creates locally', () => {
    expect(POOLED_TENANT_INDEX).toBe(DATA_POOLED_TENANT_INDEX);
    const local = pooledTable('x').GlobalSecondaryIndexes?.find((g) => g.IndexName === POOLED_TENANT_INDEX);
    expect(local).toEqual(tenantItemsIndex);
  });

  it('holds exactly the two tables; tenant tables are created at run time under the prefix', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    expect(stateful.tenantTablePrefix).toBe('aims-dev-tenant-');
    expect('aims-dev-pooled'.startsWith(stateful.tenantTablePrefix)).toBe(false);
    expect('aims-dev-control-plane'.startsWith(stateful.tenantTablePrefix)).toBe(false);
  });

  it('generates a retained 48-character cursor secret', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Name: 'aims/dev/cursor-secret',
        GenerateSecretString: Match.objectLike({ PasswordLength: 48 }),
      }),
    });
  });
});

describe('event bus', () => {
  it('is named for the stage and retained', () => {
    template.hasResource('AWS::Events::EventBus', {
      DeletionPolicy: 'Retain',
      Properties: { Name: 'aims-dev-events' },
    });
    expect(stateful.eventBusName).toBe('aims-dev-events');
  });
});

describe('Cognito', () => {
  it('signs in by email with a strong password policy, optional TOTP MFA and threat protection', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        UserPoolName: 'aims-dev-users',
        UsernameAttributes: ['email'],
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
  });

  it('has no custom attributes: memberships and roles stay in the control plane', () => {
    const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool'));
    const custom = (pool?.Properties.Schema ?? []).filter((a: { Name: string }) =>
      a.Name.startsWith('custom:'),
    );
    expect(custom).toEqual([]);
  });

  it('has one public web client with SRP only and no OAuth flows', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'aims-dev-web',
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });

  it('enforces threat protection and deletion protection in prod', () => {
    const prod = Template.fromStack(buildTestApp({ stage: 'prod', account: '123456789012' }).stateful);
    prod.hasResourceProperties('AWS::Cognito::UserPool', {
      DeletionProtection: 'ACTIVE',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });
});

describe('alarm topic key', () => {
  it('rotates, is retained, and lets CloudWatch encrypt alarm notifications', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: Match.objectLike({
          Statement: Match.arrayWith([
            {
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Resource: '*',
            },
          ]),
        }),
      }),
    });
  });
});
