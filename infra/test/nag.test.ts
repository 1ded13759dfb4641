// cdk-nag AwsSolutions over both stacks: zero unacknowledged findings, every
// acknowledgement carries a reason, and the list of acknowledgements is exactly
// the one infra/README.md explains (a new one is a deliberate change here).
// Runs for dev (no account) and prod (account set), since acknowledged IAM
// findings name ARNs that differ between the two.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from './support';

interface Report {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    suppressedViolations?: {
      ruleName: string;
      reason?: string;
      violatingConstructs: { constructPath: string }[];
    }[];
  }[];
}

describe.each([{ stage: 'dev' }, { stage: 'prod', account: '123456789012' }])(
  'cdk-nag on $stage',
  (context) => {
    it('reports no unacknowledged AwsSolutions findings', () => {
      const { app } = buildTestApp(context);
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      let assemblyDir = app.outdir;
      try {
        assemblyDir = app.synth().directory;
      } catch {
        // Findings fail the synth; the report below says which.
      }
      const report = JSON.parse(readFileSync(join(assemblyDir, 'validation-report.json'), 'utf8')) as Report;
      const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
      const open = nag?.violations.flatMap((v) =>
        v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`),
      );
      expect(open).toEqual([]);
      expect(nag?.conclusion).toBe('success');
      const suppressed = nag?.suppressedViolations ?? [];
      for (const s of suppressed) expect(s.reason?.length, s.ruleName).toBeGreaterThan(20);
      const stage = context.stage;
      const acknowledged = suppressed
        .flatMap((s) =>
          s.violatingConstructs.map(
            (c) => `${s.ruleName.replace(/\[Resource::.*:table\//, '[…table/')} at ${c.constructPath}`,
          ),
        )
        .sort();
      expect(acknowledged).toEqual(
        [
          `AwsSolutions-SMG4 at aims-${stage}-stateful/CursorSecret/Resource`,
          `AwsSolutions-COG2 at aims-${stage}-stateful/Users/UserPool/Resource`,
          `AwsSolutions-IAM5[Resource::*] at aims-${stage}-services/Api/Handler/Role/DefaultPolicy/Resource`,
          `AwsSolutions-IAM5[Resource::*] at aims-${stage}-services/Jobs/Dispatcher/Role/DefaultPolicy/Resource`,
          `AwsSolutions-IAM5[Resource::*] at aims-${stage}-services/Jobs/Worker/Role/DefaultPolicy/Resource`,
          `AwsSolutions-IAM5[…table/aims-${stage}-tenant-*] at aims-${stage}-services/Api/Handler/Role/DefaultPolicy/Resource`,
        ].sort(),
      );
    });
  },
);
