/**
 * The metric contract between the handlers (which emit CloudWatch EMF into their logs) and the
 * dashboard and alarms (which read it). CloudWatch identifies a metric by namespace, name and its exact
 * set of dimensions, so the alarms see only data points emitted with `service` as their one dimension;
 * per-account or per-model dimension sets may be emitted in addition, never instead.
 *
 * The dimension is spelled as Powertools' `Metrics` spells the one it adds to every data point (from
 * `POWERTOOLS_SERVICE_NAME`): lowercase `service`. The handlers' emitter
 * (lambda/core/powertools-metrics.ts) is tested against these constants.
 */
import type { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';

export const metricNamespace = 'GeminiGateway';

/** Also the `POWERTOOLS_SERVICE_NAME` of both functions. */
export const serviceName = 'gemini-gateway';

/** The dimension Powertools Metrics adds to every data point, spelled as it spells it. */
export const serviceDimension = 'service';

export const gatewayMetricNames = [
  'Requests',
  'RequestErrors',
  'UpstreamAttempts',
  'Failovers',
  'Freezes',
  'AllAccountsFrozen',
  'TokenRefreshes',
  'TokenRefreshFailures',
  'DeadAccounts',
  'TimeToFirstTokenMs',
] as const;

export type GatewayMetricName = (typeof gatewayMetricNames)[number];

/**
 * One gateway metric, aggregated over every account and model.
 *
 * @example
 * createGatewayMetric({ name: 'Failovers', statistic: 'Sum', period: Duration.minutes(5) });
 */
export function createGatewayMetric({
  name,
  statistic,
  period,
  label,
}: {
  name: GatewayMetricName;
  statistic: string;
  period: Duration;
  label?: string;
}): Metric {
  return new Metric({
    namespace: metricNamespace,
    metricName: name,
    dimensionsMap: { [serviceDimension]: serviceName },
    statistic,
    period,
    label,
  });
}

/**
 * Percentage of requests that ended in an error, 0 when there were none (so quiet periods read as
 * healthy rather than as missing data).
 *
 * @example
 * createErrorRateMetric({ period: Duration.minutes(5) }).createAlarm(scope, 'ErrorRate', { ... });
 */
export function createErrorRateMetric({ period }: { period: Duration }): MathExpression {
  return new MathExpression({
    expression: 'IF(requests > 0, 100 * errors / requests, 0)',
    usingMetrics: {
      requests: createGatewayMetric({ name: 'Requests', statistic: 'Sum', period }),
      errors: createGatewayMetric({ name: 'RequestErrors', statistic: 'Sum', period }),
    },
    label: 'Error rate (%)',
    period,
  });
}
