/**
 * The upstream layer wired to the fake Google for integration tests: one gemini client (all three
 * backends) with a token provider, a test clock and a recording logger, every endpoint on loopback.
 *
 * @example
 * const rig = await startUpstreamRig();
 * const { first, rest } = await rig.gemini.open({ account, model, request, signal: rig.signal() });
 * await rig.close();
 */
import type { Dispatcher } from 'undici';
import type { OAuthCredentials } from '../../lambda/credentials/account.js';
import { createTokenProvider } from '../../lambda/credentials/token-provider.js';
import {
  createGeminiClient,
  type GeminiClient,
  type UpstreamConfig,
} from '../../lambda/upstream/gemini-client.js';
import { createDispatcher } from '../../lambda/upstream/http-client.js';
import { type FakeGoogle, fakeOAuthClient, startFakeGoogle } from './fake-google.js';
import { createRecordingLogger, type RecordingLogger } from './recording-logger.js';
import { createTestClock, type TestClock } from './test-clock.js';

export interface UpstreamRig {
  google: FakeGoogle;
  clock: TestClock;
  logger: RecordingLogger;
  gemini: GeminiClient;
  /** Credentials the token provider asked the account store to persist. */
  saved: Array<{ accountId: string; credentials: OAuthCredentials }>;
  /** A signal nobody aborts. */
  signal(): AbortSignal;
  close(): Promise<void>;
}

/** Every backend and the token endpoint on the fake Google, with timeouts no healthy test meets. */
export function fakeUpstreamConfig(google: FakeGoogle): UpstreamConfig {
  return {
    codeAssistEndpoint: google.baseUrl,
    codeAssistApiVersion: 'v1internal',
    geminiApiEndpoint: google.baseUrl,
    vertexEndpoint: google.baseUrl,
    tokenUrl: google.tokenUrl,
    oauthClient: fakeOAuthClient,
    firstEventTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
  };
}

export async function startUpstreamRig(): Promise<UpstreamRig> {
  const clock = createTestClock();
  const google = await startFakeGoogle({ clock });
  const logger = createRecordingLogger();
  const dispatcher: Dispatcher = createDispatcher({});
  const saved: UpstreamRig['saved'] = [];
  const tokens = createTokenProvider({
    tokenUrl: google.tokenUrl,
    oauthClient: fakeOAuthClient,
    store: { saveCredentials: async (accountId, credentials) => void saved.push({ accountId, credentials }) },
    dispatcher,
    clock,
    logger,
  });
  const gemini = createGeminiClient(fakeUpstreamConfig(google), { tokens, clock, logger, dispatcher });
  return {
    google,
    clock,
    logger,
    gemini,
    saved,
    signal: () => new AbortController().signal,
    close: async () => {
      await dispatcher.close();
      await google.close();
    },
  };
}
