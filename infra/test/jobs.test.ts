import { EVENT_SOURCE, JOB_CADENCES, JOB_CATALOGUE, JOB_NAMES } from '@aims/jobs/catalogue';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TENANT_TAG } from '../lib/data-access';
import { JOB_SCHEDULES } from '../lib/jobs';
import { arnJoin, buildTestApp, dynamoArn, grants, logicalId, roleStatements } from './support';

const { services } = buildTestApp();
const template = Template.fromStack(services);
const { jobs } = services;
const id = (c: Parameters<typeof logicalId>[1]) => logicalId(services, c);
const arnOf = (c: Parameters<typeof logicalId>[1]) => ({ 'Fn::GetAtt': [id(c), 'Arn'] });
const queues = template.findResources('AWS::SQS::Queue');
const functions = template.findResources('AWS::Lambda::Function');
const dispatcherId = id(jobs.dispatcher.function);
const workerId = id(jobs.worker.function);

describe('job queue', () => {
  it('sends a message to the dead-letter queue after three receives', () => {
    expect(queues[id(jobs.queue)]?.Properties).toMatchObject({
      QueueName: 'aims-dev-jobs',
      RedrivePolicy: { deadLetterTargetArn: arnOf(jobs.deadLetterQueue), maxReceiveCount: 3 },
      // Six times the worker's five-minute timeout.
      VisibilityTimeout: 1800,
    });
    expect(queues[id(jobs.deadLetterQueue)]?.Properties).toMatchObject({
      QueueName: 'aims-dev-jobs-dlq',
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('encrypts every queue at rest and refuses requests without TLS', () => {
    expect(Object.keys(queues)).toHaveLength(3);
    for (const q of Object.values(queues)) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(3);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('feeds the worker in batches of ten, reporting failed records one by one', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toEqual({
      FunctionName: { Ref: workerId },
      EventSourceArn: arnOf(jobs.queue),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });
});

describe('job functions', () => {
  it('run Node.js 24 on arm64 with tracing and month-long logs; the worker has reserved concurrency', () => {
    for (const [fnId, memory, timeout] of [
      [dispatcherId, 256, 120],
      [workerId, 512, 300],
    ] as const) {
      expect(functions[fnId]?.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: memory,
        Timeout: timeout,
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
    expect(functions[workerId]?.Properties.ReservedConcurrentExecutions).toBe(5);
    expect(functions[dispatcherId]?.Properties.ReservedConcurrentExecutions).toBeUndefined();
    for (const lg of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(lg.Properties.RetentionInDays).toBe(30);
    }
  });

  it('takes the worker concurrency from context', () => {
    const t = Template.fromStack(buildTestApp({ workerConcurrency: 8 }).services);
    t.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 8 });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 8 } });
    expect(() => buildTestApp({ workerConcurrency: 1 })).toThrow(/workerConcurrency/);
  });

  it('park failed dispatches in their own dead-letter queue after two retries', () => {
    expect(functions[dispatcherId]?.Properties.DeadLetterConfig).toEqual({
      TargetArn: arnOf(jobs.dispatchDeadLetterQueue),
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: dispatcherId },
      MaximumRetryAttempts: 2,
    });
  });

  it('get the environment their handlers validate', () => {
    const env = (fnId: string) => functions[fnId]?.Properties.Environment.Variables;
    expect(env(dispatcherId)).toEqual({
      CONTROL_PLANE_TABLE: 'aims-dev-control-plane',
      JOBS_QUEUE_URL: { Ref: id(jobs.queue) },
      LOG_LEVEL: 'DEBUG',
      POWERTOOLS_SERVICE_NAME: 'aims-jobs',
    });
    expect(env(workerId)).toEqual({
      CONTROL_PLANE_TABLE: 'aims-dev-control-plane',
      EVENT_BUS_NAME: 'aims-dev-events',
      TENANT_ACCESS_ROLE_ARN: arnOf(services.tenantAccess.role),
      LOG_LEVEL: 'DEBUG',
      POWERTOOLS_SERVICE_NAME: 'aims-jobs',
    });
  });
});

describe('dispatcher role', () => {
  const statements = roleStatements(template, id(jobs.dispatcher.role));

  it('queries the control plane’s GSI2 (tenants by status) and nothing else in DynamoDB', () => {
    expect(grants(statements, 'dynamodb:')).toEqual([
      { Action: ['dynamodb:Query'], Resource: dynamoArn('aims-dev-control-plane/index/GSI2') },
    ]);
  });

  it('sends to the job queue (and its own dead-letter queue), and receives nothing', () => {
    expect(grants(statements, 'sqs:')).toEqual([
      { Action: ['sqs:SendMessage'], Resource: arnOf(jobs.dispatchDeadLetterQueue) },
      { Action: ['sqs:SendMessage'], Resource: arnOf(jobs.queue) },
    ]);
  });

  it('has no STS, EventBridge or other service access', () => {
    const prefixes = new Set(statements.flatMap((s) => [s.Action].flat()).map((a) => a.split(':')[0]));
    expect([...prefixes].sort()).toEqual(['dynamodb', 'logs', 'sqs', 'xray']);
  });
});

describe('worker role', () => {
  const statements = roleStatements(template, id(jobs.worker.role));

  it('§3.14 §3.16 gets, puts and updates control-plane items (run records, tenant lookup, portfolio) and queries its members index, and nothing more', () => {
    expect(grants(statements, 'dynamodb:')).toEqual([
      {
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: dynamoArn('aims-dev-control-plane'),
      },
      // membersOfTenant (training reconciliation), read page by page.
      { Action: ['dynamodb:Query'], Resource: dynamoArn('aims-dev-control-plane/index/GSI1') },
    ]);
  });

  it('§3.14 never scans, and reaches tenant data only through the tenant-access role', () => {
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => /^dynamodb:(Scan|\*)/.test(a))).toEqual([]);
    const tables = grants(statements, 'dynamodb:').flatMap((g) =>
      [g.Resource].flat().map((r) => JSON.stringify(r)),
    );
    expect(tables.every((r) => r.includes('aims-dev-control-plane'))).toBe(true);
  });

  it('§3.14 data-migrations: Scan only through the tenant-access role, on a managed tenant’s own table, never the pooled table', () => {
    // The worker's own role: no Scan at all (asserted above); the tenant-access role it assumes:
    const role = roleStatements(template, id(services.tenantAccess.role));
    const scans = role.filter((s) => [s.Action].flat().some((a) => /^dynamodb:(Scan|\*)/.test(a)));
    expect(scans).toEqual([
      {
        Sid: 'OwnTableScan',
        Effect: 'Allow',
        Action: 'dynamodb:Scan',
        Resource: dynamoArn(`aims-dev-tenant-${TENANT_TAG}`),
      },
    ]);
    expect(JSON.stringify(scans)).not.toContain('aims-dev-pooled');
    expect(JSON.stringify(scans)).not.toContain('/index/');
  });

  it('publishes to the stage’s event bus only', () => {
    expect(grants(statements, 'events:')).toEqual([
      { Action: ['events:PutEvents'], Resource: arnJoin('events', 'event-bus/aims-dev-events') },
    ]);
  });

  it('consumes the job queue and assumes the tenant-access role', () => {
    expect(grants(statements, 'sqs:')).toEqual([
      {
        Action: [
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
        ],
        Resource: arnOf(jobs.queue),
      },
    ]);
    expect(grants(statements, 'sts:')).toEqual([
      { Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: arnOf(services.tenantAccess.role) },
    ]);
    const prefixes = new Set(statements.flatMap((s) => [s.Action].flat()).map((a) => a.split(':')[0]));
    expect([...prefixes].sort()).toEqual(['dynamodb', 'events', 'logs', 'sqs', 'sts', 'xray']);
  });
});

describe('schedules', () => {
  const resources = Object.values(template.findResources('AWS::Scheduler::Schedule'));
  const schedules = resources.map((s) => s.Properties);

  it('run review-reminders daily by invoking the dispatcher with the job name', () => {
    expect(schedules.filter((s) => s.Name === 'aims-dev-review-reminders')).toEqual([
      {
        Name: 'aims-dev-review-reminders',
        GroupName: 'aims-dev-jobs',
        Description: 'AIMS dev: review-reminders, daily at 05:00 UTC',
        ScheduleExpression: 'cron(0 5 * * ? *)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: arnOf(jobs.dispatcher.function),
          RoleArn: arnOf(jobs.schedulerRole),
          Input: '{"job":"review-reminders"}',
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        },
      },
    ]);
  });

  it('§3.14 run readiness-scoring and training-reconciliation nightly, each with its cron from the catalogue', () => {
    const of = (job: string) => schedules.find((s) => s.Target.Input === JSON.stringify({ job }));
    expect(of('readiness-scoring')).toMatchObject({
      Name: 'aims-dev-readiness-scoring',
      Description: 'AIMS dev: readiness-scoring, nightly at 03:00 UTC',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: { Arn: arnOf(jobs.dispatcher.function), RoleArn: arnOf(jobs.schedulerRole) },
    });
    expect(of('training-reconciliation')).toMatchObject({
      Name: 'aims-dev-training-reconciliation',
      Description: 'AIMS dev: training-reconciliation, nightly at 02:00 UTC',
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: { Arn: arnOf(jobs.dispatcher.function), RoleArn: arnOf(jobs.schedulerRole) },
    });
    expect(schedules).toHaveLength(4);
  });

  it('§3.14 run data-migrations weekly, on Sundays before the working week, through the dispatcher', () => {
    expect(
      schedules.find((s) => s.Target.Input === JSON.stringify({ job: 'data-migrations' })),
    ).toMatchObject({
      Name: 'aims-dev-data-migrations',
      Description: 'AIMS dev: data-migrations, weekly on Sundays at 04:00 UTC',
      ScheduleExpression: 'cron(0 4 ? * SUN *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: { Arn: arnOf(jobs.dispatcher.function), RoleArn: arnOf(jobs.schedulerRole) },
    });
  });

  it('are created after their schedule group', () => {
    for (const r of resources) expect(r.DependsOn).toContain(id(jobs.node.findChild('ScheduleGroup')));
  });

  it('only name jobs that services/jobs implements, each once', () => {
    const names = JOB_SCHEDULES.map((s) => s.job);
    expect(new Set(names).size).toBe(names.length);
    for (const job of names) expect(Object.keys(JOB_CADENCES)).toContain(job);
  });

  it('§3.14 every catalogue job gets a schedule that sends it to the dispatcher, which queues it for the worker', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(JOB_NAMES.length);
    for (const job of JOB_NAMES) {
      const schedule = schedules.find((r) => r.Properties.Target.Input === JSON.stringify({ job }));
      expect(schedule?.Properties, job).toMatchObject({
        Name: `aims-dev-${job}`,
        ScheduleExpression: JOB_CATALOGUE[job].schedule,
        Target: { Arn: arnOf(jobs.dispatcher.function) },
      });
    }
    // The one queue every job's messages go through: the dispatcher sends to it, the worker reads it.
    expect(functions[dispatcherId]?.Properties.Environment.Variables.JOBS_QUEUE_URL).toEqual({
      Ref: id(jobs.queue),
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: workerId },
      EventSourceArn: arnOf(jobs.queue),
    });
  });

  it('invoke through a role that only the scheduler of this account can assume, for the dispatcher only', () => {
    const role = template.findResources('AWS::IAM::Role')[id(jobs.schedulerRole)];
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(roleStatements(template, id(jobs.schedulerRole))).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: arnOf(jobs.dispatcher.function) },
    ]);
  });
});

