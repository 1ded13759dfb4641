// Control plane and tenant tables of their own on the shared DynamoDB Local, and
// tenants to run jobs for. Tables come from the shared local stack so the shapes
// are the ones the API uses.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Tenant, TenantStatus, TenantTier } from '@aims/core';
import { DynamoControlPlaneRepository, DynamoTenantStoreProvisioner } from '@aims/data';
import { ensureTables, localClients, localTables } from '@aims/local';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent } from 'aws-lambda';
import { inject } from 'vitest';

export const MANAGER = { userId: 'user-manager', role: 'AIMS_MANAGER' } as const;

export async function createJobsTestEnv() {
  const endpoint = inject('dynamoEndpoint');
  const tables = localTables(`j${randomBytes(4).toString('hex')}-`);
  const clients = localClients(endpoint);
  await ensureTables(clients.raw, tables);
  const controlPlane = new DynamoControlPlaneRepository(clients.doc, tables.controlPlane);
  const provisioner = new DynamoTenantStoreProvisioner(clients.raw, {
    tablePrefix: tables.tenantPrefix,
    pooledTable: tables.pooled,
    pointInTimeRecovery: false,
    deletionProtection: false,
  });

  /** A tenant in the control plane (and, if managed, its own table), with the manager as member. */
  async function addTenant(
    options: { tier?: TenantTier; status?: TenantStatus; id?: string; consultancyId?: string } = {},
  ) {
    const id = options.id ?? `t-${randomUUID().slice(0, 8)}`;
    const tier = options.tier ?? 'SELF_SERVICE';
    const tenant: Tenant = {
      id,
      name: `Tenant ${id}`,
      tier,
      status: options.status ?? 'ACTIVE',
      consultancyId: options.consultancyId ?? null,
      tableName: provisioner.tableNameFor(tier, id),
      createdAt: '2026-01-01T00:00:00.000Z',
      version: 1,
    };
    await provisioner.provision(tenant);
    await controlPlane.createTenant(tenant, [
      { tenantId: id, userId: MANAGER.userId, role: MANAGER.role, createdAt: tenant.createdAt },
    ]);
    return tenant;
  }

  return { endpoint, tables, clients, controlPlane, provisioner, addTenant };
}

export const silentLogger = () => new Logger({ serviceName: 'aims-jobs-test', logLevel: 'SILENT' });

export function fixedClock(iso: string) {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set: (next: string) => {
      now = new Date(next);
    },
  };
}

export const counter = (prefix: string) => {
  let n = 0;
  return { next: () => `${prefix}-${++n}` };
};

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'aims-test-jobs',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:aims-test-jobs',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/aims-test-jobs',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 60_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** An SQS batch as the event source delivers it; a string body is sent as it is. */
export function sqsEvent(bodies: unknown[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `msg-${i}`,
      receiptHandle: `rh-${i}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:aims-test-jobs',
      awsRegion: 'eu-west-1',
    })),
  };
}
