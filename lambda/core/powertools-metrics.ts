/**
 * The metrics port on Lambda: CloudWatch EMF lines written by Powertools Metrics. Data points are
 * gathered during an invocation and published by `flush()` at its end, one EMF line per dimension set:
 * the service-wide totals (Powertools' own `service` dimension only, which the alarms read), then one
 * line per model and one per account that appeared. CloudWatch sums the lines, so a count reported in
 * several invocations adds up, and the per-model and per-account series never double the totals.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { GatewayMetricName } from '../../lib/gateway-metrics.js';
import type { MetricDimensions, Metrics } from './metrics.js';

export interface FlushableMetrics extends Metrics {
  /** Publishes everything recorded since the last flush; call it before the invocation returns. */
  flush(): void;
}

/** One EMF line's worth: an optional breakdown dimension, and per metric its values. */
interface Group {
  dimension?: { name: string; value: string };
  values: Map<GatewayMetricName, number[]>;
}

/**
 * @example
 * const metrics = createPowertoolsMetrics({ namespace: 'GeminiGateway', serviceName: 'gemini-gateway' });
 * metrics.count('Requests', { model: 'gemini-2.5-pro' });
 * metrics.flush(); // three EMF lines: totals, model, (no account given)
 */
export function createPowertoolsMetrics({
  namespace,
  serviceName,
}: {
  namespace: string;
  serviceName: string;
}): FlushableMetrics {
  const powertools = new PowertoolsMetrics({ namespace, serviceName });
  const groups = new Map<string, Group>();

  function record({
    name,
    value,
    dimensions,
    summed,
  }: {
    name: GatewayMetricName;
    value: number;
    dimensions: MetricDimensions | undefined;
    summed: boolean;
  }): void {
    const breakdowns: Array<Group['dimension']> = [undefined];
    if (dimensions?.model !== undefined) breakdowns.push({ name: 'model', value: dimensions.model });
    if (dimensions?.accountId !== undefined)
      breakdowns.push({ name: 'account', value: dimensions.accountId });
    for (const dimension of breakdowns) {
      const key = dimension ? `${dimension.name}\u0000${dimension.value}` : '';
      let group = groups.get(key);
      if (!group) {
        group = { ...(dimension ? { dimension } : {}), values: new Map() };
        groups.set(key, group);
      }
      const values = group.values.get(name) ?? [];
      // Counts are summed here (one number per line); observations keep every value for percentiles.
      if (summed && values.length > 0) values[0] = (values[0] ?? 0) + value;
      else values.push(value);
      group.values.set(name, values);
    }
  }

  return {
    count: (name, dimensions, value = 1) => record({ name, value, dimensions, summed: true }),
    observe: (name, value, dimensions) => record({ name, value, dimensions, summed: false }),
    flush: () => {
      for (const { dimension, values } of groups.values()) {
        if (dimension) powertools.addDimension(dimension.name, dimension.value);
        for (const [name, list] of values) {
          for (const value of list) powertools.addMetric(name, unitOf(name), value);
        }
        powertools.publishStoredMetrics();
      }
      groups.clear();
    },
  };
}

function unitOf(name: GatewayMetricName): (typeof MetricUnit)[keyof typeof MetricUnit] {
  return name === 'TimeToFirstTokenMs' ? MetricUnit.Milliseconds : MetricUnit.Count;
}
