/**
 * The workload the routing benchmark runs every strategy on: six accounts whose hidden state changes
 * during two hours of steady traffic. Each account's answers come from its own seeded random source,
 * and arrivals from another, so every strategy meets the same accounts and the same requests.
 */
import type { AccountProfile } from './simulated-account.js';

const minute = 60_000;

export interface Scenario {
  start: number;
  durationMs: number;
  requestsPerSecond: number;
  model: string;
  seed: number;
  accounts: AccountProfile[];
  /** The account that goes bad, and when: the benchmark measures how fast traffic leaves it. */
  goesBad: { accountId: string; atMs: number };
}

const healthy = { requestsPerMinute: 60, requestsPerDay: 100_000, retryInfoShare: 0.7 };

export const defaultScenario: Scenario = {
  start: Date.parse('2026-01-15T16:00:00.000Z'),
  durationMs: 120 * minute,
  requestsPerSecond: 2,
  model: 'gemini-2.5-pro',
  seed: 20_260_115,
  accounts: [
    { id: 'steady', successRate: [{ fromMs: 0, rate: 0.99 }], ...healthy },
    {
      id: 'goes-bad',
      successRate: [
        { fromMs: 0, rate: 0.99 },
        { fromMs: 30 * minute, rate: 0.2 },
      ],
      ...healthy,
    },
    {
      id: 'recovers',
      successRate: [
        { fromMs: 0, rate: 0.3 },
        { fromMs: 60 * minute, rate: 0.99 },
      ],
      ...healthy,
    },
    { id: 'low-rate-limit', successRate: [{ fromMs: 0, rate: 0.99 }], ...healthy, requestsPerMinute: 15 },
    { id: 'daily-quota', successRate: [{ fromMs: 0, rate: 0.99 }], ...healthy, requestsPerDay: 1_500 },
    { id: 'flaky', successRate: [{ fromMs: 0, rate: 0.9 }], ...healthy },
  ],
  goesBad: { accountId: 'goes-bad', atMs: 30 * minute },
};
