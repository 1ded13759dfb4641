// vitest globalSetup: one DynamoDB Local for the whole run. Each test file makes
// its own uniquely prefixed tables, so files never see each other's data.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from './dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
