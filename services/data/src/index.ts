export { DynamoControlPlaneRepository } from './control-plane/control-plane-repository';
export { DynamoPortfolioSink } from './control-plane/portfolio-sink';
export { DynamoTemplateLibrary } from './control-plane/template-library';
export { createDocumentClient } from './dynamo';
export { controlKeys } from './keys';
export {
  controlPlaneTable,
  POOLED_TENANT_INDEX,
  pooledTable,
  TENANT_TTL_ATTRIBUTE,
  tenantTable,
} from './tables';
export { DynamoTenantStore, type ViolationReporter } from './tenant/dynamo-tenant-store';
export { DynamoTenantStoreProvisioner, type ProvisionerOptions } from './tenant/provisioner';
export { type ScopedClientOptions, ScopedClientProvider } from './tenant/scoped-client-provider';
export {
  type AwsLocation,
  type SessionPolicyOptions,
  TENANT_DATA_ACTIONS,
  tableArn,
  tenantSessionPolicy,
} from './tenant/session-policy';
export {
  PassThroughClientProvider,
  type TenantClientProvider,
  tenantStore,
} from './tenant/tenant-data';
export {
  DynamoTenantDataMover,
  type TenantDataMoverOptions,
} from './tenant/tenant-data-mover';
export { migrateTenantItems, type TenantItemMigratorOptions } from './tenant/tenant-item-migrator';
export {
  type PageVisitor,
  TenantItemWalker,
  type TenantItemWalkerOptions,
} from './tenant/tenant-item-walker';
