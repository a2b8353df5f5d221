/**
 * Client keys under attack: missing, wrong and revoked keys get a 401 (locally and on Lambda, where a
 * key removed from its secret stops working once the secret cache lets go of it); the comparison does
 * the same work whatever is presented; keys are held only as digests; and CLIENT_KEY_RATE_LIMIT
 * answers 429 with Retry-After per key, in both compositions.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClientAuth } from '../../lambda/core/client-auth.js';
import { createGatewayHandler } from '../../lambda/gateway/compose-aws-gateway.js';
import type { FunctionUrlEvent } from '../../lambda/gateway/function-url-adapter.js';
import {
  type AwsRig,
  clientKey as rigClientKey,
  rigTableName,
  startAwsRig,
} from '../../lambda/gateway/testing/aws-rig.js';
import { collectResponse, lambdaContext } from '../../lambda/gateway/testing/collect-response.js';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambda/pool/embedded-dynamodb.js';
import { oneAccount } from '../e2e/accounts.js';
import { postChat, readJsonAnswer } from '../e2e/raw-http.js';
import { type Harness, startHarness } from '../e2e/start-harness.js';
import { createTestClock, type TestClock } from '../fakes/test-clock.js';

const crypto = vi.hoisted(() => ({ comparisons: [] as number[] }));
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return {
    ...original,
    timingSafeEqual: (left: NodeJS.ArrayBufferView, right: NodeJS.ArrayBufferView) => {
      crypto.comparisons.push(left.byteLength);
      return original.timingSafeEqual(left, right);
    },
  };
});

const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] };

function outcome(auth: ClientAuth, headers: Record<string, string>): string {
  try {
    auth.check(headers);
    return 'let in';
  } catch (error) {
    return `refused: ${(error as { status?: number }).status}`;
  }
}

describe('ClientAuth', () => {
  it('does the same constant-time work for a right key, a near miss and a key of another length', () => {
    // Prepare
    const keys = ['sk-first-key-0001', 'sk-second-key-0002', 'sk-third-key-0003'];
    const auth = new ClientAuth(keys);
    const presented = ['sk-second-key-0002', 'sk-second-key-0003', 'x', 'k'.repeat(10_000)];

    // Act
    const work = presented.map((key) => {
      crypto.comparisons.length = 0;
      const result = outcome(auth, { authorization: `Bearer ${key}` });
      return { result, comparisons: [...crypto.comparisons] };
    });

    // Assess: every configured digest is compared, 32 bytes each, whatever was presented.
    const allDigests = [32, 32, 32];
    expect(work).toStrictEqual([
      { result: 'let in', comparisons: allDigests },
      { result: 'refused: 401', comparisons: allDigests },
      { result: 'refused: 401', comparisons: allDigests },
      { result: 'refused: 401', comparisons: allDigests },
    ]);
  });

  it('holds no key in the clear, only its digest', () => {
    // Prepare
    const key = 'sk-never-in-memory-as-text';

    // Act
    const auth = new ClientAuth([key]);

    // Assess
    const dump = inspect(auth, { showHidden: true, depth: 10, maxArrayLength: 1_000 });
    expect(dump.includes(key)).toStrictEqual(false);
    expect(JSON.stringify(auth).includes(key)).toStrictEqual(false);
    expect(outcome(auth, { 'x-api-key': key })).toStrictEqual('let in');
  });
});

describe('client keys on the local server', () => {
  let rig: Harness;
  let clock: TestClock;

  beforeAll(async () => {
    clock = createTestClock();
    rig = await startHarness({
      accounts: oneAccount,
      clock,
      env: { GATEWAY_API_KEYS: 'sk-local-one,sk-local-two', CLIENT_KEY_RATE_LIMIT: '2' },
    });
  });
  afterAll(() => rig.close());

  it('answers a missing, a wrong and a revoked key with 401, never calling Google', async () => {
    // Act
    const statuses = await Promise.all(
      (
        [{}, { authorization: 'Bearer sk-local-three' }, { 'x-api-key': 'sk-local-on' }] as Array<
          Record<string, string>
        >
      ).map(async (headers) => {
        const response = await postChat({ url: rig.url, body: chat, headers });
        return [response.status, response.headers.get('www-authenticate')];
      }),
    );

    // Assess
    expect(statuses).toStrictEqual([
      [401, 'Bearer'],
      [401, 'Bearer'],
      [401, 'Bearer'],
    ]);
    expect(rig.google.calls).toStrictEqual([]);
  });

  it('limits each key to CLIENT_KEY_RATE_LIMIT requests per minute, with Retry-After', async () => {
    // Prepare
    const asOne = { authorization: 'Bearer sk-local-one' };
    const asTwo = { authorization: 'Bearer sk-local-two' };

    // Act
    const first = [
      await postChat({ url: rig.url, body: chat, headers: asOne }),
      await postChat({ url: rig.url, body: chat, headers: asOne }),
    ];
    const over = await postChat({ url: rig.url, body: chat, headers: asOne });
    const other = await postChat({ url: rig.url, body: chat, headers: asTwo });
    clock.advance(30_000);
    const later = await postChat({ url: rig.url, body: chat, headers: asOne });

    // Assess
    expect(first.map((response) => response.status)).toStrictEqual([200, 200]);
    expect(over.headers.get('retry-after')).toStrictEqual('30');
    expect(await readJsonAnswer(over)).toStrictEqual({
      status: 429,
      contentType: 'application/json; charset=utf-8',
      body: {
        error: {
          message: 'This API key is limited to 2 requests per minute; retry in 30s.',
          type: 'rate_limit_error',
          param: null,
          code: 'client_rate_limit_exceeded',
        },
      },
    });
    expect([other.status, later.status]).toStrictEqual([200, 200]);
  });
});

describe('client keys on Lambda', () => {
  let database: EmbeddedDynamoDb;
  let rig: AwsRig;

  beforeAll(async () => {
    database = await startEmbeddedDynamoDb({ stateDir: 'memory', tableName: rigTableName });
  });
  afterAll(() => database.close());
  afterEach(() => rig.close());

  async function prepare(environment: Record<string, string> = {}) {
    rig = await startAwsRig({ database });
    await rig.addAccount('acct-a', { projectId: 'p-a', credentials: { refresh_token: 'rt-acct-a' } });
    const handler = createGatewayHandler({
      environment: { ...rig.environment, ...environment },
      dependencies: rig.dependencies,
    });
    return async (key: string | undefined) => {
      const response = collectResponse();
      await handler(chatEvent(key), response.stream, lambdaContext());
      const { prelude, body } = response.parse();
      return { status: prelude.statusCode, retryAfter: prelude.headers['retry-after'], body };
    };
  }

  it('refuses a missing or wrong key, and a revoked one once the secret cache lets go of it', async () => {
    // Prepare
    const invoke = await prepare();
    const answers: number[] = [];

    // Act
    answers.push(
      (await invoke(undefined)).status,
      (await invoke('sk-wrong')).status,
      (await invoke(rigClientKey)).status,
    );
    rig.setSecret(rig.environment.CLIENT_KEYS_SECRET_ID as string, 'sk-rotated-key');
    answers.push((await invoke(rigClientKey)).status);
    rig.clock.advance(5 * 60_000);
    answers.push((await invoke(rigClientKey)).status, (await invoke('sk-rotated-key')).status);

    // Assess: the revoked key serves until the cached secret is 5 minutes old, then never again.
    expect(answers).toStrictEqual([401, 401, 200, 200, 401, 200]);
  });

  it('applies CLIENT_KEY_RATE_LIMIT per key in each container', async () => {
    // Prepare
    const invoke = await prepare({ CLIENT_KEY_RATE_LIMIT: '1' });

    // Act
    const first = await invoke(rigClientKey);
    const second = await invoke(rigClientKey);

    // Assess
    expect([first.status, second.status, second.retryAfter]).toStrictEqual([200, 429, '60']);
  });
});

function chatEvent(key: string | undefined): FunctionUrlEvent {
  return {
    rawPath: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    requestContext: { http: { method: 'POST', path: '/v1/chat/completions' } },
    body: JSON.stringify(chat),
  };
}
