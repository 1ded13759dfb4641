// Builds the two stacks of one stage; shared by bin/app.ts and the tests.
import type { App } from 'aws-cdk-lib';
import { ApiStack } from './api-stack';
import { readConfig } from './config';
import { StatefulStack } from './stateful-stack';

export function buildAims(app: App) {
  const config = readConfig(app);
  const { stage, env } = config;
  const stateful = new StatefulStack(app, `aims-${stage}-stateful`, {
    stage,
    env,
    description: `AIMS Cloud ${stage}: control-plane and pooled tenant tables, cursor secret (retained)`,
  });
  const api = new ApiStack(app, `aims-${stage}-api`, {
    stage,
    env,
    data: stateful,
    allowedOrigins: config.allowedOrigins,
    description: `AIMS Cloud ${stage}: Cognito, HTTP API and GraphQL function`,
  });
  // Table grants go by name, not by reference, so state the order explicitly.
  api.addStackDependency(stateful);
  return { config, stateful, api };
}