describe('§3.14 job notifications', () => {
  const notifications = services.jobNotifications;
  const topicId = id(notifications.topic);

  it('routes every event the catalogue declares, from the jobs, on the stage bus, to the topic', () => {
    const rules = template.findResources('AWS::Events::Rule');
    expect(rules[id(notifications.rule)]?.Properties).toMatchObject({
      Name: 'aims-dev-job-notifications',
      EventBusName: 'aims-dev-events',
      EventPattern: {
        source: [EVENT_SOURCE],
        'detail-type': [...new Set(JOB_NAMES.flatMap((j) => JOB_CATALOGUE[j].events))].sort(),
      },
      State: 'ENABLED',
      Targets: [
        {
          Arn: { Ref: topicId },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 },
        },
      ],
    });
    expect(rules[id(notifications.rule)]?.Properties.EventPattern['detail-type']).toEqual([
      'ReadinessChanged',
      'ReviewRemindersIssued',
    ]);
  });

  it('encrypts the topic with a key EventBridge may use, lets EventBridge publish and refuses requests without TLS', () => {
    const topic = template.findResources('AWS::SNS::Topic')[topicId];
    expect(topic?.Properties).toMatchObject({ TopicName: 'aims-dev-job-notifications' });
    expect(topic?.Properties.KmsMasterKeyId).toBeDefined();
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy')).filter((p) =>
      p.Properties.Topics.some((t: unknown) => JSON.stringify(t) === JSON.stringify({ Ref: topicId })),
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Principal: { Service: 'events.amazonaws.com' },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const keyPolicy = Object.values(
      Template.fromStack(buildTestApp().stateful).findResources('AWS::KMS::Key'),
    )
      .map((k) => k.Properties)
      .find((p) => p.Description.includes('job notification'))?.KeyPolicy.Statement;
    expect(keyPolicy).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });
});
