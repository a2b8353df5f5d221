/**
 * The one entry the router calls to talk to Google: open a streaming generate call on one account and
 * resolve once its first good event is in hand, so the pool can fail over before the client sees a
 * byte. Everything that can go wrong comes out as an `UpstreamError` the pool can act on:
 * non-2xx (classified), 401 (after one forced token refresh and retry), empty stream, malformed stream
 * or MALFORMED_FUNCTION_CALL, connection refused/reset (`network`), no first event or a stalled stream
 * (`timeout`). Aborting `signal` at any point cancels the upstream request and rejects with its reason.
 * Each account goes to its own backend (Code Assist, Gemini API or Vertex AI): one pool, three doors.
 */
import type { Dispatcher } from 'undici';
import { type AbortSignalLike, LightAbortController } from '../core/light-abort-controller.js';
import type { Clock, Logger } from '../core/ports.js';
import type { Account, BackendKind, OAuthClient } from '../credentials/account.js';
import type { TokenProvider } from '../credentials/token-provider.js';
import type { GenerateContentRequest } from '../gemini/generate-content.js';
import type { Backend, BackendCall } from './backend.js';
import { classifyGoogleError } from './classify-google-error.js';
import { createCodeAssistBackend } from './code-assist.js';
import { createGeminiApiBackend } from './gemini-api.js';
import { readBodyText, sendRequest, sharedDispatcher, toNetworkError } from './http-client.js';
import { type PrimedStream, primeStream } from './prime-stream.js';
import { raceAbort } from './race-abort.js';
import { readGeminiEvents } from './read-gemini-events.js';
import { UpstreamError } from './upstream-error.js';
import { createVertexBackend } from './vertex.js';
import { createWatchdog, type Watchdog } from './watchdog.js';

export type { PrimedStream } from './prime-stream.js';

/**
 * Upstream settings, read from the environment by the caller (DESIGN.md §3.1). `tokenUrl` and
 * `oauthClient` are for `createTokenProvider`, which the client receives ready-made.
 */
export interface UpstreamConfig {
  codeAssistEndpoint: string;
  codeAssistApiVersion: string;
  /** GEMINI_API_ENDPOINT, e.g. https://generativelanguage.googleapis.com */
  geminiApiEndpoint: string;
  /** VERTEX_ENDPOINT; unset, each account's location decides the host. */
  vertexEndpoint?: string;
  tokenUrl: string;
  proxyUrl?: string;
  /** From sending the request to the first good event. */
  firstEventTimeoutMs: number;
  /** Longest silence from Google mid-stream while the gateway waits for bytes. */
  idleTimeoutMs: number;
  /** OAUTH_CLIENT_ID / OAUTH_CLIENT_SECRET, used when an account has no `oauthClient` of its own. */
  oauthClient?: OAuthClient;
}

export interface GeminiClientDependencies {
  tokens: TokenProvider;
  clock: Clock;
  logger: Logger;
  /** Defaults to the process-wide dispatcher for `config.proxyUrl`. */
  dispatcher?: Dispatcher;
  /** Code Assist onboarding poll interval (tests shorten it). */
  onboardingPollIntervalMs?: number;
}

export interface OpenStreamInput {
  account: Account;
  /** The Gemini model id, e.g. gemini-2.5-pro. */
  model: string;
  request: GenerateContentRequest;
  signal: AbortSignalLike;
}

export interface GeminiClient {
  open(input: OpenStreamInput): Promise<PrimedStream>;
}

/**
 * @example
 * const dispatcher = sharedDispatcher({ proxyUrl: config.proxyUrl });
 * const tokens = createTokenProvider({ ...config, store, dispatcher, clock: systemClock, logger });
 * const gemini = createGeminiClient(config, { tokens, dispatcher, clock: systemClock, logger });
 * const { first, rest } = await gemini.open({ account, model: 'gemini-2.5-pro', request, signal });
 * send(first);
 * for await (const event of rest) send(event);
 */
