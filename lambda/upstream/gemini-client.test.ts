import type { Dispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGoogle, fakeOAuthClient, startFakeGoogle } from '../../test/fakes/fake-google.js';
import { startFakeProxy } from '../../test/fakes/fake-proxy.js';
import {
  finishEvent,
  functionCallEvent,
  textEvent,
  thoughtEvent,
  usage,
} from '../../test/fakes/gemini-events.js';
import {
  type Answer,
  badRequest,
  capacityExhausted,
  dailyQuotaExhausted,
  Gate,
  googleError,
  hang,
  internalError,
  malformedSse,
  notFound,
  permissionDenied,
  quotaExhausted,
  rateLimited,
  reset,
  resourceExhausted,
  stream,
  unauthenticated,
} from '../../test/fakes/google-answers.js';
import { createRecordingLogger, type RecordingLogger } from '../../test/fakes/recording-logger.js';
import { createTestClock, type TestClock } from '../../test/fakes/test-clock.js';
import { collectEvents, failureOf, pickFields } from '../../test/fakes/upstream-assertions.js';
import { fakeUpstreamConfig } from '../../test/fakes/upstream-rig.js';
import type { Account } from '../credentials/account.js';
import { createTokenProvider } from '../credentials/token-provider.js';
import type { GenerateContentRequest } from '../gemini/generate-content.js';
import { createGeminiClient, type GeminiClient, type UpstreamConfig } from './gemini-client.js';
import { createDispatcher } from './http-client.js';
import { nextPacificMidnight } from './next-pacific-midnight.js';

const request: GenerateContentRequest = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
const model = 'gemini-2.5-pro';

