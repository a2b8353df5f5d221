import { Duration } from 'aws-cdk-lib';
import { AlarmStatusWidget, Dashboard, GraphWidget, type IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { errorRateThresholdPercent } from './gateway-alarms.js';
import { createErrorRateMetric, createGatewayMetric, type GatewayMetricName } from './gateway-metrics.js';

export interface GatewayDashboardProps {
  readonly gatewayFunction: IFunction;
  readonly refresherFunction: IFunction;
  readonly alarms: readonly IAlarm[];
}

const period = Duration.minutes(5);
const width = 8;

function sumOf(name: GatewayMetricName) {
  return createGatewayMetric({ name, statistic: 'Sum', period });
}

/**
 * One CloudWatch dashboard with every gateway metric: traffic and errors, time to first token, how
 * hard the pool works (attempts, failovers, freezes), token refresh health, the two functions' own
 * Lambda metrics, and the alarms' states on top.
 *
 * @example
 * new GatewayDashboard(this, 'Dashboard', { gatewayFunction, refresherFunction, alarms });
 */
export class GatewayDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: GatewayDashboardProps) {
    super(scope, id);
    const { gatewayFunction, refresherFunction } = props;
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(1) });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 3 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Requests', left: [sumOf('Requests'), sumOf('RequestErrors')], width }),
      new GraphWidget({
        title: 'Error rate (%)',
        left: [createErrorRateMetric({ period })],
        leftAnnotations: [{ value: errorRateThresholdPercent, label: 'alarm' }],
        leftYAxis: { min: 0 },
        width,
      }),
      new GraphWidget({
        title: 'Time to first token (ms)',
        left: ['p50', 'p90', 'p99'].map((statistic) =>
          createGatewayMetric({ name: 'TimeToFirstTokenMs', statistic, period, label: statistic }),
        ),
        width,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Upstream attempts and failovers',
        left: [sumOf('UpstreamAttempts'), sumOf('Failovers')],
        width,
      }),
      new GraphWidget({
        title: 'Freezes and all-frozen events',
        left: [sumOf('Freezes'), sumOf('AllAccountsFrozen')],
        width,
      }),
      new GraphWidget({
        title: 'Token refreshes and dead accounts',
        left: [sumOf('TokenRefreshes'), sumOf('TokenRefreshFailures')],
        right: [createGatewayMetric({ name: 'DeadAccounts', statistic: 'Maximum', period })],
        width,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Gateway function',
        left: [
          gatewayFunction.metricInvocations({ period }),
          gatewayFunction.metricErrors({ period }),
          gatewayFunction.metricThrottles({ period }),
        ],
        right: [gatewayFunction.metric('ConcurrentExecutions', { statistic: 'Maximum', period })],
        width,
      }),
      new GraphWidget({
        title: 'Gateway duration (ms)',
        left: ['p50', 'p99'].map((statistic) =>
          gatewayFunction.metricDuration({ statistic, period, label: statistic }),
        ),
        width,
      }),
      new GraphWidget({
        title: 'Refresher function',
        left: [refresherFunction.metricInvocations({ period }), refresherFunction.metricErrors({ period })],
        right: [refresherFunction.metricDuration({ statistic: 'Maximum', period })],
        width,
      }),
    );
  }
}
