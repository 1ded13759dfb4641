// Lambda entry point. Configuration and clients are built at module load (top-level
// await), so Lambda's init phase, which runs with a CPU boost and before any
// request waits, absorbs the work; warm invocations reuse them.
import { randomUUID } from 'node:crypto';
import { CursorCodec } from '@aims/core';
import {
  createDocumentClient,
  DynamoControlPlaneRepository,
  DynamoPortfolioSink,
  DynamoTemplateLibrary,
  DynamoTenantStoreProvisioner,
  PassThroughClientProvider,
  ScopedClientProvider,
  type TenantClientProvider,
} from '@aims/data';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRemoteJWKSet } from 'jose';
import { type ApiHandler, createApiHandler } from './app';
import { createTokenVerifier } from './auth/verify-token';
import { type ApiConfig, loadConfig } from './config';
import { loadCursorKeys } from './cursor-keys';

const logger = new Logger({ serviceName: 'aims-api' });

// STS is loaded only where configured: each SDK client adds tens of milliseconds
// to a cold start.
async function tenantClients(
  config: ApiConfig,
  shared: ReturnType<typeof createDocumentClient>,
): Promise<TenantClientProvider> {
  const role = config.TENANT_ACCESS_ROLE_ARN;
  if (!role) return new PassThroughClientProvider(shared);
  const { STSClient } = await import('@aws-sdk/client-sts');
  const [, partition = 'aws', , , account = ''] = role.split(':');
  return new ScopedClientProvider({
    sts: new STSClient({ region: config.AWS_REGION }),
    tenantAccessRoleArn: role,
    location: { partition, region: config.AWS_REGION, account },
  });
}

async function build(): Promise<ApiHandler> {
  const config = loadConfig();
  const clientConfig = {
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
  };
  const doc = createDocumentClient(clientConfig);
  const [clients, cursorKeys] = await Promise.all([tenantClients(config, doc), loadCursorKeys(config)]);
  return createApiHandler({
    stage: config.STAGE,
    controlPlane: new DynamoControlPlaneRepository(doc, config.CONTROL_PLANE_TABLE),
    provisioner: new DynamoTenantStoreProvisioner(new DynamoDBClient(clientConfig), {
      tablePrefix: config.TENANT_TABLE_PREFIX,
      pooledTable: config.POOLED_TABLE,
      pointInTimeRecovery: !config.DYNAMODB_ENDPOINT,
      deletionProtection: config.STAGE === 'prod',
      // The HTTP API gives up at 30 s; a slower table is finished by resumeTenantProvisioning.
      maxWaitSeconds: 20,
    }),
    clients,
    cursors: new CursorCodec(cursorKeys),
    verifyToken: createTokenVerifier({
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      keys: createRemoteJWKSet(new URL(config.JWKS_URL)),
    }),
    clock: { now: () => new Date() },
    ids: { next: () => randomUUID() },
    logger,
    portfolio: new DynamoPortfolioSink(doc, config.CONTROL_PLANE_TABLE),
    templates: new DynamoTemplateLibrary(doc, config.CONTROL_PLANE_TABLE),
  });
}

// A failure here (invalid configuration, unreadable secret) fails the init phase:
// Lambda logs the error and retries init on the next request.
const api = await build().catch((error: unknown) => {
  logger.error('the API could not start', error as Error);
  throw error;
});

export const handler: ApiHandler = (event, context) => api(event, context);
