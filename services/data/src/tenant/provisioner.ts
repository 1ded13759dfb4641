// Creates a managed tenant's own table and waits until it is ACTIVE. Self-service
// tenants live in the pooled table, so for them there is nothing to create: the
// tier alone decides where a tenant's data goes.

import { ConflictError, type Tenant, type TenantStoreProvisioner, type TenantTier } from '@aims/core';
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { TENANT_TTL_ATTRIBUTE, tenantTable } from '../tables';

export interface ProvisionerOptions {
  /** Tenant tables are named `<prefix><tenantId>`; IAM policies match the prefix. */
  tablePrefix: string;
  pooledTable: string;
  /** Off in DynamoDB Local, which has no backups; on in AWS. */
  pointInTimeRecovery: boolean;
  deletionProtection: boolean;
  /** Keep under the caller's own timeout (the API Lambda has 29 s). */
  maxWaitSeconds?: number;
}

export class DynamoTenantStoreProvisioner implements TenantStoreProvisioner {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly options: ProvisionerOptions,
  ) {}

  tableNameFor(tier: TenantTier, tenantId: string): string {
    return tier === 'MANAGED' ? `${this.options.tablePrefix}${tenantId}` : this.options.pooledTable;
  }

  async provision(tenant: Tenant): Promise<void> {
    if (tenant.tier !== 'MANAGED') return;
    const TableName = tenant.tableName;
    try {
      await this.client.send(
        new CreateTableCommand({
          ...tenantTable(TableName),
          DeletionProtectionEnabled: this.options.deletionProtection,
          Tags: [{ Key: 'aims:tenant-id', Value: tenant.id }],
        }),
      );
    } catch (error) {
      // A retried onboarding finds the table from its first attempt: carry on to the wait.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    try {
      await waitUntilTableExists(
        { client: this.client, maxWaitTime: this.options.maxWaitSeconds ?? 120, minDelay: 1, maxDelay: 5 },
        { TableName },
      );
    } catch (cause) {
      throw new ConflictError(
        'the tenant store is still being created; call resumeTenantProvisioning in a minute',
        'INVALID_STATE',
        { cause },
      );
    }
    await this.enableTimeToLive(TableName);
    if (this.options.pointInTimeRecovery) {
      await this.client.send(
        new UpdateContinuousBackupsCommand({
          TableName,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      );
    }
  }

  /** As infra does for the pooled table: expired reminders are deleted by DynamoDB, free of charge. */
  private async enableTimeToLive(TableName: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateTimeToLiveCommand({
          TableName,
          TimeToLiveSpecification: { AttributeName: TENANT_TTL_ATTRIBUTE, Enabled: true },
        }),
      );
    } catch (error) {
      // A retried onboarding finds TTL already on: DynamoDB refuses to enable it twice.
      if (!(error instanceof Error && /already enabled/i.test(error.message))) throw error;
    }
  }
}
