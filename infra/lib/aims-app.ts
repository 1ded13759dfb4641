// Builds the two stacks of one stage; shared by bin/app.ts and the tests.
import type { App } from 'aws-cdk-lib';
import { readConfig } from './config';
import { ServicesStack } from './services-stack';
import { StatefulStack } from './stateful-stack';

export function buildAims(app: App) {
  const config = readConfig(app);
  const { stage, env } = config;
  const stateful = new StatefulStack(app, `aims-${stage}-stateful`, {
    stage,
    env,
    description: `AIMS Cloud ${stage}: tables, event bus, user pool, cursor secret, alarm key (retained)`,
  });
  const services = new ServicesStack(app, `aims-${stage}-services`, {
    stage,
    env,
    data: stateful,
    allowedOrigins: config.allowedOrigins,
    workerConcurrency: config.workerConcurrency,
    ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    description: `AIMS Cloud ${stage}: GraphQL API, scheduled jobs, tenant-access role, alarms`,
  });
  // Table grants go by name, not by reference, so state the order explicitly.
  services.addStackDependency(stateful);
  return { config, stateful, services };
}
