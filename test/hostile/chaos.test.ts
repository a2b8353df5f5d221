/**
 * Fault injection: thousands of concurrent chat requests, stream and non-stream, over a pool of five
 * accounts behind a fake Google that mixes every failure Google is known for into its answers
 * (chaos-faults.ts), through the real local server and through the Lambda handler and its shim. Every
 * answer is checked against what the fake sent (run-chaos.ts); the figures are printed. The full-size
 * run is `npx tsx test/bench/chaos.ts`.
 */
import { describe, expect, it } from 'vitest';
import { formatChaosFigures } from './format-chaos-figures.js';
import { type ChaosFigures, runChaos } from './run-chaos.js';

/** What every run must show, whatever the faults did. */
function expectPromisesKept(figures: ChaosFigures): void {
  expect({
    violations: figures.violations,
    hung: figures.hung,
    corrupted: figures.corrupted,
    duplicated: figures.duplicated,
    answered: figures.successes + figures.brokenMidStream + sum(figures.refusedByStatus),
  }).toStrictEqual({ violations: [], hung: 0, corrupted: 0, duplicated: 0, answered: figures.requests });
  expect(figures.maxAttemptsPerRequest).toBeLessThanOrEqual(figures.accounts);
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

describe('the gateway under upstream chaos', () => {
  it('answers every request, with one account healthy, through the local server', {
    timeout: 180_000,
  }, async () => {
    // Act
    const figures = await runChaos({ target: 'local', requests: 1_000, concurrency: 50, seed: 1 });
    console.info(formatChaosFigures([figures]));

    // Assess
    expectPromisesKept(figures);
    // Failover before the first byte always reaches the healthy account; only a stream that broke after
    // its first event (which must never be restarted elsewhere) ends in an error.
    expect(figures.refusedByStatus).toStrictEqual({});
    expect(figures.successes + figures.brokenMidStream).toStrictEqual(figures.requests);
    expect(figures.brokenMidStream).toBeLessThan(figures.streamRequests);
    // Failover was exercised, not avoided: many attempts met a fault, of most kinds.
    expect(figures.upstreamAttempts - (figures.faultsInjected.none ?? 0)).toBeGreaterThan(
      figures.requests / 10,
    );
    expect(Object.keys(figures.faultsInjected).length).toBeGreaterThan(12);
    expect(figures.heapGrowthMb).toBeLessThan(32);
  });

  it('answers every request, with one account healthy, through the Lambda handler', {
    timeout: 180_000,
  }, async () => {
    // Act
    const figures = await runChaos({ target: 'lambda', requests: 300, concurrency: 20, seed: 2 });
    console.info(formatChaosFigures([figures]));

    // Assess
    expectPromisesKept(figures);
    expect(figures.refusedByStatus).toStrictEqual({});
    expect(figures.successes + figures.brokenMidStream).toStrictEqual(figures.requests);
  });

  it('refuses in OpenAI’s shape, with the fitting status, when no account is healthy', {
    timeout: 180_000,
  }, async () => {
    // Act
    const figures = await runChaos({
      target: 'local',
      requests: 300,
      concurrency: 50,
      seed: 3,
      healthyAccounts: 0,
    });
    console.info(formatChaosFigures([figures]));

    // Assess
    expectPromisesKept(figures);
    expect(Object.keys(figures.refusedByStatus).length).toBeGreaterThan(0);
  });
});
