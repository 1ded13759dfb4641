// Everything stateless of a stage: the GraphQL API, the scheduled jobs, the
// tenant-access role both assume, and the alarms. Can be destroyed and
// redeployed at will; the state it works on lives in StatefulStack.
import { CfnOutput, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import { DEFAULT_CROSS_STACK_REFERENCES } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { GraphqlApi } from './graphql-api';
import { JobNotifications } from './job-notifications';
import { JOB_SCHEDULES, Jobs } from './jobs';
import { Monitoring } from './monitoring';
import type { StatefulStack } from './stateful-stack';
import { TenantAccessRole } from './tenant-access-role';

export interface ServicesStackProps extends StackProps {
  stage: string;
  data: StatefulStack;
  allowedOrigins: string[];
  workerConcurrency: number;
  alarmEmail?: string;
}

export class ServicesStack extends Stack {
  readonly api: GraphqlApi;
  readonly jobs: Jobs;
  readonly tenantAccess: TenantAccessRole;
  readonly monitoring: Monitoring;
  readonly jobNotifications: JobNotifications;

  constructor(scope: Construct, id: string, props: ServicesStackProps) {
    super(scope, id, props);
    // Cross-stack references (user pool, web client, cursor secret, alarm key)
    // point at retained resources that are never replaced: plain exports fit.
    this.node.setContext(DEFAULT_CROSS_STACK_REFERENCES, ReferenceStrength.STRONG);
    const { stage, data } = props;

    this.api = new GraphqlApi(this, 'Api', { stage, data, allowedOrigins: props.allowedOrigins });
    this.jobs = new Jobs(this, 'Jobs', { stage, data, workerConcurrency: props.workerConcurrency });

    this.jobNotifications = new JobNotifications(this, 'JobNotifications', {
      stage,
      eventBusName: data.eventBusName,
      key: data.notificationKey,
      jobs: JOB_SCHEDULES,
    });

    this.tenantAccess = new TenantAccessRole(this, 'TenantAccess', {
      stage,
      tenantTablePrefix: data.tenantTablePrefix,
      pooledTable: data.pooled.tableName,
      assumedBy: [this.api.handler.role, this.jobs.worker.role],
    });
    for (const { function: fn } of [this.api.handler, this.jobs.worker]) {
      this.tenantAccess.grantAssume(fn);
      fn.addEnvironment('TENANT_ACCESS_ROLE_ARN', this.tenantAccess.role.roleArn);
    }

    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      key: data.alarmKey,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
    this.monitoring.apiErrorRate('Api', this.api.httpApi.apiId);
    this.monitoring.lambda('ApiFunction', this.api.handler.function);
    this.monitoring.lambda('Dispatcher', this.jobs.dispatcher.function);
    this.monitoring.lambda('Worker', this.jobs.worker.function);
    this.monitoring.deadLetters('JobsDlq', this.jobs.deadLetterQueue);
    this.monitoring.deadLetters('DispatchDlq', this.jobs.dispatchDeadLetterQueue);
    this.monitoring.dynamoThrottles('ControlPlane', data.controlPlane.tableName);
    this.monitoring.dynamoThrottles('Pooled', data.pooled.tableName);

    new CfnOutput(this, 'GraphqlUrl', { value: `${this.api.stage.url}graphql` });
    new CfnOutput(this, 'UserPoolId', { value: data.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: data.users.webClient.userPoolClientId });
    new CfnOutput(this, 'JwtIssuer', { value: this.api.issuer });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'JobNotificationTopicArn', { value: this.jobNotifications.topic.topicArn });
    new CfnOutput(this, 'JobsDeadLetterQueueUrl', { value: this.jobs.deadLetterQueue.queueUrl });
  }
}
