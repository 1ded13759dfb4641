// The local stack shared by the api's dev server, tests, jobs and bench. Never
// imported by Lambda code (the boundary check enforces it): the dev issuer
// stands in for Cognito and the tables sit on DynamoDB Local.
export { httpApiEvent, lambdaContext } from './apigw-event';
export { createDevIssuer, type DevIssuer, type DevUser, type SignOptions } from './dev-issuer';
export {
  assertJavaAvailable,
  freePort,
  type RunningDynamoDbLocal,
  startDynamoDbLocal,
} from './dynamodb-local';
export { createLocalHttpServer, type HttpApiHandler } from './http-server';
export { ensureTables, type LocalClients, type LocalTables, localClients, localTables } from './local-tables';
