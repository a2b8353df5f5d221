import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../lambda/pool/seeded-random.js';
import { type AccountProfile, SimulatedAccount } from './simulated-account.js';

const start = Date.parse('2026-01-15T16:00:00.000Z');

function createAccount(overrides: Partial<AccountProfile> = {}): SimulatedAccount {
  const profile: AccountProfile = {
    id: 'sim',
    successRate: [{ fromMs: 0, rate: 1 }],
    requestsPerMinute: 3,
    requestsPerDay: 1_000,
    retryInfoShare: 1,
    ...overrides,
  };
  return new SimulatedAccount(profile, createSeededRandom(1), start);
}

describe('SimulatedAccount', () => {
  it('answers 429 with the time left in the minute once its per-minute limit is used', () => {
    // Prepare
    const account = createAccount();

    // Act
    const answers = [0, 1, 2, 3].map(() => account.call(start + 15_000));
    const limited = account.isLimitedAt(start + 15_000);
    const nextMinute = account.call(start + 60_000);

    // Assess
    expect(answers.slice(0, 3)).toStrictEqual([undefined, undefined, undefined]);
    expect(answers[3]).toMatchObject({ failure: 'rate_limited', status: 429, retryDelayMs: 45_000 });
    expect([limited, nextMinute, account.isLimitedAt(start + 60_000)]).toStrictEqual([
      true,
      undefined,
      false,
    ]);
  });

  it('answers QUOTA_EXHAUSTED until the day ends once its daily quota is used', () => {
    // Prepare
    const account = createAccount({ requestsPerDay: 2 });
    account.call(start);
    account.call(start + 60_000);

    // Act
    const answer = account.call(start + 120_000);

    // Assess
    expect(answer).toMatchObject({ failure: 'quota_exhausted', resetAt: start + 24 * 3_600_000 });
    expect(account.isLimitedAt(start + 3_600_000)).toBe(true);
  });

  it('follows its hidden success-rate schedule', () => {
    // Prepare
    const account = createAccount({
      successRate: [
        { fromMs: 0, rate: 0.99 },
        { fromMs: 60_000, rate: 0 },
      ],
      requestsPerMinute: 100,
    });

    // Act
    const late = Array.from({ length: 10 }, () => account.call(start + 90_000)?.failure);

    // Assess
    expect([account.successRateAt(start), account.successRateAt(start + 60_000)]).toStrictEqual([0.99, 0]);
    expect(late).toStrictEqual(Array(10).fill('server_error'));
  });
});
