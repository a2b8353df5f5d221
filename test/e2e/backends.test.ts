/**
 * One pool, three kinds of account: Code Assist (user OAuth), the Gemini API (key) and Vertex AI
 * (service-account key). Requests fail over across kinds, each kind's real error bodies are
 * classified alike, and each account's `models` allowlist decides what it is asked for.
 *
 * Which account the pool tries first is Thompson sampling's choice; every test here holds whatever
 * that order is (failures are handed out per backend as calls arrive, not by account name).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../fakes/fake-google.js';
import {
  type Answer,
  geminiApiRateLimited,
  rateLimited,
  vertexPermissionDenied,
  vertexResourceExhausted,
} from '../fakes/google-answers.js';
import { createServiceAccountKey, type TestServiceAccount } from '../fakes/service-account-key.js';
import { createTestClock, type TestClock } from '../fakes/test-clock.js';
import { postChat } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

const apiKey = 'AIzaSyGatewayEndToEndKey-0123456789';
const messages = [{ role: 'user' as const, content: 'hi' }];
const allKinds: FakeBackend[] = ['code-assist', 'gemini-api', 'vertex'];

describe('backends: Code Assist, Gemini API and Vertex AI in one pool', () => {
  let serviceAccount: TestServiceAccount;
  let rig: Harness | undefined;
  let clock: TestClock;

  beforeAll(() => {
    serviceAccount = createServiceAccountKey({ name: 'gateway', projectId: 'vertex-project' });
  });

  afterEach(() => rig?.close());

  /** The mixed pool; `models` allowlists per account id when given. */
  async function start(options: { models?: Record<string, string[]>; acceptKey?: boolean } = {}) {
    clock = createTestClock();
    const allowlist = (id: string) => (options.models?.[id] ? { models: options.models[id] } : {});
    rig = await startHarness({
      clock,
      accounts: {
        'assist-a': {
          backend: 'code-assist',
          projectId: 'assist-project',
          credentials: { refresh_token: 'rt-assist' },
          ...allowlist('assist-a'),
        },
        'key-b': { backend: 'gemini-api', apiKey, ...allowlist('key-b') },
        'vertex-c': { backend: 'vertex', serviceAccount: serviceAccount.key, ...allowlist('vertex-c') },
      },
    });
    if (options.acceptKey !== false) rig.google.acceptApiKey(apiKey);
    rig.google.addServiceAccount(serviceAccount.key.client_email, serviceAccount.publicKey, {
      accessTokenPrefix: 'ya29.sa',
    });
    return rig;
  }

  /** Answers the first call of each listed backend with its failure; every other call is served. */
  function failFirstCallOf(google: Harness['google'], failures: Partial<Record<FakeBackend, Answer>>): void {
    const failed = new Set<FakeBackend>();
    google.setHandler((call) => {
      const failure = failures[call.backend];
      if (!failure || failed.has(call.backend)) return undefined;
      failed.add(call.backend);
      return failure;
    });
  }

  it.each([false, true])(
    'fails over across all three kinds before the first byte, each refused with its own 429 (stream: %s)',
    async (streaming) => {
      // Prepare
      const { google, client, logger } = await start();
      const refusals: Record<FakeBackend, Answer> = {
        'code-assist': rateLimited({ retryDelay: '30s' }),
        'gemini-api': geminiApiRateLimited({ retryDelay: '26s' }),
        vertex: vertexResourceExhausted(),
      };
      // The first two kinds called refuse; the third serves, whichever order the pool picks.
      const refused: FakeBackend[] = [];
      google.setHandler((call) => {
        if (refused.length === 2) return undefined;
        refused.push(call.backend);
        return refusals[call.backend];
      });

      // Act
      let text = '';
      if (streaming) {
        const chunks = await client.chat.completions.create({
          model: 'gemini-2.5-flash',
          messages,
          stream: true,
        });
        for await (const chunk of chunks) text += chunk.choices[0]?.delta?.content ?? '';
      } else {
        const completion = await client.chat.completions.create({ model: 'gemini-2.5-flash', messages });
        text = completion.choices[0]?.message.content ?? '';
      }

      // Assess
      expect(text).toStrictEqual('Hello from fake Google.');
      expect([...google.calls.map((call) => call.backend)].sort()).toStrictEqual(allKinds);
      expect(google.calls.slice(0, 2).map((call) => call.backend)).toStrictEqual(refused);
      const freezes = logger.entries.filter((entry) =>
        entry.message.includes('frozen for model gemini-2.5-flash'),
      );
      expect(freezes.map((entry) => entry.fields?.failure)).toStrictEqual(['rate_limited', 'rate_limited']);
      const credentialsOf = Object.fromEntries(
        google.calls.map((call) => [call.backend, { accessToken: call.accessToken, apiKey: call.apiKey }]),
      );
      expect(credentialsOf).toStrictEqual({
        'code-assist': { accessToken: 'ya29.fake-1-1', apiKey: undefined },
        'gemini-api': { accessToken: undefined, apiKey },
        vertex: { accessToken: 'ya29.sa-1', apiKey: undefined },
      });
    },
  );

  it('disables a Gemini API account whose key Google refuses, without blaming the client, and keeps serving from the others', async () => {
    // Prepare
    const { google, url, logger } = await start({ acceptKey: false });
    failFirstCallOf(google, {
      'code-assist': rateLimited({ retryDelay: '30s' }),
      vertex: vertexPermissionDenied({ project: 'vertex-project' }),
    });
    const body = { model: 'gemini-2.5-flash', messages };

    // Act
    const first = await postChat({ url, body });
    const firstCalls = google.calls.map((call) => call.backend);
    clock.advance(31 * 60_000);
    const later = await Promise.all([postChat({ url, body }), postChat({ url, body })]);

    // Assess
    expect(first.status).toStrictEqual(429);
    expect([...firstCalls].sort()).toStrictEqual(allKinds);
    expect(later.map((response) => response.status)).toStrictEqual([200, 200]);
    expect(google.calls.filter((call) => call.backend === 'gemini-api')).toHaveLength(1);
    expect(
      logger.entries.filter((entry) => entry.level === 'error').map((entry) => entry.message),
    ).toStrictEqual([
      expect.stringMatching(
        /^account key-b disabled: credentials revoked \(Google answered 400 INVALID_ARGUMENT/,
      ),
    ]);
    expect(logger.text()).not.toContain(apiKey);
  });

  describe('model allowlists', () => {
    it('lists the union of what the accounts serve on /v1/models', async () => {
      // Prepare
      const { client } = await start({
        models: {
          'assist-a': ['gemini-2.5-pro'],
          'key-b': ['gemini-2.0-flash'],
          'vertex-c': ['gemini-2.5-flash'],
        },
      });

      // Act
      const listed = [];
      for await (const model of client.models.list()) listed.push(model.id);
      const one = await client.models.retrieve('gemini-2.0-flash');

      // Assess
      expect(listed).toStrictEqual(['gemini-2.5-pro', 'gemini-2.0-flash', 'gemini-2.5-flash']);
      expect(one.id).toStrictEqual('gemini-2.0-flash');
    });

    it('sends a model only to the accounts that serve it, even when all of those refuse', async () => {
      // Prepare
      const { google, url } = await start({ models: { 'key-b': ['gemini-2.5-flash'] } });
      failFirstCallOf(google, { 'code-assist': rateLimited(), vertex: vertexResourceExhausted() });

      // Act
      const answer = await postChat({ url, body: { model: 'gemini-2.5-pro', messages } });

      // Assess
      expect(answer.status).toStrictEqual(429);
      expect([...google.calls.map((call) => call.backend)].sort()).toStrictEqual(['code-assist', 'vertex']);
    });

    it('fails over only among the accounts that serve the model', async () => {
      // Prepare
      const { google, client } = await start({
        models: {
          'assist-a': ['gemini-2.0-flash'],
          'key-b': ['gemini-2.5-pro'],
          'vertex-c': ['gemini-2.0-flash'],
        },
      });
      // The first kind called refuses, the other serves.
      let firstKind: FakeBackend | undefined;
      google.setHandler((call) => {
        firstKind ??= call.backend;
        return call.backend === firstKind ? vertexResourceExhausted() : undefined;
      });

      // Act
      const completion = await client.chat.completions.create({ model: 'gemini-2.0-flash', messages });

      // Assess
      expect(completion.choices[0]?.message.content).toStrictEqual('Hello from fake Google.');
      expect([...google.calls.map((call) => call.backend)].sort()).toStrictEqual(['code-assist', 'vertex']);
    });

    it('answers 404 for a model no account lists, without calling Google', async () => {
      // Prepare
      const { google, url } = await start({
        models: {
          'assist-a': ['gemini-2.5-pro'],
          'key-b': ['gemini-2.5-pro'],
          'vertex-c': ['gemini-2.5-pro'],
        },
      });

      // Act
      const answer = await postChat({ url, body: { model: 'gemini-2.5-flash', messages } });

      // Assess
      expect([
        answer.status,
        ((await answer.json()) as { error: { code: string } }).error.code,
      ]).toStrictEqual([404, 'model_not_found']);
      expect(google.calls).toStrictEqual([]);
    });
  });
});
