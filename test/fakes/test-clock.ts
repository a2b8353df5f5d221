/**
 * A clock for tests: time stands still until the test moves it, and `sleep` moves it forward at once
 * instead of waiting, so code that polls or backs off runs instantly and deterministically.
 */
import type { Clock } from '../../lambda/core/ports.js';

export interface TestClock extends Clock {
  advance(ms: number): void;
  /** Every `sleep` asked for, in order. */
  readonly sleeps: number[];
}

export function createTestClock({
  start = Date.parse('2026-07-04T12:00:00Z'),
}: {
  start?: number;
} = {}): TestClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
    sleeps,
  };
}
