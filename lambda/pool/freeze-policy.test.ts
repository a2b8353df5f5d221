import { describe, expect, it } from 'vitest';
import type { Random } from '../core/ports.js';
import { UpstreamError, type UpstreamErrorInit } from '../upstream/upstream-error.js';
import { type JudgeFailureInput, judgeFailure } from './freeze-policy.js';
import { defaultPoolConfig } from './pool-config.js';

const now = Date.parse('2026-01-15T12:00:00.000Z');

/** A random source that always draws `value`, so jitter is exact in assertions. */
function constantRandom(value: number): Random {
  return { next: () => value };
}

function judge(init: UpstreamErrorInit, overrides: Partial<JudgeFailureInput> = {}) {
  return judgeFailure({
    error: new UpstreamError(init),
    consecutiveFailures: 1,
    now,
    config: defaultPoolConfig,
    random: constantRandom(0.5),
    ...overrides,
  });
}

describe('judgeFailure', () => {
  it.each(['bad_request', 'not_found'] as const)('leaves the account alone on %s', (failure) => {
    // Act
    const verdict = judge({ failure, message: 'the client asked for something wrong', status: 400 });

    // Assess
    expect(verdict).toStrictEqual({ action: 'none' });
  });

  it('disables an account whose credentials are revoked', () => {
    // Act
    const verdict = judge({
      failure: 'credentials_revoked',
      message: 'refresh token revoked (invalid_grant)',
    });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'disable',
      reason: 'credentials revoked (refresh token revoked (invalid_grant))',
    });
  });

  it("honours Google's rate-limit delay plus up to 10% jitter", () => {
    // Act
    const verdict = judge({
      failure: 'rate_limited',
      message: 'slow down',
      status: 429,
      retryDelayMs: 30_000,
    });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: now + 30_000 + 0.5 * 0.1 * 30_000,
      cause: 'rate limit (HTTP 429), Google asked for 30s',
    });
  });

  it('backs off exponentially with full jitter from the rate-limit base when Google gives no delay', () => {
    // Act
    const verdicts = [1, 2, 3].map((consecutiveFailures) =>
      judge({ failure: 'rate_limited', message: 'slow down', status: 429 }, { consecutiveFailures }),
    );

    // Assess: ceilings 1s, 2s, 4s; the draw 0.5 lands halfway
    expect(verdicts).toStrictEqual([
      {
        action: 'freeze',
        frozenUntil: now + 500,
        cause: 'rate limit (HTTP 429), first failure, backoff up to 1s',
      },
      {
        action: 'freeze',
        frozenUntil: now + 1_000,
        cause: 'rate limit (HTTP 429), 2 failures in a row, backoff up to 2s',
      },
      {
        action: 'freeze',
        frozenUntil: now + 2_000,
        cause: 'rate limit (HTTP 429), 3 failures in a row, backoff up to 4s',
      },
    ]);
  });

  it('caps the backoff', () => {
    // Act
    const verdict = judge(
      { failure: 'server_error', message: 'internal', status: 500 },
      { consecutiveFailures: 40, random: constantRandom(0.999) },
    );

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: now + 0.999 * defaultPoolConfig.maxFreezeMs,
      cause: 'server error (HTTP 500), 40 failures in a row, backoff up to 30m',
    });
  });

  it('can thaw at once: full jitter draws from zero', () => {
    // Act
    const verdict = judge({ failure: 'timeout', message: 'no answer' }, { random: constantRandom(0) });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: now,
      cause: 'timeout, first failure, backoff up to 2s',
    });
  });

  it.each([
    'capacity',
    'server_error',
    'timeout',
    'network',
    'empty_response',
    'malformed_response',
    'unauthorized',
  ] as const)('backs off %s from the general base', (failure) => {
    // Act
    const verdict = judge(
      { failure, message: 'it broke' },
      { consecutiveFailures: 2, random: constantRandom(1 - 2 ** -20) },
    );

    // Assess: just under the ceiling of 2 × 2s
    expect(verdict.action === 'freeze' && verdict.frozenUntil).toBe(now + 4_000 * (1 - 2 ** -20));
  });

  it('backs off a 403 from its own, longer base', () => {
    // Act
    const verdict = judge({ failure: 'forbidden', message: 'API not enabled', status: 403 });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: now + 30_000,
      cause: 'forbidden (HTTP 403), first failure, backoff up to 1m',
    });
  });

  it("honours Google's delay on a 503 too", () => {
    // Act
    const verdict = judge({ failure: 'capacity', message: 'no capacity', status: 503, retryDelayMs: 2_000 });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: now + 2_100,
      cause: 'model out of capacity (HTTP 503), Google asked for 2s',
    });
  });

  it('freezes a daily quota until its reset time', () => {
    // Prepare
    const resetAt = Date.parse('2026-01-16T08:00:00.000Z');

    // Act
    const verdict = judge({
      failure: 'quota_exhausted',
      message: 'quota',
      status: 429,
      quotaId: 'GenerateRequestsPerDayPerProjectPerModel',
      resetAt,
    });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: resetAt,
      cause:
        'quota exhausted (HTTP 429, GenerateRequestsPerDayPerProjectPerModel), resets at 2026-01-16T08:00:00.000Z',
    });
  });

  it("prefers a daily quota's reset time to the few seconds RetryInfo asks for", () => {
    // Prepare
    const resetAt = Date.parse('2026-01-16T08:00:00.000Z');

    // Act
    const verdict = judge({ failure: 'quota_exhausted', message: 'quota', retryDelayMs: 3_000, resetAt });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: resetAt,
      cause: 'quota exhausted, resets at 2026-01-16T08:00:00.000Z',
    });
  });

  it('freezes an exhausted quota with no reset time until midnight Pacific', () => {
    // Act
    const verdict = judge({ failure: 'quota_exhausted', message: 'quota', status: 429 });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: Date.parse('2026-01-16T08:00:00.000Z'),
      cause: 'quota exhausted (HTTP 429), resets at midnight Pacific',
    });
  });

  it('honours a short delay on QUOTA_EXHAUSTED: per-minute quotas say so too', () => {
    // Act
    const verdict = judge({ failure: 'quota_exhausted', message: 'quota', retryDelayMs: 530 });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: now + 530 + 26.5,
      cause: 'quota exhausted, Google asked for 0.5s',
    });
  });

  it('treats a delay beyond five minutes as a reset: no jitter, no cap', () => {
    // Act
    const verdict = judge({ failure: 'rate_limited', message: 'slow down', retryDelayMs: 3 * 3_600_000 });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: now + 3 * 3_600_000,
      cause: 'rate limit, Google asked for 3h',
    });
  });

  it('ignores a reset time already in the past', () => {
    // Act
    const verdict = judge({ failure: 'rate_limited', message: 'slow down', resetAt: now - 1 });

    // Assess
    expect(verdict).toStrictEqual({
      action: 'freeze',
      frozenUntil: now + 500,
      cause: 'rate limit, first failure, backoff up to 1s',
    });
  });
});
