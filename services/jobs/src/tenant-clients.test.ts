import { createDocumentClient, PassThroughClientProvider, ScopedClientProvider } from '@aims/data';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config';
import { tenantClientProvider } from './tenant-clients';

const sts = mockClient(STSClient);
const shared = createDocumentClient({ region: 'eu-west-1' });
afterEach(() => sts.reset());

describe('tenantClientProvider', () => {
  it('passes the shared client through when no tenant-access role is configured (local)', async () => {
    const provider = tenantClientProvider({ region: 'eu-west-1', shared });
    expect(provider).toBeInstanceOf(PassThroughClientProvider);
  });

  it('assumes the tenant-access role per tenant, with a policy for that tenant’s table in the role’s account', async () => {
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'a', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date() },
    });
    const role = 'arn:aws-us-gov:iam::210987654321:role/aims-prod-tenant-access';
    const provider = tenantClientProvider({ tenantAccessRoleArn: role, region: 'us-gov-west-1', shared });
    expect(provider).toBeInstanceOf(ScopedClientProvider);
    await provider.clientFor({
      id: 't-1',
      name: 'Acme',
      tier: 'MANAGED',
      status: 'ACTIVE',
      consultancyId: null,
      tableName: 'aims-prod-tenant-t-1',
      createdAt: '',
      version: 1,
    });
    const input = sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
    expect(input?.RoleArn).toBe(role);
    expect(JSON.parse(input?.Policy ?? '{}').Statement[0].Resource[0]).toBe(
      'arn:aws-us-gov:dynamodb:us-gov-west-1:210987654321:table/aims-prod-tenant-t-1',
    );
  });
});

describe('worker configuration', () => {
  const env = { CONTROL_PLANE_TABLE: 'aims-dev-control-plane', EVENT_BUS_NAME: 'aims-dev-events' };

  it('needs the control plane and the event bus; the tenant-access role is optional', () => {
    expect(loadWorkerConfig(env)).toMatchObject({ ...env, AWS_REGION: 'eu-west-1' });
    expect(() => loadWorkerConfig({ CONTROL_PLANE_TABLE: 'x' })).toThrow(/EVENT_BUS_NAME/);
  });

  it('refuses a tenant-access role that is not an IAM role ARN', () => {
    expect(() => loadWorkerConfig({ ...env, TENANT_ACCESS_ROLE_ARN: 'aims-dev-tenant-access' })).toThrow(
      /TENANT_ACCESS_ROLE_ARN/,
    );
  });
});
