#!/usr/bin/env node
// CDK entry point (cdk.json: `pnpm exec tsx infra/bin/app.ts`). Synth needs no AWS
// account: `-c stage=prod -c account=123456789012` when deploying.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildAims } from '../lib/aims-app';

const app = new App();
buildAims(app);
// Unacknowledged cdk-nag findings fail the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
