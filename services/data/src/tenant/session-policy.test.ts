import type { Tenant } from '@aims/core';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ScopedClientProvider } from './scoped-client-provider';
import { TENANT_DATA_ACTIONS, tenantSessionPolicy } from './session-policy';

const location = { region: 'eu-west-1', account: '123456789012' };
const managed: Tenant = {
  id: 'a1b2',
  name: 'Acme',
  tier: 'MANAGED',
  status: 'ACTIVE',
  consultancyId: 'c1',
  tableName: 'aims-prod-tenant-a1b2',
  createdAt: '2026-01-01T00:00:00.000Z',
  version: 2,
};
const pooled: Tenant = { ...managed, id: 'p9', tier: 'SELF_SERVICE', tableName: 'aims-prod-pooled' };

describe('tenantSessionPolicy', () => {
  it('limits a managed tenant to its own table and its indexes, item actions only', () => {
    expect(tenantSessionPolicy(managed, location)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OwnTable',
          Effect: 'Allow',
          Action: [...TENANT_DATA_ACTIONS],
          Resource: [
            'arn:aws:dynamodb:eu-west-1:123456789012:table/aims-prod-tenant-a1b2',
            'arn:aws:dynamodb:eu-west-1:123456789012:table/aims-prod-tenant-a1b2/index/*',
          ],
        },
      ],
    });
  });

  it('limits a pooled tenant to the leading keys that start with its id', () => {
    const policy = tenantSessionPolicy(pooled, location);
    expect(policy.Statement).toHaveLength(2);
    expect(policy.Statement[0]?.Resource).toEqual([
      'arn:aws:dynamodb:eu-west-1:123456789012:table/aims-prod-pooled',
      'arn:aws:dynamodb:eu-west-1:123456789012:table/aims-prod-pooled/index/*',
    ]);
    expect(policy.Statement[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#p9#*'] },
    });
  });

  it('SPEC-1 lets a pooled tenant query only its own partition of the TenantItems index (keyed by the bare id)', () => {
    expect(tenantSessionPolicy(pooled, location).Statement[1]).toEqual({
      Sid: 'OwnTenantItemsIndex',
      Effect: 'Allow',
      Action: ['dynamodb:Query'],
      Resource: ['arn:aws:dynamodb:eu-west-1:123456789012:table/aims-prod-pooled/index/TenantItems'],
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['p9'] } },
    });
  });

  it('never grants Scan, table management or wildcards on actions', () => {
    for (const tenant of [managed, pooled]) {
      const actions = tenantSessionPolicy(tenant, location).Statement.flatMap((s) => s.Action);
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.some((a) => a.includes('*') || /Table|Backup/.test(a))).toBe(false);
    }
  });

  it('§3.14 data-migrations: a scanning session may Scan a managed tenant’s own table (not its indexes), never the pooled table', () => {
    const own = tenantSessionPolicy(managed, location, { scanOwnTable: true });
    expect(own.Statement.filter((s) => s.Action.includes('dynamodb:Scan'))).toEqual([
      {
        Sid: 'OwnTableScan',
        Effect: 'Allow',
        Action: ['dynamodb:Scan'],
        Resource: ['arn:aws:dynamodb:eu-west-1:123456789012:table/aims-prod-tenant-a1b2'],
      },
    ]);
    const shared = tenantSessionPolicy(pooled, location, { scanOwnTable: true });
    expect(shared).toEqual(tenantSessionPolicy(pooled, location));
    expect(shared.Statement.flatMap((s) => s.Action)).not.toContain('dynamodb:Scan');
  });

  it('refuses tenant ids that could widen a wildcard', () => {
    expect(() => tenantSessionPolicy({ ...pooled, id: '*' }, location)).toThrow();
    expect(() => tenantSessionPolicy({ ...pooled, id: 'a#b' }, location)).toThrow();
  });

  it('fits within the 2,048-character packed session policy limit', () => {
    expect(JSON.stringify(tenantSessionPolicy(pooled, location)).length).toBeLessThan(2048);
  });
});

describe('ScopedClientProvider', () => {
  function provider(now: { t: number }) {
    const sts = new STSClient({ region: 'eu-west-1' });
    const mock = mockClient(sts);
    mock.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'AKIA',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(now.t + 900_000),
      },
    });
    const p = new ScopedClientProvider({
      sts,
      tenantAccessRoleArn: 'arn:aws:iam::123456789012:role/tenant-access',
      location,
      now: () => now.t,
      maxCachedTenants: 2,
    });
    return { p, mock };
  }

  it('assumes the tenant-access role with the tenant’s session policy', async () => {
    const { p, mock } = provider({ t: 0 });
    await p.clientFor(pooled);
    const call = mock.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
    expect(call?.RoleArn).toBe('arn:aws:iam::123456789012:role/tenant-access');
    expect(call?.RoleSessionName).toBe('tenant-p9');
    expect(JSON.parse(String(call?.Policy))).toEqual(tenantSessionPolicy(pooled, location));
  });

  it('§3.14 a scanning provider asks for Scan on a managed tenant’s own table only', async () => {
    const sts = new STSClient({ region: 'eu-west-1' });
    const mock = mockClient(sts);
    mock.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'A',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(900_000),
      },
    });
    const p = new ScopedClientProvider({
      sts,
      tenantAccessRoleArn: 'arn:aws:iam::123456789012:role/tenant-access',
      location,
      scanOwnTable: true,
    });
    await p.clientFor(managed);
    const policy = JSON.parse(String(mock.commandCalls(AssumeRoleCommand)[0]?.args[0].input.Policy));
    expect(policy).toEqual(tenantSessionPolicy(managed, location, { scanOwnTable: true }));
  });

  it('reuses a tenant’s client while its credentials are fresh, and renews them near expiry', async () => {
    const now = { t: 0 };
    const { p, mock } = provider(now);
    const first = await p.clientFor(managed);
    expect(await p.clientFor(managed)).toBe(first);
    now.t = 900_000 - 30_000;
    expect(await p.clientFor(managed)).not.toBe(first);
    expect(mock.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('never hands one tenant another tenant’s client, and evicts the least recently used', async () => {
    const { p, mock } = provider({ t: 0 });
    const a = await p.clientFor(managed);
    const b = await p.clientFor(pooled);
    expect(a).not.toBe(b);
    await p.clientFor({ ...managed, id: 'third', tableName: 'aims-prod-tenant-third' });
    await p.clientFor(managed);
    expect(mock.commandCalls(AssumeRoleCommand)).toHaveLength(4);
  });
});
