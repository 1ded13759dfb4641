// Scheduled work: a schedule invokes the dispatcher with `{ "job": … }`; the
// dispatcher pages through active tenants and queues one message per tenant;
// the worker runs one tenant's job per message. Failed messages are retried by
// the queue and end in its dead-letter queue; failed dispatches end in a
// dead-letter queue of their own.
import { readFileSync } from 'node:fs';
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnSchedule, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AimsFunction } from './aims-function';
import { grantStatements, JOB_RUN_ACTIONS } from './data-access';
import { repoPath } from './paths';
import type { StatefulStack } from './stateful-stack';

export interface JobSchedule {
  /** A job of services/jobs/src/catalogue.json. */
  job: string;
  /** EventBridge Scheduler expression, evaluated in UTC like the jobs' periods. */
  expression: string;
  description: string;
  /** Detail-types of the events the job publishes (source `aims.jobs`). */
  events: string[];
}

/**
 * The job catalogue, read as data: synth must not run service code (see
 * .dependency-cruiser.cjs), and a job declared there gets its schedule here
 * without an edit to infra. services/jobs validates the same file with zod.
 */
export function readJobCatalogue(path = repoPath(JOB_CATALOGUE_FILE)): JobSchedule[] {
  const declared = JSON.parse(readFileSync(path, 'utf8')) as Record<
    string,
    { schedule?: unknown; description?: unknown; events?: unknown }
  >;
  return Object.entries(declared).map(([job, d]) => {
    if (typeof d.schedule !== 'string' || typeof d.description !== 'string' || !Array.isArray(d.events)) {
      throw new Error(`${JOB_CATALOGUE_FILE}: ${job} needs schedule, description and events`);
    }
    return { job, expression: d.schedule, description: d.description, events: d.events.map(String) };
  });
}

export const JOB_CATALOGUE_FILE = 'services/jobs/src/catalogue.json';
export const JOB_SCHEDULES: readonly JobSchedule[] = readJobCatalogue();
/** The source of the jobs' integration events (services/jobs/src/catalogue.ts). */
export const JOB_EVENT_SOURCE = 'aims.jobs';

/** A worker run must end well before a RUNNING claim counts as stale (15 min, services/jobs). */
const WORKER_TIMEOUT = Duration.minutes(5);
export const MAX_RECEIVE_COUNT = 3;

export interface JobsProps {
  stage: string;
  data: StatefulStack;
  workerConcurrency: number;
  schedules?: readonly JobSchedule[];
}

export class Jobs extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly dispatchDeadLetterQueue: Queue;
  readonly dispatcher: AimsFunction;
  readonly worker: AimsFunction;
  readonly schedulerRole: Role;
  readonly schedules: CfnSchedule[];

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    const { stage, data } = props;
    const queueDefaults = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `aims-${stage}-jobs-dlq`,
      retentionPeriod: Duration.days(14),
      ...queueDefaults,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: `aims-${stage}-jobs`,
      // AWS's advice for a Lambda event source: six times the function timeout.
      visibilityTimeout: Duration.minutes(WORKER_TIMEOUT.toMinutes() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      ...queueDefaults,
    });
    this.dispatchDeadLetterQueue = new Queue(this, 'DispatchDeadLetterQueue', {
      queueName: `aims-${stage}-jobs-dispatch-dlq`,
      retentionPeriod: Duration.days(14),
      ...queueDefaults,
    });

    this.dispatcher = new AimsFunction(this, 'Dispatcher', {
      stage,
      description: 'job dispatcher (one queue message per active tenant)',
      entry: 'services/jobs/src/dispatcher.ts',
      memorySize: 256,
      timeout: Duration.minutes(2),
      serviceName: 'aims-jobs',
      environment: { CONTROL_PLANE_TABLE: data.controlPlane.tableName, JOBS_QUEUE_URL: this.queue.queueUrl },
      // Schedules invoke asynchronously: Lambda retries twice, then parks the event here.
      deadLetterQueue: this.dispatchDeadLetterQueue,
    });
    data.controlPlane.grantIndexQuery(this.dispatcher.function, 'GSI2');
    grantStatements(this.dispatcher.function, [
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    ]);

    const eventBusArn = Stack.of(this).formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: data.eventBusName,
    });
    this.worker = new AimsFunction(this, 'Worker', {
      stage,
      description: 'job worker (one tenant per message)',
      entry: 'services/jobs/src/worker.ts',
      memorySize: 512,
      timeout: WORKER_TIMEOUT,
      serviceName: 'aims-jobs',
      environment: {
        CONTROL_PLANE_TABLE: data.controlPlane.tableName,
        EVENT_BUS_NAME: data.eventBusName,
      },
      // Bounds the load one job puts on DynamoDB and STS, whatever the queue depth.
      reservedConcurrentExecutions: props.workerConcurrency,
    });
    // Job-run records and tenant lookup, and the portfolio's per-client summary (§3.16):
    // conditional Put/Update of control-plane items.
    data.controlPlane.grantItemActions(this.worker.function, JOB_RUN_ACTIONS);
    // Members of a tenant (training reconciliation): the membersOfTenant index only.
    data.controlPlane.grantIndexQuery(this.worker.function, 'GSI1');
    grantStatements(this.worker.function, [
      new PolicyStatement({ actions: ['events:PutEvents'], resources: [eventBusArn] }),
    ]);
    this.worker.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // Polling never asks for more than the reserved concurrency, so messages
        // are not throttled into the dead-letter queue.
        maxConcurrency: props.workerConcurrency,
      }),
    );

    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: `AIMS ${stage}: EventBridge Scheduler invokes the job dispatcher`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    // The function ARN only: no `:*` for versions or aliases, which are not used.
    this.schedulerRole.addToPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.dispatcher.function.functionArn],
      }),
    );
    const group = new ScheduleGroup(this, 'ScheduleGroup', { scheduleGroupName: `aims-${stage}-jobs` });
    this.schedules = (props.schedules ?? JOB_SCHEDULES).map((s) => {
      const schedule = new CfnSchedule(this, `Schedule-${s.job}`, {
        name: `aims-${stage}-${s.job}`,
        groupName: group.scheduleGroupName,
        description: `AIMS ${stage}: ${s.job}, ${s.description}`,
        scheduleExpression: s.expression,
        scheduleExpressionTimezone: 'UTC',
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: this.dispatcher.function.functionArn,
          roleArn: this.schedulerRole.roleArn,
          input: JSON.stringify({ job: s.job }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        },
      });
      // The group is named, not referenced: order the creation explicitly.
      schedule.node.addDependency(group);
      return schedule;
    });
  }
}
