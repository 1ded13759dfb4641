// Per-tenant DynamoDB clients built from STS credentials limited by a session
// policy. Warm requests reuse a tenant's client until shortly before its
// credentials expire, so STS is called about once per tenant per container per
// quarter hour, not per request.
import type { Tenant } from '@aims/core';
import type { STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../dynamo';
import { type AwsLocation, tenantSessionPolicy } from './session-policy';
import type { TenantClientProvider } from './tenant-data';

export interface ScopedClientOptions {
  sts: STSClient;
  /** The role whose policy reaches all tenant tables; sessions narrow it to one. */
  tenantAccessRoleArn: string;
  location: AwsLocation;
  durationSeconds?: number;
  maxCachedTenants?: number;
  now?: () => number;
  /** Sessions may also Scan a managed tenant's own table (see SessionPolicyOptions). */
  scanOwnTable?: boolean;
}

interface CachedClient {
  client: Promise<DynamoDBDocumentClient>;
  expiresAt: number;
}

const REFRESH_MARGIN_MS = 60_000;

export class ScopedClientProvider implements TenantClientProvider {
  private readonly cache = new Map<string, CachedClient>();
  private readonly now: () => number;

  constructor(private readonly options: ScopedClientOptions) {
    this.now = options.now ?? Date.now;
  }

  clientFor(tenant: Tenant): Promise<DynamoDBDocumentClient> {
    const key = `${tenant.id}|${tenant.tableName}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > this.now()) {
      // Re-insert to keep the Map in least-recently-used order.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached.client;
    }
    const durationSeconds = this.options.durationSeconds ?? 900;
    const entry: CachedClient = {
      client: this.assume(tenant, durationSeconds),
      expiresAt: this.now() + durationSeconds * 1000,
    };
    entry.client.catch(() => this.cache.delete(key));
    this.cache.set(key, entry);
    while (this.cache.size > (this.options.maxCachedTenants ?? 200)) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return entry.client;
  }

  private async assume(tenant: Tenant, durationSeconds: number): Promise<DynamoDBDocumentClient> {
    // Imported here so functions without tenant sessions never load STS.
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const out = await this.options.sts.send(
      new AssumeRoleCommand({
        RoleArn: this.options.tenantAccessRoleArn,
        RoleSessionName: `tenant-${tenant.id}`.slice(0, 64),
        DurationSeconds: durationSeconds,
        Policy: JSON.stringify(
          tenantSessionPolicy(tenant, this.options.location, {
            scanOwnTable: this.options.scanOwnTable ?? false,
          }),
        ),
        Tags: [{ Key: 'tenant-id', Value: tenant.id }],
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      throw new Error('STS returned no credentials');
    return createDocumentClient({
      region: this.options.location.region,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      },
    });
  }
}