export function createGeminiClient(
  config: UpstreamConfig,
  dependencies: GeminiClientDependencies,
): GeminiClient {
  const { tokens, clock, logger } = dependencies;
  const dispatcher = dependencies.dispatcher ?? sharedDispatcher({ proxyUrl: config.proxyUrl });
  const backends: Record<BackendKind, Backend> = {
    'code-assist': createCodeAssistBackend({
      endpoint: config.codeAssistEndpoint,
      apiVersion: config.codeAssistApiVersion,
      dispatcher,
      clock,
      logger,
      pollIntervalMs: dependencies.onboardingPollIntervalMs,
    }),
    'gemini-api': createGeminiApiBackend({ endpoint: config.geminiApiEndpoint }),
    vertex: createVertexBackend({ endpoint: config.vertexEndpoint }),
  };

  /**
   * One attempt on one account. The first-event deadline covers all of it, the access token and Code
   * Assist's project discovery included: a token endpoint that hangs must cost the attempt its
   * first-event timeout, not the token call's own, longer one.
   */
  async function openOnce(
    input: OpenStreamInput,
    { backend, forceRefresh }: { backend: Backend; forceRefresh: boolean },
  ): Promise<PrimedStream> {
    const { account, model, request, signal } = input;
    const controller = new LightAbortController();
    const onCallerAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onCallerAbort, { once: true });
    if (signal.aborted) onCallerAbort();
    const watchdog = createWatchdog({
      onTimeout: (phase, timeoutMs) =>
        controller.abort(
          new UpstreamError({
            failure: 'timeout',
            message:
              phase === 'first-event'
                ? `Google sent no answer within ${timeoutMs} ms`
                : `Google's stream stalled for ${timeoutMs} ms`,
          }),
        ),
    });
    const close = (completed: boolean) => {
      watchdog.stop();
      signal.removeEventListener('abort', onCallerAbort);
      if (!completed) controller.abort(new DOMException('Upstream stream released', 'AbortError'));
    };

    watchdog.startFirstEvent(config.firstEventTimeoutMs);
    let url: string | undefined;
    try {
      const accessToken =
        backend.authentication === 'oauth'
          ? await raceAbort({
              promise: tokens.getAccessToken(account, { forceRefresh }),
              signal: controller.signal,
            })
          : undefined;
      // Named, not `{ ...input, accessToken }`: new keys after a spread take V8's slow path on Node 20.
      const call = await backend.prepareStream({
        account,
        model,
        request,
        accessToken,
        signal: controller.signal,
      });
      url = call.url;
      const primed = await streamCall({ call, backend, signal: controller.signal, watchdog, close });
      watchdog.switchToIdle(config.idleTimeoutMs);
      return primed;
    } catch (error) {
      // Map first: closing aborts the controller, and an abort reason would mask what happened.
      const failure =
        url === undefined ? reasonOf(error, controller.signal) : fail(error, url, controller.signal);
      close(false);
      throw failure;
    }
  }

  async function streamCall(input: {
    call: BackendCall;
    backend: Backend;
    signal: AbortSignalLike;
    watchdog: Watchdog;
    close: (completed: boolean) => void;
  }): Promise<PrimedStream> {
    const { call, backend, signal, watchdog, close } = input;
    const response = await sendRequest({
      dispatcher,
      url: call.url,
      method: 'POST',
      headers: call.headers,
      body: call.body,
      signal,
    });
    if (response.statusCode < 200 || response.statusCode > 299) {
      const text = await readBodyText({ body: response.body });
      throw classifyGoogleError({ status: response.statusCode, body: text, now: clock.now() });
    }
    const events = readGeminiEvents({
      source: watchBytes({ source: response.body, watchdog }),
      unwrapEvent: backend.unwrapEvent,
      now: () => clock.now(),
      mapFailure: (error) => fail(error, call.url, signal),
    });
    return primeStream({ events, close });
  }

  return {
    async open(input) {
      const backend = backends[input.account.backend];
      try {
        return await openOnce(input, { backend, forceRefresh: false });
      } catch (error) {
        const retryable = error instanceof UpstreamError && error.failure === 'unauthorized';
        if (!retryable || backend.authentication !== 'oauth') throw error;
        logger.info('Google refused the access token; refreshing it and retrying once', {
          accountId: input.account.id,
        });
        return openOnce(input, { backend, forceRefresh: true });
      }
    },
  };
}

function fail(error: unknown, url: string, signal: AbortSignalLike): unknown {
  return toNetworkError({ error, url, signal });
}

/** Before a call is under way: a timeout or the caller's abort says more than the error it caused. */
function reasonOf(error: unknown, signal: AbortSignalLike): unknown {
  return error instanceof UpstreamError || !signal.aborted ? error : signal.reason;
}

/** Feeds the idle watchdog around every read of Google's bytes. */
async function* watchBytes(input: {
  source: AsyncIterable<Uint8Array>;
  watchdog: Watchdog;
}): AsyncGenerator<Uint8Array> {
  const iterator = input.source[Symbol.asyncIterator]();
  try {
    for (;;) {
      input.watchdog.waiting();
      const next = await iterator.next();
      input.watchdog.received();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}
