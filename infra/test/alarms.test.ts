import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { THROTTLE_OPERATIONS } from '../lib/monitoring';
import { buildTestApp, logicalId } from './support';

const { services } = buildTestApp();
const template = Template.fromStack(services);
const id = (c: Parameters<typeof logicalId>[1]) => logicalId(services, c);
const topicRef = { Ref: id(services.monitoring.topic) };
const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
const alarm = (name: string) => {
  const found = alarms.find((a) => a.AlarmName === `aims-dev-${name}`);
  if (!found) throw new Error(`no alarm ${name}`);
  return found;
};
const breachesAboveZero = { ComparisonOperator: 'GreaterThanThreshold', Threshold: 0, EvaluationPeriods: 1 };

describe('alarm topic', () => {
  it('is encrypted with the stateful stack’s key and refuses publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'aims-dev-alarms',
      KmsMasterKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp('AlarmTopicKey[0-9A-F]+Arn') },
    });
    const [policy] = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('receives every alarm and its recovery; missing data is not a breach', () => {
    expect(alarms).toHaveLength(11);
    for (const a of alarms) {
      expect(a.AlarmActions).toEqual([topicRef]);
      expect(a.OKActions).toEqual([topicRef]);
      expect(a.TreatMissingData).toBe('notBreaching');
    }
  });

  it('subscribes an address when one is given', () => {
    const t = Template.fromStack(buildTestApp({ alarmEmail: 'ops@example.com' }).services);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('alarms', () => {
  it('fire when more than 1 % of API requests over five minutes end in 5xx', () => {
    const a = alarm('Api5xxRate');
    expect(a).toMatchObject({
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
    });
    const byId = Object.fromEntries(a.Metrics.map((m: { Id: string }) => [m.Id, m]));
    expect(byId.expr_1?.Expression).toBe('100 * FILL(errors, 0) / requests');
    for (const [metricId, name] of [
      ['errors', '5xx'],
      ['requests', 'Count'],
    ]) {
      expect(byId[metricId as string]?.MetricStat).toEqual({
        Metric: {
          Namespace: 'AWS/ApiGateway',
          MetricName: name,
          Dimensions: [{ Name: 'ApiId', Value: { Ref: id(services.api.httpApi) } }],
        },
        Period: 300,
        Stat: 'Sum',
      });
    }
  });

  it.each([
    ['ApiFunction', () => services.api.handler.function],
    ['Dispatcher', () => services.jobs.dispatcher.function],
    ['Worker', () => services.jobs.worker.function],
  ])('fire on any error or throttle of the %s function', (name, fn) => {
    for (const metric of ['Errors', 'Throttles']) {
      expect(alarm(`${name}${metric}`)).toMatchObject({
        ...breachesAboveZero,
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: id(fn()) } }],
        Statistic: 'Sum',
        Period: 300,
      });
    }
  });

  it.each([
    ['JobsDlq', () => services.jobs.deadLetterQueue],
    ['DispatchDlq', () => services.jobs.dispatchDeadLetterQueue],
  ])('fire on any message waiting in %s', (name, queue) => {
    expect(alarm(`${name}Depth`)).toMatchObject({
      ...breachesAboveZero,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id(queue()), 'QueueName'] } }],
      Statistic: 'Maximum',
    });
  });

  it.each([
    ['ControlPlane', 'aims-dev-control-plane'],
    ['Pooled', 'aims-dev-pooled'],
  ])('fire on any throttled request to the %s table, whichever operation', (name, table) => {
    const a = alarm(`${name}Throttles`);
    expect(a).toMatchObject(breachesAboveZero);
    const metrics = a.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat);
    expect(metrics.map((m: any) => m.MetricStat.Metric.Dimensions)).toEqual(
      THROTTLE_OPERATIONS.map((op) => [
        { Name: 'Operation', Value: op },
        { Name: 'TableName', Value: table },
      ]),
    );
    for (const m of metrics) {
      expect(m.MetricStat.Metric).toMatchObject({
        Namespace: 'AWS/DynamoDB',
        MetricName: 'ThrottledRequests',
      });
    }
    const expression = a.Metrics.find((m: { Expression?: string }) => m.Expression)?.Expression;
    expect(expression).toBe(THROTTLE_OPERATIONS.map((_, i) => `FILL(op${i}, 0)`).join(' + '));
    // CloudWatch allows ten metrics in one alarm.
    expect(a.Metrics.length).toBeLessThanOrEqual(10);
  });
});
