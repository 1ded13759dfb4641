// Lambda entry point. Configuration and clients are built once per container,
// on the first invocation, and reused while it stays warm.
import { randomUUID } from 'node:crypto';
import { CursorCodec } from '@aims/core';
import {
  createDocumentClient,
  DynamoControlPlaneRepository,
  DynamoTenantStoreProvisioner,
  PassThroughClientProvider,
  ScopedClientProvider,
  type TenantClientProvider,
} from '@aims/data';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { createRemoteJWKSet } from 'jose';
import { type ApiHandler, createApiHandler } from './app';
import { createTokenVerifier } from './auth/verify-token';
import { type ApiConfig, loadConfig } from './config';

const logger = new Logger({ serviceName: 'aims-api' });

async function cursorSecret(config: ApiConfig): Promise<string> {
  if (config.CURSOR_SECRET) return config.CURSOR_SECRET;
  const out = await new SecretsManagerClient({ region: config.AWS_REGION }).send(
    new GetSecretValueCommand({ SecretId: config.CURSOR_SECRET_ARN }),
  );
  if (!out.SecretString) throw new Error('cursor secret is empty');
  return out.SecretString;
}

function tenantClients(
  config: ApiConfig,
  shared: ReturnType<typeof createDocumentClient>,
): TenantClientProvider {
  const role = config.TENANT_ACCESS_ROLE_ARN;
  if (!role) return new PassThroughClientProvider(shared);
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
    clients: tenantClients(config, doc),
    cursors: new CursorCodec(await cursorSecret(config)),
    verifyToken: createTokenVerifier({
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      keys: createRemoteJWKSet(new URL(config.JWKS_URL)),
    }),
    clock: { now: () => new Date() },
    ids: { next: () => randomUUID() },
    logger,
  });
}

let api: Promise<ApiHandler> | undefined;

export const handler: ApiHandler = async (event, context) => {
  api ??= build().catch((error) => {
    api = undefined;
    throw error;
  });
  return (await api)(event, context);
};
