import { APIError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { textEvent } from '../fakes/gemini-events.js';
import {
  badRequest,
  capacityExhausted,
  Gate,
  internalError,
  malformedSse,
  notFound,
  rateLimited,
  reset,
  type StreamStep,
  stream,
} from '../fakes/google-answers.js';
import { createTestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { collect, postChat, readJsonAnswer, readSseIncrementally } from './raw-http.js';
import { type Harness, type HarnessOptions, startHarness } from './start-harness.js';

/** What Google streams when it fails after its 200: the error object as an event of its own. */
const internalErrorEvent = {
  error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' },
};

const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('errors', () => {
  let rig: Harness | undefined;
  const start = async (options: HarnessOptions = { accounts: oneAccount }) => {
    rig = await startHarness({ clock: createTestClock(), ...options });
    return rig;
  };
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it.each([false, true])(
    'answers Google 400 with a 400 that carries Google’s message (stream: %s)',
    async (streaming) => {
      // Prepare
      const { google, url } = await start();
      google.enqueue(badRequest('Invalid JSON payload received. Unknown name "foo": Cannot find field.'));

      // Act
      const answer = await readJsonAnswer(await postChat({ url, body: { ...chat, stream: streaming } }));

      // Assess
      expect(answer).toStrictEqual({
        status: 400,
        contentType: 'application/json; charset=utf-8',
        body: {
          error: {
            message:
              'Google answered 400 INVALID_ARGUMENT: Invalid JSON payload received. Unknown name "foo": Cannot find field.',
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
        },
      });
      expect(google.calls).toHaveLength(1);
    },
  );

  it('answers Google 404 (unknown model) with a 404 through the SDK', async () => {
    // Prepare
    const { google, client } = await start();
    google.enqueue(notFound('models/gemini-9-ultra is not found for API version v1internal'));

    // Act
    const failure = await client.chat.completions
      .create({ model: 'gemini-9-ultra', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(APIError);
    expect(failure).toMatchObject({
      status: 404,
      error: {
        message:
          'Google answered 404 NOT_FOUND: models/gemini-9-ultra is not found for API version v1internal',
        type: 'not_found_error',
        param: null,
        code: 'model_not_found',
      },
    });
    expect(google.calls.map((call) => call.model)).toStrictEqual(['gemini-9-ultra']);
  });

  it('answers a 429 on the only account with a 429 and Retry-After, and does not call Google again while it cools down', async () => {
    // Prepare
    const { google, url } = await start();
    google.enqueue(rateLimited({ retryDelay: '30s' }));

    // Act
    const first = await postChat({ url, body: chat });
    const second = await postChat({ url, body: { ...chat, stream: true } });

    // Assess
    for (const response of [first, second]) {
      const retryAfter = Number(response.headers.get('retry-after'));
      const answer = await readJsonAnswer(response);
      expect(answer).toMatchObject({
        status: 429,
        body: { error: { type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } },
      });
      // Google's 30 s plus the pool's jitter of at most a tenth.
      expect(retryAfter).toBeGreaterThanOrEqual(30);
      expect(retryAfter).toBeLessThanOrEqual(33);
      expect((answer.body as { error: { message: string } }).error.message).toContain(`${retryAfter}s`);
    }
    expect(google.calls).toHaveLength(1);
  });

  it('fails over to another account when Google answers 500, before the client sees a byte', async () => {
    // Prepare
    const { google, client } = await start({
      accounts: {
        ...oneAccount,
        'acct-b': { projectId: 'p-b', credentials: { refresh_token: 'rt-b' } },
      },
    });
    google.enqueue(internalError());

    // Act
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    });

    // Assess
    expect(completion.choices[0]?.message.content).toStrictEqual('Hello from fake Google.');
    expect(new Set(google.calls.map((call) => call.project))).toStrictEqual(new Set(['p-a', 'p-b']));
  });

  it.each([
    { name: 'a 500', answer: internalError, status: 502, type: 'api_error', code: 'upstream_error' },
    {
      name: 'a 503 with no capacity',
      answer: capacityExhausted,
      status: 503,
      type: 'api_error',
      code: 'model_overloaded',
    },
  ])(
    'answers $name on the only account with a $status, not a rate limit',
    async ({ answer, status, type, code }) => {
      // Prepare
      const { google, url } = await start();
      google.enqueue(answer());

      // Act
      const response = await postChat({ url, body: chat });

      // Assess
      expect(await readJsonAnswer(response)).toStrictEqual({
        status,
        contentType: 'application/json; charset=utf-8',
        body: { error: { message: expect.any(String), type, param: null, code } },
      });
      expect(google.calls).toHaveLength(1);
    },
  );

  it.each([
    { name: 'the connection breaks', answer: reset },
    { name: 'Google sends an event that is not JSON', answer: malformedSse },
    {
      name: 'Google sends an error event',
      answer: (...steps: StreamStep[]) =>
        stream(...steps, `data: ${JSON.stringify(internalErrorEvent)}\r\n\r\n`),
    },
  ])('ends a stream that already began with an error event and [DONE] when $name', async ({ answer }) => {
    // Prepare
    const { google, url } = await start();
    const gate = new Gate();
    google.enqueue(answer(textEvent('Hel'), gate));

    // Act
    const response = await postChat({ url, body: { ...chat, stream: true } });
    const events = readSseIncrementally(response);
    const first = await events.next();
    gate.release();
    const rest = [await events.next(), await events.next(), await events.next()].map((event) =>
      event?.startsWith('{') ? JSON.parse(event) : event,
    );

    // Assess
    expect(response.status).toStrictEqual(200);
    expect(JSON.parse(first ?? '')).toMatchObject({
      choices: [
        { index: 0, delta: { role: 'assistant', content: 'Hel' }, logprobs: null, finish_reason: null },
      ],
    });
    expect(rest).toStrictEqual([
      { error: { message: expect.any(String), type: 'api_error', param: null, code: 'upstream_error' } },
      '[DONE]',
      undefined,
    ]);
  });

  it('fails over when Google streams an error event before any content', async () => {
    // Prepare
    const { google, client } = await start({
      accounts: {
        ...oneAccount,
        'acct-b': { projectId: 'p-b', credentials: { refresh_token: 'rt-b' } },
      },
    });
    google.enqueue(stream(`data: ${JSON.stringify(internalErrorEvent)}\r\n\r\n`));

    // Act
    const chunks = await collect(
      await client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: chat.messages,
        stream: true,
      }),
    );

    // Assess
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? null)).toStrictEqual([
      'Hello from fake Google.',
      null,
    ]);
    expect(new Set(google.calls.map((call) => call.project))).toStrictEqual(new Set(['p-a', 'p-b']));
  });

  it('makes the SDK throw the error event that ends a stream which already began', async () => {
    // Prepare
    const { google, client } = await start();
    const gate = new Gate();
    google.enqueue(reset(textEvent('Hel'), gate));
    const received: string[] = [];

    // Act
    const chunks = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: chat.messages,
      stream: true,
    });
    const failure = await (async () => {
      for await (const chunk of chunks) {
        received.push(chunk.choices[0]?.delta.content ?? '');
        gate.release();
      }
    })().catch((error: unknown) => error);

    // Assess
    expect(received).toStrictEqual(['Hel']);
    expect(failure).toBeInstanceOf(APIError);
    expect((failure as APIError).error).toStrictEqual({
      message: "Google's answer could not be used (network).",
      type: 'api_error',
      param: null,
      code: 'upstream_error',
    });
  });

  it('says how to add an account when there is none, in OpenAI’s error shape', async () => {
    // Prepare
    const { url, google } = await start({ accounts: {} });

    // Act
    const answer = await readJsonAnswer(await postChat({ url, body: chat }));

    // Assess
    expect(answer).toStrictEqual({
      status: 503,
      contentType: 'application/json; charset=utf-8',
      body: {
        error: {
          message: expect.stringContaining('ACCOUNTS_DIR'),
          type: 'server_error',
          param: null,
          code: 'no_accounts',
        },
      },
    });
    expect(google.calls).toStrictEqual([]);
  });
});
