/** The benchmark's output: a markdown table, one row per strategy, and the targets it checks. */
import type { SimulationMetrics } from './run-simulation.js';

export function formatTable(rows: readonly SimulationMetrics[]): string {
  const header = [
    '| strategy | client success | upstream attempts / request | calls to rate-limited or exhausted accounts | requests to shift off the bad account | mean wait for a thaw |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  const lines = rows.map((row) =>
    [
      row.strategy,
      `${(row.clientSuccessRate * 100).toFixed(2)}%`,
      row.attemptsPerRequest.toFixed(3),
      String(row.limitedAttempts),
      row.requestsToShift === undefined ? 'never' : String(row.requestsToShift),
      `${row.meanWaitMs.toFixed(0)} ms`,
    ].join(' | '),
  );
  return [...header, ...lines.map((line) => `| ${line} |`)].join('\n');
}

export interface TargetCheck {
  target: string;
  met: boolean;
  detail: string;
}

/**
 * The targets: ours within 2% of the oracle's client success rate, and clearly (by at least
 * 5%) fewer upstream attempts per request than plain round-robin and random.
 */
export function checkTargets({
  ours,
  oracle,
  baselines,
}: {
  ours: SimulationMetrics;
  oracle: SimulationMetrics;
  baselines: readonly SimulationMetrics[];
}): TargetCheck[] {
  const gap = (oracle.clientSuccessRate - ours.clientSuccessRate) * 100;
  return [
    {
      target: 'client success within 2 points of the oracle',
      met: gap <= 2,
      detail: `${gap.toFixed(2)} points behind`,
    },
    ...baselines.map((baseline) => ({
      target: `fewer attempts per request than ${baseline.strategy}`,
      met: ours.attemptsPerRequest <= baseline.attemptsPerRequest * 0.95,
      detail: `${ours.attemptsPerRequest.toFixed(3)} vs ${baseline.attemptsPerRequest.toFixed(3)}`,
    })),
  ];
}
