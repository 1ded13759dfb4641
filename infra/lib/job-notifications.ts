// Where the jobs' integration events go (§3.14): an EventBridge rule on the
// stage's bus matches every event the job catalogue declares (source aims.jobs)
// and delivers it to an encrypted SNS topic a tenant operator subscribes an
// email address or an HTTPS webhook to. Subscriptions are managed outside CDK
// (per operator); the topic only accepts TLS.
import { Duration } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { JOB_EVENT_SOURCE, type JobSchedule } from './jobs';

export interface JobNotificationsProps {
  stage: string;
  eventBusName: string;
  key: IKey;
  /** The catalogue's jobs: every event type they declare is routed. */
  jobs: readonly JobSchedule[];
}

export class JobNotifications extends Construct {
  readonly topic: Topic;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: JobNotificationsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      topicName: `aims-${props.stage}-job-notifications`,
      displayName: `AIMS ${props.stage} job notifications`,
      masterKey: props.key,
      enforceSSL: true,
    });
    const detailTypes = [...new Set(props.jobs.flatMap((j) => j.events))].sort();
    this.rule = new Rule(this, 'Rule', {
      ruleName: `aims-${props.stage}-job-notifications`,
      description: `AIMS ${props.stage}: job events (${detailTypes.join(', ')}) to the notification topic`,
      // Named, not referenced: the bus lives in the stateful stack, and no export is needed.
      eventBus: EventBus.fromEventBusName(this, 'Bus', props.eventBusName),
      eventPattern: { source: [JOB_EVENT_SOURCE], detailType: detailTypes },
      targets: [new SnsTopic(this.topic, { retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
  }
}
