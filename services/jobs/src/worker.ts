// Lambda entry point of the job worker (SQS event source with
// ReportBatchItemFailures). Clients, and the per-tenant credential cache with
// them, live as long as the container.
import { randomUUID } from 'node:crypto';
import { createDocumentClient, DynamoControlPlaneRepository, DynamoPortfolioSink } from '@aims/data';
import { Logger } from '@aws-lambda-powertools/logger';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { loadWorkerConfig } from './config';
import { EventBridgePublisher } from './events';
import { JobRunStore } from './job-runs';
import { tenantClientProvider } from './tenant-clients';
import { createWorkerHandler, type WorkerHandler } from './work';

const logger = new Logger({ serviceName: 'aims-jobs' });

function build(): WorkerHandler {
  const config = loadWorkerConfig();
  const doc = createDocumentClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
  });
  return createWorkerHandler({
    controlPlane: new DynamoControlPlaneRepository(doc, config.CONTROL_PLANE_TABLE),
    runs: new JobRunStore(doc, config.CONTROL_PLANE_TABLE),
    clients: tenantClientProvider({
      tenantAccessRoleArn: config.TENANT_ACCESS_ROLE_ARN,
      region: config.AWS_REGION,
      shared: doc,
    }),
    scanningClients: tenantClientProvider({
      tenantAccessRoleArn: config.TENANT_ACCESS_ROLE_ARN,
      region: config.AWS_REGION,
      shared: doc,
      scanOwnTable: true,
    }),
    events: new EventBridgePublisher(
      new EventBridgeClient({ region: config.AWS_REGION }),
      config.EVENT_BUS_NAME,
    ),
    portfolio: new DynamoPortfolioSink(doc, config.CONTROL_PLANE_TABLE),
    clock: { now: () => new Date() },
    ids: { next: () => randomUUID() },
    logger,
  });
}

let work: WorkerHandler | undefined;

export const handler: WorkerHandler = (event, context) => {
  work ??= build();
  return work(event, context);
};
