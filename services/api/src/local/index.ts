// `@aims/api/local`: the api wired for DynamoDB Local and the demo data, for
// jobs' local runner and the bench. Not part of the Lambda handler's surface.
export { type ApiHandler, createApiHandler } from '../app';
export type { ApiDeps } from '../context';
export { tenantInitialiser } from '../tenant-initialiser';
export { localDeps } from './local-deps';
export { DEMO_CONSULTANCY, DEMO_USERS, type SeededDemo, seedDemo } from './seed';
