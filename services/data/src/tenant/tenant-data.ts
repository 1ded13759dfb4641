// Binds data access to one verified tenant. The client provider is the seam for
// tenant-scoped credentials in AWS (a client whose session policy reaches only
// this tenant's table or leading keys); locally it passes one client through.
import type { Tenant, TenantStore } from '@aims/core';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTenantStore, type ViolationReporter } from './dynamo-tenant-store';

export interface TenantClientProvider {
  clientFor(tenant: Tenant): Promise<DynamoDBDocumentClient>;
}

export class PassThroughClientProvider implements TenantClientProvider {
  constructor(private readonly doc: DynamoDBDocumentClient) {}
  async clientFor(): Promise<DynamoDBDocumentClient> {
    return this.doc;
  }
}

/** The one store of a tenant's data, in its own table or the pooled one. */
export async function tenantStore(
  tenant: Tenant,
  clients: TenantClientProvider,
  reportViolation?: ViolationReporter,
): Promise<TenantStore> {
  return new DynamoTenantStore(await clients.clientFor(tenant), tenant.tableName, tenant.id, reportViolation);
}
