// Wires the API for DynamoDB Local: the same adapters as in AWS, a dev issuer in
// place of Cognito. Tables and clients come from @aims/local.
import { randomUUID } from 'node:crypto';
import { CursorCodec, cursorKey } from '@aims/core';
import {
  DynamoControlPlaneRepository,
  DynamoPortfolioSink,
  DynamoTemplateLibrary,
  DynamoTenantStoreProvisioner,
  PassThroughClientProvider,
} from '@aims/data';
import { type DevIssuer, type LocalClients, type LocalTables, localClients } from '@aims/local';
import { Logger } from '@aws-lambda-powertools/logger';
import { createTokenVerifier } from '../auth/verify-token';
import type { ApiDeps } from '../context';

export function localDeps(options: {
  endpoint: string;
  tables: LocalTables;
  issuer: DevIssuer;
  cursorSecret?: string;
  logLevel?: string;
  clients?: LocalClients;
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
    cursors: new CursorCodec({ current: cursorKey(options.cursorSecret ?? randomUUID() + randomUUID()) }),
    verifyToken: createTokenVerifier({
      issuer: options.issuer.issuer,
      audience: options.issuer.audience,
      keys: options.issuer.keys,
    }),
    clock: { now: () => new Date() },
    ids: { next: () => randomUUID() },
    logger: new Logger({ serviceName: 'aims-api', logLevel: (options.logLevel ?? 'WARN') as 'WARN' }),
    portfolio: new DynamoPortfolioSink(doc, options.tables.controlPlane),
    templates: new DynamoTemplateLibrary(doc, options.tables.controlPlane),
  };
}
