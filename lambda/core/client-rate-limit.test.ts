import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../test/fakes/test-clock.js';
import { ClientRateLimit } from './client-rate-limit.js';
import { HttpError } from './http-error.js';

/** 'ok', or the status, Retry-After and body of the refusal. */
function attempt(limit: ClientRateLimit, client: string): unknown {
  try {
    limit.take(client);
    return 'ok';
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { status: error.status, headers: error.headers, body: error.toJSON() };
  }
}

describe('ClientRateLimit', () => {
  it('lets a burst of one minute’s allowance through, then answers 429 with Retry-After', () => {
    // Prepare
    const limit = new ClientRateLimit({ requestsPerMinute: 3, clock: createTestClock() });

    // Act
    const answers = [1, 2, 3, 4].map(() => attempt(limit, 'key-a'));

    // Assess
    expect(answers).toStrictEqual([
      'ok',
      'ok',
      'ok',
      {
        status: 429,
        headers: { 'retry-after': '20' },
        body: {
          error: {
            message: 'This API key is limited to 3 requests per minute; retry in 20s.',
            type: 'rate_limit_error',
            param: null,
            code: 'client_rate_limit_exceeded',
          },
        },
      },
    ]);
  });

  it('refills at the configured rate, never above one minute’s allowance', () => {
    // Prepare
    const clock = createTestClock();
    const limit = new ClientRateLimit({ requestsPerMinute: 60, clock });
    for (let index = 0; index < 60; index += 1) limit.take('key-a');

    // Act
    const empty = attempt(limit, 'key-a');
    clock.advance(1_000);
    const afterOneSecond = [attempt(limit, 'key-a'), attempt(limit, 'key-a')];
    clock.advance(10 * 60_000);
    let burst = 0;
    while (attempt(limit, 'key-a') === 'ok') burst += 1;

    // Assess
    expect(empty).toMatchObject({ status: 429, headers: { 'retry-after': '1' } });
    expect(afterOneSecond).toStrictEqual(['ok', expect.objectContaining({ status: 429 })]);
    expect(burst).toStrictEqual(60);
  });

  it('counts every key on its own', () => {
    // Prepare
    const limit = new ClientRateLimit({ requestsPerMinute: 1, clock: createTestClock() });

    // Act
    const answers = [attempt(limit, 'key-a'), attempt(limit, 'key-b'), attempt(limit, 'key-a')];

    // Assess
    expect(answers).toStrictEqual(['ok', 'ok', expect.objectContaining({ status: 429 })]);
  });
});
