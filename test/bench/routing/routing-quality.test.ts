/**
 * Keeps the routing benchmark's targets from regressing: the same seeded scenario as
 * `npx tsx test/bench/routing.ts`, with the strategies the targets compare.
 */
import { describe, expect, it } from 'vitest';
import { checkTargets } from './format-report.js';
import { runSimulation } from './run-simulation.js';
import { defaultScenario } from './scenario.js';
import { oracle, roundRobin, thompsonSampling, uniformRandom } from './strategies.js';

describe('routing quality', () => {
  it('stays within 2 points of the oracle and clearly ahead of round-robin and random on attempts', async () => {
    // Act
    const [ours, plainRoundRobin, plainRandom, best] = await Promise.all(
      [thompsonSampling, roundRobin, uniformRandom, oracle].map((createStrategy) =>
        runSimulation({ scenario: defaultScenario, createStrategy }),
      ),
    );
    if (!ours || !plainRoundRobin || !plainRandom || !best) throw new Error('a strategy did not run');

    // Assess
    const checks = checkTargets({ ours, oracle: best, baselines: [plainRoundRobin, plainRandom] });
    expect(checks.filter((check) => !check.met)).toStrictEqual([]);
    expect(ours.requestsToShift).toBeLessThan(100);
  });
});
