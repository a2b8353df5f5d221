import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { createErrorRateMetric, createGatewayMetric } from './gateway-metrics.js';

/** Above this share of failed requests (in %) for 15 minutes, the error-rate alarm fires. */
export const errorRateThresholdPercent = 5;

export interface GatewayAlarmsProps {
  readonly gatewayFunction: IFunction;
  readonly refresherFunction: IFunction;
  readonly refreshRateMinutes: number;
  /** Subscribed to the alarm topic; without it there is no topic and alarms only show in the console. */
  readonly alarmEmail?: string;
}

interface AlarmSpec {
  id: string;
  description: string;
  metric: IMetric;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: TreatMissingData;
}

/**
 * The alarms an operator acts on: clients failing, no account left to serve, tokens not being
 * refreshed, accounts whose refresh token is dead, the refresher crashing and clients turned away by
 * the concurrency cap. With an email address they notify through an SNS topic, on alarm and on
 * recovery.
 *
 * The refresher is expected to emit `TokenRefreshFailures` and `DeadAccounts` (the number of dead
 * accounts, a gauge) on every run, zero included; a period with no run keeps the alarm's state.
 *
 * @example
 * new GatewayAlarms(this, 'Alarms', { gatewayFunction, refresherFunction, refreshRateMinutes: 10 });
 */
export class GatewayAlarms extends Construct {
  readonly alarms: Alarm[];
  readonly topic?: Topic;

  constructor(scope: Construct, id: string, props: GatewayAlarmsProps) {
    super(scope, id);
    const fiveMinutes = Duration.minutes(5);
    // Refresher metrics arrive once per run: a period shorter than the schedule would be empty most of
    // the time.
    const refreshPeriod = Duration.minutes(Math.max(props.refreshRateMinutes, 5));
    const specs: AlarmSpec[] = [
      {
        id: 'ErrorRate',
        description: `More than ${errorRateThresholdPercent}% of requests failed in each of the last three 5-minute periods.`,
        metric: createErrorRateMetric({ period: fiveMinutes }),
        threshold: errorRateThresholdPercent,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
      {
        id: 'AllAccountsFrozen',
        description:
          'Every account was cooling down for some request: clients got 429s. Add accounts or check quotas.',
        metric: createGatewayMetric({ name: 'AllAccountsFrozen', statistic: 'Sum', period: fiveMinutes }),
        threshold: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
      {
        id: 'TokenRefreshFailures',
        description: 'Token refreshes failed in two refresher periods in a row: check the refresher logs.',
        metric: createGatewayMetric({
          name: 'TokenRefreshFailures',
          statistic: 'Sum',
          period: refreshPeriod,
        }),
        threshold: 1,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.IGNORE,
      },
      {
        id: 'DeadAccounts',
        description:
          'An account was disabled because Google revoked its refresh token: run the setup script to sign it in again.',
        metric: createGatewayMetric({ name: 'DeadAccounts', statistic: 'Maximum', period: refreshPeriod }),
        threshold: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: TreatMissingData.IGNORE,
      },
      {
        id: 'RefresherErrors',
        description: 'The token refresher failed or timed out: no refresh metrics come from a crashed run.',
        metric: props.refresherFunction.metricErrors({ period: refreshPeriod, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
      {
        id: 'GatewayThrottles',
        description:
          'Requests were throttled by the reserved concurrency: raise reservedConcurrency or look for abuse.',
        metric: props.gatewayFunction.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
    ];
    this.alarms = specs.map(
      (spec) =>
        new Alarm(this, spec.id, {
          alarmDescription: spec.description,
          metric: spec.metric,
          threshold: spec.threshold,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: spec.evaluationPeriods,
          datapointsToAlarm: spec.datapointsToAlarm,
          treatMissingData: spec.treatMissingData,
        }),
    );
    if (props.alarmEmail === undefined) return;
    // enforceSSL: publishers must use TLS (cdk-nag AwsSolutions-SNS3).
    this.topic = new Topic(this, 'Topic', { displayName: 'Gemini Gateway alarms', enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}
