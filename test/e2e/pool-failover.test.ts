/**
 * Failover through the real local gateway and the fake Google: before the first byte reaches the
 * client, a failed attempt freezes its account (one operator line) and the request moves to another
 * account; the client's own mistakes are answered at once; after the first byte nothing moves.
 *
 * Which account the pool tries first is Thompson sampling's choice (seeded): each test hands its
 * failure to whichever call comes first and asserts from what Google saw.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatDuration } from '../../lambda/pool/format-duration.js';
import { textEvent } from '../fakes/gemini-events.js';
import {
  type Answer,
  badRequest,
  Gate,
  internalError,
  rateLimited,
  reset,
  resourceExhausted,
  stream,
} from '../fakes/google-answers.js';
import { createTestClock, type TestClock } from '../fakes/test-clock.js';
import { accountsSeen, freezeLines, frozenUntilOf, threeAccounts, twoAccounts } from './pool-accounts.js';
import { postChat, readJsonAnswer, readSseIncrementally } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

const model = 'gemini-2.5-flash';
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('pool failover', () => {
  let clock: TestClock;
  let rig: Harness | undefined;
  const start = async (accounts: Record<string, Record<string, unknown>> = threeAccounts) => {
    clock = createTestClock();
    rig = await startHarness({ clock, accounts });
    return rig;
  };
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  /** The answer's text through the SDK: the message, or every streamed delta joined. */
  async function ask(harness: Harness, streaming: boolean): Promise<string> {
    if (!streaming) {
      const completion = await harness.client.chat.completions.create({ model, messages });
      return completion.choices[0]?.message.content ?? '';
    }
    const chunks = await harness.client.chat.completions.create({ model, messages, stream: true });
    let text = '';
    for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
    return text;
  }

  describe.each([false, true])('stream: %s', (streaming) => {
    it.each<{ name: string; answer: () => Answer; cause: string; longest: number }>([
      {
        name: 'a 429 with RetryInfo',
        answer: () => rateLimited({ retryDelay: '30s', model }),
        cause: 'rate limit (HTTP 429), Google asked for 30s',
        longest: 33_000,
      },
      {
        name: 'a 429 without details',
        answer: resourceExhausted,
        cause: 'rate limit (HTTP 429), first failure, backoff up to 1s',
        longest: 1_000,
      },
      {
        name: 'a 500',
        answer: internalError,
        cause: 'server error (HTTP 500), first failure, backoff up to 2s',
        longest: 2_000,
      },
      {
        name: 'a connection reset before the first byte',
        answer: reset,
        cause: 'network error, first failure, backoff up to 2s',
        longest: 2_000,
      },
      {
        name: 'an empty answer',
        answer: stream,
        cause: 'empty answer, first failure, backoff up to 2s',
        longest: 2_000,
      },
    ])('fails over on $name, freezing the account that failed', async ({ answer, cause, longest }) => {
      // Prepare
      const harness = await start();
      harness.google.enqueue(answer());

      // Act
      const text = await ask(harness, streaming);

      // Assess
      expect(text).toStrictEqual('Hello from fake Google.');
      const [failed, served, ...more] = accountsSeen(harness.google);
      expect(more).toStrictEqual([]);
      expect(served).not.toStrictEqual(failed);
      const lines = freezeLines(harness.logger);
      expect(lines).toHaveLength(1);
      const frozenFor = frozenUntilOf(lines[0]) - clock.now();
      expect(frozenFor).toBeGreaterThanOrEqual(0);
      expect(frozenFor).toBeLessThanOrEqual(longest);
      expect(lines[0]?.message).toStrictEqual(
        `account ${failed} frozen for model ${model} for ${formatDuration(frozenFor)} (${cause})`,
      );
    });

    it('answers Google’s 400 at once: no failover, no freeze', async () => {
      // Prepare
      const { google, url, logger } = await start();
      google.enqueue(badRequest('Invalid JSON payload received. Unknown name "foo": Cannot find field.'));

      // Act
      const answer = await readJsonAnswer(
        await postChat({ url, body: { model, messages, stream: streaming } }),
      );

      // Assess
      expect(answer).toMatchObject({
        status: 400,
        body: {
          error: { type: 'invalid_request_error', message: expect.stringContaining('Unknown name "foo"') },
        },
      });
      expect(accountsSeen(google)).toHaveLength(1);
      expect(logger.entries.filter((entry) => /frozen|disabled/.test(entry.message))).toStrictEqual([]);
    });
  });

  it('ends a stream that failed after its first byte with an error event and [DONE], on the same account, the text sent once', async () => {
    // Prepare
    const { google, url, logger } = await start(twoAccounts);
    const gate = new Gate();
    google.enqueue(reset(textEvent('Hel'), gate));

    // Act
    const response = await postChat({ url, body: { model, messages, stream: true } });
    const events = readSseIncrementally(response);
    const received = [await events.next()];
    gate.release();
    for (let event = await events.next(); event !== undefined; event = await events.next())
      received.push(event);

    // Assess
    expect(response.status).toStrictEqual(200);
    const [first, error, done, ...rest] = received.map((event) =>
      event?.startsWith('{') ? JSON.parse(event) : event,
    );
    expect(first).toMatchObject({ choices: [{ delta: { role: 'assistant', content: 'Hel' } }] });
    expect(error).toStrictEqual({
      error: {
        message: "Google's answer could not be used (network).",
        type: 'api_error',
        param: null,
        code: 'upstream_error',
      },
    });
    expect([done, ...rest]).toStrictEqual(['[DONE]']);
    const [streamedBy, ...others] = accountsSeen(google);
    expect(others).toStrictEqual([]);
    const frozenFor = frozenUntilOf(freezeLines(logger)[0]) - clock.now();
    expect(
      logger.entries
        .filter((entry) => entry.level === 'warn')
        .map(({ message, fields }) => ({ message, fields })),
    ).toStrictEqual([
      {
        message: 'stream failed after the first byte',
        fields: { account: streamedBy, failure: 'network' },
      },
      {
        message: `account ${streamedBy} frozen for model ${model} for ${formatDuration(frozenFor)} (network error, first failure, backoff up to 2s)`,
        fields: { accountId: streamedBy, model, failure: 'network', frozenUntil: expect.any(String) },
      },
    ]);
    expect(frozenFor).toBeLessThanOrEqual(2_000);
  });
});
