// Wires the API for DynamoDB Local: the same adapters as in AWS, a dev issuer in
// place of Cognito, and tables created on the spot.
import { randomUUID } from 'node:crypto';
import { CursorCodec } from '@aims/core';
import {
  controlPlaneTable,
  createDocumentClient,
  DynamoControlPlaneRepository,
  DynamoTenantStoreProvisioner,
  PassThroughClientProvider,
  tenantTable,
} from '@aims/data';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import type { DevIssuer } from '../auth/dev-issuer';
import { createTokenVerifier } from '../auth/verify-token';
import type { ApiDeps } from '../context';

export interface LocalTables {
  controlPlane: string;
  pooled: string;
  tenantPrefix: string;
}

export function localTables(prefix: string): LocalTables {
  return {
    controlPlane: `${prefix}control-plane`,
    pooled: `${prefix}pooled`,
    tenantPrefix: `${prefix}tenant-`,
  };
}

export function localClients(endpoint: string) {
  // DynamoDB Local accepts any credentials; fixed ones keep the SDK from hunting for a profile.
  const config = {
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return { raw: new DynamoDBClient(config), doc: createDocumentClient(config) };
}

export async function ensureTables(client: DynamoDBClient, tables: LocalTables): Promise<void> {
  const create = async (input: CreateTableCommandInput) => {
    try {
      await client.send(new CreateTableCommand(input));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  };
  await Promise.all([create(controlPlaneTable(tables.controlPlane)), create(tenantTable(tables.pooled))]);
}

export function localDeps(options: {
  endpoint: string;
  tables: LocalTables;
  issuer: DevIssuer;
  cursorSecret?: string;
  logLevel?: string;
  clients?: ReturnType<typeof localClients>;
}): ApiDeps {
  const { raw, doc } = options.clients ?? localClients(options.endpoint);
  return {
    stage: 'local',
    controlPlane: new DynamoControlPlaneRepository(doc, options.tables.controlPlane),
    provisioner: new DynamoTenantStoreProvisioner(raw, {
      tablePrefix: options.tables.tenantPrefix,
      pooledTable: options.tables.pooled,
      pointInTimeRecovery: false,
      deletionProtection: false,
    }),
    clients: new PassThroughClientProvider(doc),
    cursors: new CursorCodec(options.cursorSecret ?? randomUUID() + randomUUID()),
    verifyToken: createTokenVerifier({
      issuer: options.issuer.issuer,
      audience: options.issuer.audience,
      keys: options.issuer.keys,
    }),
    clock: { now: () => new Date() },
    ids: { next: () => randomUUID() },
    logger: new Logger({ serviceName: 'aims-api', logLevel: (options.logLevel ?? 'WARN') as 'WARN' }),
  };
}
