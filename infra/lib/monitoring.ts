// Alarms on what breaks silently: API 5xx rate, function errors and throttles,
// messages parked in dead-letter queues, DynamoDB throttling. All notify one
// encrypted SNS topic; subscribe people or a chat integration to it.
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);

/** Operations the app sends to its tables; each one's ThrottledRequests is summed. */
export const THROTTLE_OPERATIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactGetItems',
];

export interface MonitoringProps {
  stage: string;
  key: IKey;
  alarmEmail?: string;
}

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.stage = props.stage;
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: `aims-${props.stage}-alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
  }

  /** 5xx responses above 1 % of requests over five minutes (HTTP API metrics). */
  apiErrorRate(name: string, apiId: string): void {
    const metric = (metricName: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: apiId },
        statistic: 'Sum',
        period: PERIOD,
      });
    this.add(`${name}5xxRate`, {
      description: 'GraphQL API: more than 1 % of requests answered 5xx over 5 minutes',
      metric: new MathExpression({
        expression: '100 * FILL(errors, 0) / requests',
        usingMetrics: { errors: metric('5xx'), requests: metric('Count') },
        label: '5xx %',
        period: PERIOD,
      }),
      threshold: 1,
    });
  }

  /** Any error or throttle of the function. */
  lambda(name: string, fn: IFunction): void {
    this.add(`${name}Errors`, {
      description: `${name}: invocation errors`,
      metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      threshold: 0,
    });
    this.add(`${name}Throttles`, {
      description: `${name}: throttled invocations`,
      metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
      threshold: 0,
    });
  }

  /** Any message waiting in a dead-letter queue. */
  deadLetters(name: string, queue: IQueue): void {
    this.add(`${name}Depth`, {
      description: `${name}: messages gave up on and parked; inspect and redrive`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      threshold: 0,
    });
  }

  /** Any throttled request on the table (its indexes' throttling included). */
  dynamoThrottles(name: string, tableName: string): void {
    const usingMetrics = Object.fromEntries(
      THROTTLE_OPERATIONS.map((op, i) => [
        `op${i}`,
        new Metric({
          namespace: 'AWS/DynamoDB',
          metricName: 'ThrottledRequests',
          dimensionsMap: { TableName: tableName, Operation: op },
          statistic: 'Sum',
          period: PERIOD,
        }),
      ]),
    );
    this.add(`${name}Throttles`, {
      description: `${tableName}: throttled requests`,
      // FILL: an operation that was never throttled has no data points, and a
      // plain sum over a missing series is missing too.
      metric: new MathExpression({
        expression: Object.keys(usingMetrics)
          .map((id) => `FILL(${id}, 0)`)
          .join(' + '),
        usingMetrics,
        label: 'throttled requests',
        period: PERIOD,
      }),
      threshold: 0,
    });
  }

  private add(id: string, options: { description: string; metric: IMetric; threshold: number }): void {
    const alarm = new Alarm(this, id, {
      alarmName: `aims-${this.stage}-${id}`,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
