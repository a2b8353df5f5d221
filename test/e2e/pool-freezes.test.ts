/**
 * Freezes through the real local gateway, on the fake clock: a frozen account is not asked again until
 * it thaws, a daily quota parks it until the quota resets, a request never tries more accounts than its
 * budget, every account cooling down is a 429 with Retry-After, and with STATE_DIR a directory the
 * freezes outlive a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatDuration } from '../../lambda/pool/format-duration.js';
import type { GenerateCall } from '../fakes/fake-google.js';
import { type Answer, dailyQuotaExhausted, rateLimited } from '../fakes/google-answers.js';
import { createTestClock, type TestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { accountsSeen, freezeLines, frozenUntilOf, threeAccounts, twoAccounts } from './pool-accounts.js';
import { postChat, readJsonAnswer } from './raw-http.js';
import { type Harness, type HarnessOptions, startHarness } from './start-harness.js';

const model = 'gemini-2.5-flash';
const chat = { model, messages: [{ role: 'user' as const, content: 'hi' }] };
const served = {
  status: 200,
  retryAfter: null,
  body: expect.objectContaining({
    choices: [
      expect.objectContaining({ message: expect.objectContaining({ content: 'Hello from fake Google.' }) }),
    ],
  }),
};

/** What a client sees, Retry-After included. */
async function send(url: string): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  const response = await postChat({ url, body: chat });
  const retryAfter = response.headers.get('retry-after');
  const { status, body } = await readJsonAnswer(response);
  return { status, retryAfter, body };
}

/** The pool's 429 when every account that serves the model is cooling down. */
function coolingDown({ accounts, seconds }: { accounts: number; seconds: number }) {
  const who =
    accounts === 1
      ? `The only account serving '${model}' is`
      : `All ${accounts} accounts serving '${model}' are`;
  return {
    status: 429,
    retryAfter: String(seconds),
    body: {
      error: {
        message: expect.stringMatching(
          new RegExp(
            `^${who} cooling down after rate limits or errors; the first is available again in ${seconds}s\\. Retry after ${seconds} seconds\\.`,
          ),
        ),
        type: 'rate_limit_error',
        param: null,
        code: 'rate_limit_exceeded',
      },
    },
  };
}

/** Answers every call for `project` with `answer`; the others are served. */
function refuse(project: string, answer: () => Answer): (call: GenerateCall) => Answer | undefined {
  return (call) => (call.project === project ? answer() : undefined);
}

