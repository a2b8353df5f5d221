import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishEvent, textEvent, usage } from '../../test/fakes/gemini-events.js';
import {
  type Answer,
  badRequest,
  dailyQuotaExhausted,
  geminiApiRateLimited,
  googleError,
  internalError,
  locationNotSupported,
  notFound,
  serviceDisabled,
  stream,
  unauthenticated,
} from '../../test/fakes/google-answers.js';
import { collectEvents, failureOf, pickFields } from '../../test/fakes/upstream-assertions.js';
import { startUpstreamRig, type UpstreamRig } from '../../test/fakes/upstream-rig.js';
import type { Account } from '../credentials/account.js';
import type { GenerateContentRequest } from '../gemini/generate-content.js';
import { createGeminiApiBackend } from './gemini-api.js';
import { nextPacificMidnight } from './next-pacific-midnight.js';

const request: GenerateContentRequest = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
const model = 'gemini-2.5-flash';
const apiKey = 'AIzaSyFakeKeyForTheGatewayTests-0123';

describe('Gemini API backend', () => {
  it('builds the streaming call with the key in a header and the request as the body', async () => {
    // Prepare
    const backend = createGeminiApiBackend({ endpoint: 'https://generativelanguage.googleapis.com/' });
    const account: Account = { id: 'key-a', backend: 'gemini-api', apiKey };

    // Act
    const call = await backend.prepareStream({
      account,
      model: 'gemini-2.5-pro',
      request,
      accessToken: undefined,
      signal: new AbortController().signal,
    });

    // Assess
    expect(call).toStrictEqual({
      url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
      headers: { 'x-goog-api-key': apiKey, accept: 'text/event-stream' },
      body: request,
    });
  });

  it('passes events through as they are (no envelope)', () => {
    // Prepare
    const backend = createGeminiApiBackend({ endpoint: 'https://generativelanguage.googleapis.com' });

    // Act
    const unwrapped = backend.unwrapEvent(textEvent('Hi'));

    // Assess
    expect(unwrapped).toStrictEqual(textEvent('Hi'));
  });
});

describe('gemini client (Gemini API) against the fake Google', () => {
  let rig: UpstreamRig;
  const account: Account = { id: 'key-a', backend: 'gemini-api', apiKey };

  function open(on: Account = account) {
    return rig.gemini.open({ account: on, model, request, signal: rig.signal() });
  }

  beforeEach(async () => {
    rig = await startUpstreamRig();
    rig.google.acceptApiKey(apiKey);
  });

  afterEach(() => rig.close());

  it('streams bare events, authenticating with x-goog-api-key and never putting the key in the URL', async () => {
    // Prepare
    rig.google.enqueue(
      stream(textEvent('Hel'), textEvent('lo'), finishEvent('STOP', usage({ prompt: 3, candidates: 2 }))),
    );

    // Act
    const { first, rest } = await open();
    const others = await collectEvents(rest);

    // Assess
    expect([first, ...others]).toStrictEqual([
      textEvent('Hel'),
      textEvent('lo'),
      finishEvent('STOP', usage({ prompt: 3, candidates: 2 })),
    ]);
    const [call] = rig.google.calls;
    expect({
      backend: call?.backend,
      path: call?.path,
      search: call?.search,
      apiKey: call?.apiKey,
      accessToken: call?.accessToken,
      body: call?.body,
    }).toStrictEqual({
      backend: 'gemini-api',
      path: `/v1beta/models/${model}:streamGenerateContent`,
      search: '?alt=sse',
      apiKey,
      accessToken: undefined,
      body: request,
    });
    expect(rig.google.tokenCalls).toStrictEqual([]);
  });

  it('classifies an error event inside the 200 stream', async () => {
    // Prepare
    rig.google.enqueue(
      stream(
        textEvent('a'),
        'data: {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}\r\n\r\n',
      ),
    );
    const { rest } = await open();

    // Act
    const error = await failureOf(collectEvents(rest));

    // Assess
    expect([error.failure, error.status]).toStrictEqual(['server_error', 503]);
  });

  describe('Google errors, as the Gemini API sends them', () => {
    const now = Date.parse('2026-07-04T12:00:00Z');
    it.each<[string, Answer, Record<string, unknown>]>([
      [
        'a per-minute quota (QuotaFailure + RetryInfo)',
        geminiApiRateLimited({ retryDelay: '26s' }),
        {
          failure: 'rate_limited',
          status: 429,
          retryDelayMs: 26_000,
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
          isClientFault: false,
        },
      ],
      [
        'a daily quota',
        dailyQuotaExhausted(),
        {
          failure: 'quota_exhausted',
          status: 429,
          resetAt: nextPacificMidnight({ now }),
          quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
          isClientFault: false,
        },
      ],
      [
        'the API not enabled for the key’s project',
        serviceDisabled(),
        { failure: 'forbidden', status: 403, reason: 'SERVICE_DISABLED', isClientFault: false },
      ],
      [
        'an unsupported location of the caller (400, but not the request’s fault)',
        locationNotSupported(),
        { failure: 'forbidden', status: 400, isClientFault: false },
      ],
      [
        'an overloaded model',
        googleError(503, {
          message: 'The model is overloaded. Please try again later.',
          status: 'UNAVAILABLE',
        }),
        { failure: 'server_error', status: 503, isClientFault: false },
      ],
      ['an internal error', internalError(), { failure: 'server_error', status: 500, isClientFault: false }],
      [
        'a bad request',
        badRequest('* GenerateContentRequest.contents: contents is not specified'),
        { failure: 'bad_request', status: 400, isClientFault: true },
      ],
      [
        'an unknown model',
        notFound('models/gemini-9 is not found'),
        { failure: 'not_found', status: 404, isClientFault: true },
      ],
    ])('classifies %s', async (_label, answer, expected) => {
      // Prepare
      rig.google.enqueue(answer);

      // Act
      const error = await failureOf(open());

      // Assess
      expect(pickFields(error, expected)).toStrictEqual(expected);
    });
  });

  it('blames the account, not the client, for a key Google does not accept (400 API_KEY_INVALID)', async () => {
    // Prepare
    const revoked: Account = { ...account, apiKey: 'AIzaSyRevokedKeyForTheGatewayTests-99' };

    // Act
    const error = await failureOf(open(revoked));

    // Assess
    expect([error.failure, error.status, error.reason, error.isClientFault]).toStrictEqual([
      'credentials_revoked',
      400,
      'API_KEY_INVALID',
      false,
    ]);
    expect(`${error.message} ${rig.logger.text()}`).not.toContain('AIzaSyRevokedKey');
  });

  it('does not refresh or retry after a 401: an API key has nothing to refresh', async () => {
    // Prepare
    rig.google.enqueue(unauthenticated());

    // Act
    const error = await failureOf(open());

    // Assess
    expect([error.failure, rig.google.calls.length, rig.google.tokenCalls.length]).toStrictEqual([
      'unauthorized',
      1,
      0,
    ]);
  });

  it('disables an account without an apiKey before calling Google', async () => {
    // Act
    const error = await failureOf(open({ id: 'key-b', backend: 'gemini-api' }));

    // Assess
    expect([error.failure, error.message]).toStrictEqual([
      'credentials_revoked',
      'Account key-b uses the gemini-api backend but has no "apiKey"; add the key from Google AI Studio to its document',
    ]);
    expect(rig.google.calls).toStrictEqual([]);
  });
});
