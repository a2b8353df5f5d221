import { Match } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { gatewayMetricNames } from './gateway-metrics.js';
import { synthesizeGateway } from './testing/synthesize-gateway.js';

const { stack, template } = synthesizeGateway();

function gatewayMetric(name: string, statistic: string, period: number) {
  return {
    MetricName: name,
    Namespace: 'GeminiGateway',
    Dimensions: [{ Name: 'service', Value: 'gemini-gateway' }],
    Statistic: statistic,
    Period: period,
  };
}

describe('GatewayAlarms', () => {
  it('alarms on the error rate, computed from Requests and RequestErrors', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 5,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)', ReturnData: true }),
        Match.objectLike({
          Id: 'errors',
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'RequestErrors' }) }),
        }),
      ]),
    });
  });

  it('alarms as soon as every account was frozen', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...gatewayMetric('AllAccountsFrozen', 'Sum', 300),
      Threshold: 1,
      EvaluationPeriods: 1,
    });
  });

  it('alarms on refresh failures in two refresher periods in a row, and on any dead account', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...gatewayMetric('TokenRefreshFailures', 'Sum', 600),
      Threshold: 1,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'ignore',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...gatewayMetric('DeadAccounts', 'Maximum', 600),
      Threshold: 1,
      TreatMissingData: 'ignore',
    });
  });

  it('alarms when the refresher itself fails and when the gateway is throttled', () => {
    // Prepare
    const refresherName = stack.resolve(stack.refresher.nodeFunction.function.functionName);
    const gatewayName = stack.resolve(stack.gateway.nodeFunction.function.functionName);

    // Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: refresherName }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Throttles',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: gatewayName }],
    });
  });

  it('has no topic and no alarm actions without an email address', () => {
    // Act
    const topics = template.findResources('AWS::SNS::Topic');
    const alarmsWithActions = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmActions: Match.anyValue() },
    });

    // Assess
    expect([Object.keys(topics), Object.keys(alarmsWithActions), stack.alarms.alarms.length]).toStrictEqual([
      [],
      [],
      6,
    ]);
  });

  it('notifies the given email address through a TLS-only topic, on alarm and on recovery', () => {
    // Prepare
    const { stack: notifying, template: notifyingTemplate } = synthesizeGateway({
      context: { alarmEmail: 'ops@example.com' },
    });
    const topicReference = notifying.resolve(notifying.alarms.topic?.topicArn);

    // Act
    const alarms = Object.values(notifyingTemplate.findResources('AWS::CloudWatch::Alarm')).map((alarm) => [
      alarm.Properties.AlarmActions,
      alarm.Properties.OKActions,
    ]);

    // Assess
    notifyingTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: topicReference,
    });
    notifyingTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    expect(alarms).toStrictEqual(Array.from({ length: 6 }, () => [[topicReference], [topicReference]]));
  });
});

describe('GatewayDashboard', () => {
  it('shows every gateway metric and the alarms', () => {
    // Prepare
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboards.map((dashboard) => dashboard.Properties.DashboardBody));

    // Act
    const missing = gatewayMetricNames.filter((name) => !body.includes(`\\"GeminiGateway\\",\\"${name}\\"`));

    // Assess
    expect([dashboards.length, missing, body.includes('\\"alarms\\":[')]).toStrictEqual([1, [], true]);
  });

  it('graphs the gateway function by name', () => {
    // Prepare
    const gatewayFunction = stack.gateway.nodeFunction.function;
    const functionId = stack.getLogicalId(gatewayFunction.node.defaultChild as CfnFunction);
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));

    // Act
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);

    // Assess
    expect(body.includes(`{"Ref":"${functionId}"}`)).toStrictEqual(true);
  });
});