describe('pool freezes', () => {
  let clock: TestClock;
  let rig: Harness | undefined;
  const start = async (options: HarnessOptions) => {
    clock = createTestClock();
    rig = await startHarness({ clock, ...options });
    return rig;
  };
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('does not ask a frozen account again until it thaws, even when the others fail', async () => {
    // Prepare: the first account asked is rate limited for 30 s; the other serves.
    const { google, url, logger } = await start({ accounts: twoAccounts });
    google.enqueue(rateLimited({ retryDelay: '30s', model }));
    const startedAt = clock.now();
    const first = await send(url);
    const [frozen, other] = accountsSeen(google);
    const thaw = frozenUntilOf(freezeLines(logger)[0]);
    const otherProject = other === 'acct-a' ? 'p-a' : 'p-b';

    // Act: 4.5 s before the thaw (too long to wait) the other is refused too; then the freeze ends
    // (1 ms past the logged thaw, which drops the fraction of a millisecond the jitter adds)
    google.setHandler(refuse(otherProject, () => rateLimited({ retryDelay: '60s', model })));
    clock.advance(thaw - clock.now() - 4_500);
    const refusedAt = clock.now();
    const whileFrozen = await send(url);
    const callsWhileFrozen = accountsSeen(google, 2);
    clock.advance(4_501);
    const thawed = await send(url);

    // Assess
    expect(first).toStrictEqual(served);
    expect(whileFrozen).toStrictEqual(coolingDown({ accounts: 2, seconds: 5 }));
    expect(callsWhileFrozen).toStrictEqual([other]);
    expect(thawed).toStrictEqual(served);
    expect(accountsSeen(google, 3)).toStrictEqual([frozen]);
    const [firstFreeze, secondFreeze] = freezeLines(logger);
    expect([firstFreeze?.message, secondFreeze?.message]).toStrictEqual([
      `account ${frozen} frozen for model ${model} for ${formatDuration(thaw - startedAt)} (rate limit (HTTP 429), Google asked for 30s)`,
      `account ${other} frozen for model ${model} for ${formatDuration(frozenUntilOf(secondFreeze) - refusedAt)} (rate limit (HTTP 429), Google asked for 1m)`,
    ]);
  });

  it('parks an account out of daily quota until the quota resets (midnight Pacific), not for Google’s few seconds', async () => {
    // Prepare: the first account asked is out of its daily quota; the other serves
    const { google, url, logger } = await start({ accounts: twoAccounts });
    google.enqueue(dailyQuotaExhausted({ model, retryDelay: '34s' }));
    const first = await send(url);
    const [parked, other] = accountsSeen(google);
    const otherProject = other === 'acct-a' ? 'p-a' : 'p-b';
    // The test clock starts at 2026-07-04T12:00Z; midnight Pacific (PDT) is 07:00Z the next day.
    const reset = Date.parse('2026-07-05T07:00:00Z');
    google.setHandler(refuse(otherProject, () => rateLimited({ retryDelay: '30s', model })));

    // Act: an hour later, ten seconds before the reset, and at the reset, with the other refusing
    clock.advance(60 * 60_000);
    const anHourLater = await send(url);
    clock.advance(reset - 10_000 - clock.now());
    const justBefore = await send(url);
    const callsBefore = accountsSeen(google, 2);
    clock.advance(10_000);
    const atReset = await send(url);

    // Assess
    expect(first).toStrictEqual(served);
    expect(anHourLater).toMatchObject({ status: 429, body: { error: { code: 'rate_limit_exceeded' } } });
    expect(Number(anHourLater.retryAfter)).toBeGreaterThanOrEqual(30);
    expect(Number(anHourLater.retryAfter)).toBeLessThanOrEqual(33);
    expect(justBefore).toStrictEqual(coolingDown({ accounts: 2, seconds: 10 }));
    expect(callsBefore).toStrictEqual([other, other]);
    expect(atReset).toStrictEqual(served);
    expect(accountsSeen(google, 4)).toStrictEqual([parked]);
    expect(freezeLines(logger)[0]?.message).toStrictEqual(
      `account ${parked} frozen for model ${model} for 19h (quota exhausted (HTTP 429, GenerateRequestsPerDayPerProjectPerModel-FreeTier), resets at 2026-07-05T07:00:00.000Z)`,
    );
  });

  it('answers 429 with Retry-After once every account is cooling down, after asking each once, then asks none', async () => {
    // Prepare
    const { google, url, logger } = await start({ accounts: threeAccounts });
    google.setHandler(() => rateLimited({ retryDelay: '30s', model }));
    const startedAt = clock.now();

    // Act
    const first = await send(url);
    const callsFirst = accountsSeen(google);
    const again = await send(url);
    clock.advance(10_000);
    const later = await send(url);

    // Assess: Retry-After counts down to the soonest thaw
    const soonestThaw = Math.min(...freezeLines(logger).map(frozenUntilOf));
    const seconds = Math.ceil((soonestThaw - startedAt) / 1000);
    expect(first).toStrictEqual(coolingDown({ accounts: 3, seconds }));
    expect(again).toStrictEqual(coolingDown({ accounts: 3, seconds }));
    expect(later).toStrictEqual(coolingDown({ accounts: 3, seconds: seconds - 10 }));
    expect([...callsFirst].sort()).toStrictEqual(['acct-a', 'acct-b', 'acct-c']);
    expect(google.calls).toHaveLength(3);
  });

  it('tries no more accounts than the attempt budget', async () => {
    // Prepare
    const { google, url } = await start({ accounts: threeAccounts, pool: { maxAttempts: 2 } });
    google.setHandler(() => rateLimited({ retryDelay: '30s', model }));

    // Act
    const first = await send(url);
    const callsFirst = accountsSeen(google);
    const second = await send(url);

    // Assess: the first request stops after two accounts with Google's own 429; the second asks the third
    expect(first).toStrictEqual({
      status: 429,
      retryAfter: '30',
      body: {
        error: {
          message: "Google's rate limit or quota for this model was reached; retry in 30s.",
          type: 'rate_limit_error',
          param: null,
          code: 'rate_limited',
        },
      },
    });
    expect(new Set(callsFirst).size).toStrictEqual(2);
    expect(second).toMatchObject({ status: 429, body: { error: { code: 'rate_limit_exceeded' } } });
    expect([...accountsSeen(google)].sort()).toStrictEqual(['acct-a', 'acct-b', 'acct-c']);
  });

  describe('with STATE_DIR a folder', () => {
    it('keeps a frozen account frozen across a gateway restart', async () => {
      // Prepare
      const harness = await start({ accounts: oneAccount, persistentState: true });
      harness.google.enqueue(rateLimited({ retryDelay: '30s', model }));
      const before = await send(harness.url);
      const thaw = frozenUntilOf(freezeLines(harness.logger)[0]);
      const seconds = Math.ceil((thaw - clock.now()) / 1000);

      // Act
      await harness.restart();
      const afterRestart = await send(harness.url);
      clock.advance(thaw + 1 - clock.now());
      const thawed = await send(harness.url);

      // Assess
      expect(before).toStrictEqual(coolingDown({ accounts: 1, seconds }));
      expect(afterRestart).toStrictEqual(coolingDown({ accounts: 1, seconds }));
      expect(thawed).toStrictEqual(served);
      expect(harness.google.calls.map((call) => call.project)).toStrictEqual(['p-a', 'p-a']);
    });
  });
});
