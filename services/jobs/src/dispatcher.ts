// Lambda entry point of the job dispatcher (EventBridge Scheduler invokes it
// with `{ "job": "<name>" }`). Clients are built once per container.
import { createDocumentClient, DynamoControlPlaneRepository } from '@aims/data';
import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadDispatcherConfig } from './config';
import { createDispatchHandler, type DispatchHandler } from './dispatch';
import { SqsJobQueue } from './job-queue';

const logger = new Logger({ serviceName: 'aims-jobs' });

function build(): DispatchHandler {
  const config = loadDispatcherConfig();
  const doc = createDocumentClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT } : {}),
  });
  return createDispatchHandler({
    controlPlane: new DynamoControlPlaneRepository(doc, config.CONTROL_PLANE_TABLE),
    queue: new SqsJobQueue(new SQSClient({ region: config.AWS_REGION }), config.JOBS_QUEUE_URL),
    clock: { now: () => new Date() },
    logger,
  });
}

let dispatch: DispatchHandler | undefined;

export const handler: DispatchHandler = (event, context) => {
  dispatch ??= build();
  return dispatch(event, context);
};