describe('gemini client (Code Assist) against the fake Google', () => {
  let google: FakeGoogle;
  let clock: TestClock;
  let logger: RecordingLogger;
  let dispatcher: Dispatcher;
  let gemini: GeminiClient;
  let account: Account;

  function createClient(
    overrides: Partial<UpstreamConfig> = {},
    clientDispatcher = dispatcher,
  ): GeminiClient {
    const config: UpstreamConfig = { ...fakeUpstreamConfig(google), ...overrides };
    const tokens = createTokenProvider({
      tokenUrl: config.tokenUrl,
      oauthClient: config.oauthClient,
      store: { saveCredentials: async () => {} },
      dispatcher: clientDispatcher,
      clock,
      logger,
    });
    return createGeminiClient(config, {
      tokens,
      clock,
      logger,
      dispatcher: clientDispatcher,
      onboardingPollIntervalMs: 1_000,
    });
  }

  function open(options: { signal?: AbortSignal; client?: GeminiClient; on?: Account } = {}) {
    return (options.client ?? gemini).open({
      account: options.on ?? account,
      model,
      request,
      signal: options.signal ?? new AbortController().signal,
    });
  }

  /** The account with an access token that looks valid for an hour but Google no longer accepts. */
  function withRevokedAccessToken(): Account {
    const credentials = {
      refresh_token: '1//rt-a',
      access_token: 'ya29.revoked',
      expiry_date: clock.now() + 3_600_000,
    };
    return { ...account, credentials };
  }

  beforeEach(async () => {
    clock = createTestClock();
    google = await startFakeGoogle({ clock });
    google.addRefreshToken('1//rt-a', { accessTokenPrefix: 'ya29.a' });
    logger = createRecordingLogger();
    dispatcher = createDispatcher({});
    gemini = createClient();
    account = {
      id: 'acct-a',
      backend: 'code-assist',
      projectId: 'project-a',
      credentials: { refresh_token: '1//rt-a' },
    };
  });

  afterEach(async () => {
    await dispatcher.close();
    await google.close();
  });

  describe('streaming', () => {
    it('resolves with the first event and streams the rest', async () => {
      // Prepare
      google.enqueue(
        stream(
          thoughtEvent('Thinking'),
          textEvent('Hel'),
          textEvent('lo'),
          finishEvent('STOP', usage({ prompt: 3, candidates: 2 })),
        ),
      );

      // Act
      const { first, rest } = await open();
      const others = await collectEvents(rest);

      // Assess
      expect(first).toStrictEqual(thoughtEvent('Thinking'));
      expect(others).toStrictEqual([
        textEvent('Hel'),
        textEvent('lo'),
        finishEvent('STOP', usage({ prompt: 3, candidates: 2 })),
      ]);
    });

    it('sends the Code Assist envelope with the bearer token to :streamGenerateContent?alt=sse', async () => {
      // Prepare
      google.enqueue(stream(textEvent('ok'), finishEvent('STOP')));

      // Act
      const { rest } = await open();
      await collectEvents(rest);

      // Assess
      const [call] = google.calls;
      expect({
        path: call?.path,
        search: call?.search,
        accessToken: call?.accessToken,
        contentType: call?.headers['content-type'],
        body: call?.body,
      }).toStrictEqual({
        path: '/v1internal:streamGenerateContent',
        search: '?alt=sse',
        accessToken: 'ya29.a-1',
        contentType: 'application/json',
        body: { model, project: 'project-a', user_prompt_id: expect.any(String), request },
      });
    });

    it('skips events without content before the first good one', async () => {
      // Prepare
      google.enqueue(
        stream({ usageMetadata: { promptTokenCount: 1 } }, textEvent('late'), finishEvent('STOP')),
      );

      // Act
      const { first } = await open();

      // Assess
      expect(first).toStrictEqual(textEvent('late'));
    });

    it('primes on a function call part', async () => {
      // Prepare
      google.enqueue(
        stream(functionCallEvent('get_weather', { city: 'Paris' }, 'sig-1'), finishEvent('STOP')),
      );

      // Act
      const { first } = await open();

      // Assess
      expect(first).toStrictEqual(functionCallEvent('get_weather', { city: 'Paris' }, 'sig-1'));
    });

    it('reuses one kept-alive connection for sequential calls', async () => {
      // Prepare
      google.acceptAccessToken('ya29.preset');
      const preset: Account = {
        ...account,
        credentials: { access_token: 'ya29.preset', expiry_date: clock.now() + 3_600_000 },
      };
      google.enqueue(stream(textEvent('1')), stream(textEvent('2')), stream(textEvent('3')));

      // Act
      for (let index = 0; index < 3; index += 1) {
        await collectEvents((await open({ on: preset })).rest);
        // undici marks the socket idle on the turn after the body ends; a real next request comes later.
        await new Promise((resolve) => setImmediate(resolve));
      }

      // Assess
      expect([google.calls.length, google.connections]).toStrictEqual([3, 1]);
    });

    it('goes through the configured proxy', async () => {
      // Prepare
      const proxy = await startFakeProxy();
      const proxied = createDispatcher({ proxyUrl: proxy.url });
      google.enqueue(stream(textEvent('via proxy')));

      // Act
      const { first, rest } = await open({ client: createClient({}, proxied) });
      await collectEvents(rest);

      // Assess
      expect(first).toStrictEqual(textEvent('via proxy'));
      expect(proxy.tunnels.every((target) => target === new URL(google.baseUrl).host)).toStrictEqual(true);
      expect(proxy.tunnels.length > 0).toStrictEqual(true);
      await proxied.close();
      await proxy.close();
    });
  });

  describe('project discovery', () => {
    it('takes the project of an onboarded user from loadCodeAssist, once per account', async () => {
      // Prepare
      const discovered: Account = { ...account, projectId: undefined };
      google.setCodeAssistUser({ onboarded: true, tierId: 'standard-tier', project: 'managed-7' });

      // Act
      await Promise.all([
        collectEvents((await open({ on: discovered })).rest),
        collectEvents((await open({ on: discovered })).rest),
      ]);
      await collectEvents((await open({ on: discovered })).rest);

      // Assess
      expect(google.calls.map((call) => call.project)).toStrictEqual(['managed-7', 'managed-7', 'managed-7']);
      expect(google.setupCalls).toStrictEqual([
        {
          method: 'loadCodeAssist',
          accessToken: 'ya29.a-1',
          body: {
            metadata: { ideType: 'IDE_UNSPECIFIED', platform: 'PLATFORM_UNSPECIFIED', pluginType: 'GEMINI' },
          },
        },
      ]);
    });

    it('onboards a new user on the free tier without a project and polls the operation', async () => {
      // Prepare
      const discovered: Account = { ...account, projectId: undefined };
      google.setCodeAssistUser({
        onboarded: false,
        tierId: 'free-tier',
        project: 'free-managed-1',
        operationPolls: 2,
      });

      // Act
      await collectEvents((await open({ on: discovered })).rest);

      // Assess
      expect(google.calls.map((call) => call.project)).toStrictEqual(['free-managed-1']);
      expect(google.setupCalls.map((call) => [call.method, call.body])).toStrictEqual([
        [
          'loadCodeAssist',
          {
            metadata: { ideType: 'IDE_UNSPECIFIED', platform: 'PLATFORM_UNSPECIFIED', pluginType: 'GEMINI' },
          },
        ],
        [
          'onboardUser',
          {
            tierId: 'free-tier',
            metadata: { ideType: 'IDE_UNSPECIFIED', platform: 'PLATFORM_UNSPECIFIED', pluginType: 'GEMINI' },
          },
        ],
        ['getOperation', undefined],
        ['getOperation', undefined],
      ]);
      expect(clock.sleeps).toStrictEqual([1_000, 1_000]);
    });

    it('asks for a projectId when Code Assist knows the user but has no project for them', async () => {
      // Prepare
      google.setCodeAssistUser({ onboarded: true, tierId: 'standard-tier', project: '' });

      // Act
      const error = await failureOf(open({ on: { ...account, projectId: undefined } }));

      // Assess
      expect(error.failure).toStrictEqual('forbidden');
      expect(error.message).toContain('projectId');
      expect(google.calls).toStrictEqual([]);
    });

    it('forgets a failed discovery so the next request tries again', async () => {
      // Prepare
      const discovered: Account = { ...account, projectId: undefined };
      google.setCodeAssistUser({ onboarded: true, project: '' });
      await failureOf(open({ on: discovered }));
      google.setCodeAssistUser({ project: 'fixed-1' });

      // Act
      const { rest } = await open({ on: discovered });
      await collectEvents(rest);

      // Assess
      expect(google.calls.map((call) => call.project)).toStrictEqual(['fixed-1']);
    });
  });

  describe('Google errors', () => {
    const now = Date.parse('2026-07-04T12:00:00Z');
    it.each<
      [
        string,
        Answer,
        Partial<Record<'failure' | 'status' | 'reason' | 'retryDelayMs' | 'resetAt' | 'quotaId', unknown>>,
      ]
    >([
      [
        'per-minute rate limit',
        rateLimited({ retryDelay: '30s' }),
        { failure: 'rate_limited', status: 429, reason: 'RATE_LIMIT_EXCEEDED', retryDelayMs: 30_000 },
      ],
      [
        'exhausted quota',
        quotaExhausted({ resetTimeStamp: '2026-07-05T07:23:44Z' }),
        {
          failure: 'quota_exhausted',
          status: 429,
          reason: 'QUOTA_EXHAUSTED',
          resetAt: Date.parse('2026-07-05T07:23:44Z'),
        },
      ],
      [
        'daily quota',
        dailyQuotaExhausted(),
        {
          failure: 'quota_exhausted',
          status: 429,
          quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
          resetAt: nextPacificMidnight({ now }),
        },
      ],
      [
        'bare RESOURCE_EXHAUSTED',
        resourceExhausted(),
        { failure: 'rate_limited', status: 429, retryDelayMs: undefined },
      ],
      [
        'model capacity',
        capacityExhausted(),
        { failure: 'capacity', status: 503, reason: 'MODEL_CAPACITY_EXHAUSTED' },
      ],
      ['bad request', badRequest('Invalid JSON payload received.'), { failure: 'bad_request', status: 400 }],
      ['permission denied', permissionDenied(), { failure: 'forbidden', status: 403 }],
      ['unknown model', notFound(), { failure: 'not_found', status: 404 }],
      ['internal error', internalError(), { failure: 'server_error', status: 500 }],
      [
        'array-wrapped error',
        googleError(
          429,
          {
            message: 'Quota',
            status: 'RESOURCE_EXHAUSTED',
            details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }],
          },
          { arrayWrapped: true },
        ),
        { failure: 'rate_limited', retryDelayMs: 1_500 },
      ],
    ])('classifies %s', async (_label, answer, expected) => {
      // Prepare
      google.enqueue(answer);

      // Act
      const error = await failureOf(open());

      // Assess
      expect(pickFields(error, expected)).toStrictEqual(expected);
    });

    it('keeps Google’s explanation of a bad request for the client', async () => {
      // Prepare
      google.enqueue(
        badRequest('* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.'),
      );

      // Act
      const error = await failureOf(open());

      // Assess
      expect(error.message).toStrictEqual(
        'Google answered 400 INVALID_ARGUMENT: * GenerateContentRequest.contents[0].parts: contents.parts must not be empty.',
      );
      expect(error.isClientFault).toStrictEqual(true);
    });

    it('refreshes the token after a 401 and retries the same account once', async () => {
      // Prepare
      const stale = withRevokedAccessToken();
      google.enqueue(stream(textEvent('after refresh')));

      // Act
      const { first } = await open({ on: stale });

      // Assess
      expect(first).toStrictEqual(textEvent('after refresh'));
      expect(google.calls.map((call) => call.accessToken)).toStrictEqual(['ya29.revoked', 'ya29.a-1']);
      expect(google.tokenCalls.length).toStrictEqual(1);
    });

    it('gives up with unauthorized when the refreshed token is refused too', async () => {
      // Prepare
      google.enqueue(unauthenticated(), unauthenticated());

      // Act
      const error = await failureOf(open());

      // Assess
      expect([error.failure, error.status]).toStrictEqual(['unauthorized', 401]);
      expect(google.calls.length).toStrictEqual(2);
      expect(google.tokenCalls.length).toStrictEqual(2);
    });

    it('reports a revoked refresh token as credentials_revoked without calling generate', async () => {
      // Prepare
      google.revokeRefreshToken('1//rt-a');

      // Act
      const error = await failureOf(open());

      // Assess
      expect(error.failure).toStrictEqual('credentials_revoked');
      expect(google.calls).toStrictEqual([]);
    });

    it('classifies an error event inside a 200 stream', async () => {
      // Prepare
      google.enqueue(
        stream(
          textEvent('a'),
          'data: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\r\n\r\n',
        ),
      );
      const { rest } = await open();

      // Act
      const error = await failureOf(collectEvents(rest));

      // Assess
      expect([error.failure, error.status]).toStrictEqual(['server_error', 503]);
    });
  });

  describe('broken streams', () => {
    it.each<[string, Answer, string]>([
      ['an empty stream', stream(), 'empty_response'],
      [
        'events without content',
        stream({ usageMetadata: { promptTokenCount: 1 } }, { candidates: [] }),
        'empty_response',
      ],
      ['malformed SSE', malformedSse(), 'malformed_response'],
      ['MALFORMED_FUNCTION_CALL', stream(finishEvent('MALFORMED_FUNCTION_CALL')), 'malformed_response'],
      ['a reset before any byte', reset(), 'network'],
    ])(
      'fails %s before the first event with %s, so the pool can fail over',
      async (_label, answer, failure) => {
        // Prepare
        google.enqueue(answer);

        // Act
        const error = await failureOf(open());

        // Assess
        expect(error.failure).toStrictEqual(failure);
      },
    );

    it.each<[string, Answer, string]>([
      ['malformed SSE', malformedSse(textEvent('fine so far')), 'malformed_response'],
      [
        'MALFORMED_FUNCTION_CALL',
        stream(textEvent('fine so far'), finishEvent('MALFORMED_FUNCTION_CALL')),
        'malformed_response',
      ],
    ])('throws %s after the first event from the rest as %s', async (_label, answer, failure) => {
      // Prepare
      google.enqueue(answer);
      const { first, rest } = await open();

      // Act
      const error = await failureOf(collectEvents(rest));

      // Assess
      expect(first).toStrictEqual(textEvent('fine so far'));
      expect(error.failure).toStrictEqual(failure);
    });

    it('throws a reset mid-stream from the rest as network', async () => {
      // Prepare
      const gate = new Gate();
      google.enqueue(reset(textEvent('partial'), gate));
      const { first, rest } = await open();

      // Act
      gate.release();
      const error = await failureOf(collectEvents(rest));

      // Assess
      expect(first).toStrictEqual(textEvent('partial'));
      expect(error.failure).toStrictEqual('network');
    });

    it('maps a refused connection to network', async () => {
      // Prepare
      const closed = await startFakeGoogle({ clock });
      const endpoint = closed.baseUrl;
      await closed.close();
      google.acceptAccessToken('ya29.preset');
      const preset: Account = {
        ...account,
        credentials: { access_token: 'ya29.preset', expiry_date: clock.now() + 3_600_000 },
      };

      // Act
      const error = await failureOf(
        open({ on: preset, client: createClient({ codeAssistEndpoint: endpoint }) }),
      );

      // Assess
      expect(error.failure).toStrictEqual('network');
      expect(error.message).toStrictEqual(`Connection to ${new URL(endpoint).host} failed (ECONNREFUSED)`);
    });
  });

  describe('timeouts and cancellation', () => {
    it('times out when Google never answers, and cancels the upstream request', async () => {
      // Prepare
      google.enqueue(hang());
      const client = createClient({ firstEventTimeoutMs: 100 });

      // Act
      const error = await failureOf(open({ client }));
      await google.until(() => google.abortedCalls === 1);

      // Assess
      expect([error.failure, error.message]).toStrictEqual([
        'timeout',
        'Google sent no answer within 100 ms',
      ]);
    });

    it('counts a token endpoint that never answers against the first-event timeout', async () => {
      // Prepare
      google.enqueueTokenAnswer(hang());
      // Its own dispatcher, destroyed at the end: the shared refresh waits on for its own timeout.
      const tokenDispatcher = createDispatcher({});
      const client = createClient({ firstEventTimeoutMs: 100 }, tokenDispatcher);

      // Act
      const error = await failureOf(open({ client }));
      await tokenDispatcher.destroy();

      // Assess
      expect([error.failure, error.message, google.calls.length]).toStrictEqual([
        'timeout',
        'Google sent no answer within 100 ms',
        0,
      ]);
    });

    it('times out when the headers come but no event does', async () => {
      // Prepare
      google.enqueue(stream(new Gate()));
      const client = createClient({ firstEventTimeoutMs: 100 });

      // Act
      const error = await failureOf(open({ client }));
      await google.until(() => google.abortedCalls === 1);

      // Assess
      expect(error.failure).toStrictEqual('timeout');
    });

    it('times out a stream that stalls after the first event', async () => {
      // Prepare
      google.enqueue(stream(textEvent('a'), new Gate()));
      const client = createClient({ idleTimeoutMs: 100 });
      const { rest } = await open({ client });

      // Act
      const error = await failureOf(collectEvents(rest));
      await google.until(() => google.abortedCalls === 1);

      // Assess
      expect([error.failure, error.message]).toStrictEqual(['timeout', "Google's stream stalled for 100 ms"]);
    });

    it('does not count a slow reader as a stalled upstream', async () => {
      // Prepare
      google.enqueue(stream(textEvent('a'), textEvent('b'), finishEvent('STOP')));
      const client = createClient({ idleTimeoutMs: 50 });
      const { rest } = await open({ client });
      await new Promise((resolve) => setTimeout(resolve, 120));

      // Act
      const others = await collectEvents(rest);

      // Assess
      expect(others).toStrictEqual([textEvent('b'), finishEvent('STOP')]);
    });

    it('cancels the upstream request when the caller aborts before the first event', async () => {
      // Prepare
      google.enqueue(hang());
      const controller = new AbortController();
      const opening = open({ signal: controller.signal });
      await google.until(() => google.calls.length === 1);

      // Act
      controller.abort(new Error('client went away'));
      const error = await opening.catch((caught: unknown) => caught);
      await google.until(() => google.abortedCalls === 1);

      // Assess
      expect((error as Error).message).toStrictEqual('client went away');
    });

    it('cancels the upstream request when the caller aborts mid-stream', async () => {
      // Prepare
      const gate = new Gate();
      google.enqueue(stream(textEvent('a'), gate, textEvent('never sent')));
      const controller = new AbortController();
      const { rest } = await open({ signal: controller.signal });
      const reading = collectEvents(rest).catch((caught: unknown) => caught);
      await gate.reached;

      // Act
      controller.abort(new Error('client went away'));
      const error = await reading;
      await google.until(() => google.abortedCalls === 1);

      // Assess
      expect((error as Error).message).toStrictEqual('client went away');
    });

    it('releases the connection when the reader leaves the loop early', async () => {
      // Prepare
      google.enqueue(stream(textEvent('a'), textEvent('b'), new Gate()));
      const { rest } = await open();

      // Act
      for await (const batch of rest) {
        expect(batch).toStrictEqual([textEvent('b')]);
        break;
      }
      await google.until(() => google.abortedCalls === 1);

      // Assess
      expect(await rest.next()).toStrictEqual({ done: true, value: undefined });
    });

    it('releases the connection when the rest is returned without being read', async () => {
      // Prepare
      google.enqueue(stream(textEvent('a'), new Gate()));
      const { rest } = await open();

      // Act
      await rest.return?.();
      await google.until(() => google.abortedCalls === 1);

      // Assess
      expect(google.abortedCalls).toStrictEqual(1);
    });

    it('rejects at once when the signal is already aborted', async () => {
      // Prepare
      const controller = new AbortController();
      controller.abort(new Error('already gone'));

      // Act
      const error = await open({ signal: controller.signal }).catch((caught: unknown) => caught);

      // Assess
      expect((error as Error).message).toStrictEqual('already gone');
      expect(google.calls).toStrictEqual([]);
    });
  });

  it('never puts a token in an error message or a log line', async () => {
    // Prepare
    const stale = withRevokedAccessToken();
    google.enqueue(unauthenticated(), unauthenticated());

    // Act
    const error = await failureOf(open({ on: stale }));

    // Assess
    const visible = `${error.message} ${logger.text()}`;
    for (const secret of ['ya29.revoked', 'ya29.a-1', '1//rt-a', fakeOAuthClient.clientSecret]) {
      expect(visible).not.toContain(secret);
    }
  });
});
