/**
 * The metrics port: counts and observations the handlers report, in the names the dashboard and
 * alarms read (lib/gateway-metrics.ts). On Lambda they become CloudWatch EMF lines
 * (powertools-metrics.ts). Only the Lambda compositions report them, around the core rather than
 * inside it, so the local run has none to silence.
 */
import type { GatewayMetricName } from '../../lib/gateway-metrics.js';

/** Observed values (a latency, a gauge's current level); every other metric is a count. */
export type ObservedMetricName = Extract<GatewayMetricName, 'TimeToFirstTokenMs' | 'DeadAccounts'>;
export type CountMetricName = Exclude<GatewayMetricName, ObservedMetricName>;

/** Extra breakdowns of a data point; the service-wide total is always recorded as well. */
export interface MetricDimensions {
  accountId?: string;
  model?: string;
}

export interface Metrics {
  /** Adds `value` (default 1; 0 still reports the metric) to a count. */
  count(name: CountMetricName, dimensions?: MetricDimensions, value?: number): void;
  /** Records one observation, e.g. a time to first token in ms. */
  observe(name: ObservedMetricName, value: number, dimensions?: MetricDimensions): void;
}
