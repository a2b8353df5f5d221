import { describe, expect, it } from 'vitest';
import type { ModelState } from '../../lambda/pool/pool-state.js';
import { summarizePool } from './summarize-pool.js';

const halfLifeMs = 600_000;
const now = 1_767_225_600_000;

function row(overrides: Partial<ModelState> & { accountId: string; model: string }): ModelState {
  return {
    epoch: now,
    successes: 0,
    failures: 0,
    frozenUntil: 0,
    consecutiveFailures: 0,
    version: 1,
    ...overrides,
  };
}

describe('summarizePool', () => {
  it('decays the counts, estimates the success probability and shows a freeze with its cause', () => {
    // Prepare: sums landmarked one half-life ago read as half their value now.
    const snapshot = {
      accounts: [{ accountId: 'a', enabled: true }],
      models: [
        row({ accountId: 'a', model: 'gemini-2.5-pro', epoch: now - halfLifeMs, successes: 16, failures: 4 }),
        row({
          accountId: 'a',
          model: 'gemini-2.5-flash',
          failures: 1,
          consecutiveFailures: 1,
          frozenUntil: now + 30_000,
          lastFailure: { failure: 'rate_limited', at: now - 1_000 },
        }),
      ],
    };

    // Act
    const statuses = summarizePool({
      accounts: [{ id: 'a', backend: 'code-assist', tokenExpiresAt: now + 60_000 }],
      snapshot,
      now,
      halfLifeMs,
    });

    // Assess
    expect(statuses).toStrictEqual([
      {
        id: 'a',
        backend: 'code-assist',
        configured: true,
        enabled: true,
        tokenExpiresAt: now + 60_000,
        models: [
          {
            model: 'gemini-2.5-flash',
            successProbability: 0.333,
            successes: 0,
            failures: 1,
            consecutiveFailures: 1,
            frozenUntil: now + 30_000,
            lastFailure: { failure: 'rate_limited', at: now - 1_000 },
          },
          {
            model: 'gemini-2.5-pro',
            successProbability: 0.75,
            successes: 8,
            failures: 2,
            consecutiveFailures: 0,
          },
        ],
      },
    ]);
  });

  it('lists disabled accounts with their reason, accounts without rows, and rows without credentials', () => {
    // Prepare
    const snapshot = {
      accounts: [
        {
          accountId: 'b',
          enabled: false,
          disabledReason: 'credentials revoked (invalid_grant)',
          disabledAt: now - 5,
        },
        { accountId: 'gone', enabled: true },
      ],
      models: [row({ accountId: 'gone', model: 'gemini-2.5-pro', frozenUntil: now - 1 })],
    };

    // Act
    const statuses = summarizePool({
      accounts: [
        { id: 'c', backend: 'gemini-api' },
        { id: 'b', backend: 'vertex' },
      ],
      snapshot,
      now,
      halfLifeMs,
    });

    // Assess
    expect(statuses).toStrictEqual([
      {
        id: 'b',
        backend: 'vertex',
        configured: true,
        enabled: false,
        disabledReason: 'credentials revoked (invalid_grant)',
        disabledAt: now - 5,
        models: [],
      },
      { id: 'c', backend: 'gemini-api', configured: true, enabled: true, models: [] },
      {
        id: 'gone',
        configured: false,
        enabled: true,
        models: [
          {
            model: 'gemini-2.5-pro',
            successProbability: 0.5,
            successes: 0,
            failures: 0,
            consecutiveFailures: 0,
          },
        ],
      },
    ]);
  });
});
