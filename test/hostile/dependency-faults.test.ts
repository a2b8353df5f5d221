/**
 * The gateway's own dependencies failing: Google's token endpoint down, slow, or revoking a token
 * mid-run (local server); DynamoDB unreachable or throttling and Secrets Manager failing (Lambda
 * handler through its shim). Pool state is advisory and secrets are cached, so warm traffic keeps
 * being served; what cannot be served gets an OpenAI-shaped 5xx that says why, never a bare 500.
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, InternalServiceError } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayHandler } from '../../lambda/gateway/compose-aws-gateway.js';
import type { FunctionUrlEvent } from '../../lambda/gateway/function-url-adapter.js';
import { type AwsRig, clientKey, rigTableName, startAwsRig } from '../../lambda/gateway/testing/aws-rig.js';
import { collectResponse, lambdaContext } from '../../lambda/gateway/testing/collect-response.js';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambda/pool/embedded-dynamodb.js';
import { createPoolStoreClient } from '../../lambda/pool/pool-store-client.js';
import { postChat, readJsonAnswer } from '../e2e/raw-http.js';
import { type Harness, startHarness } from '../e2e/start-harness.js';
import { hang, reset } from '../fakes/google-answers.js';
import { createTestClock } from '../fakes/test-clock.js';

const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] };
const twoAccounts = {
  'acct-a': { id: 'acct-a', projectId: 'p-a', credentials: { refresh_token: 'rt-dependency-a' } },
  'acct-b': { id: 'acct-b', projectId: 'p-b', credentials: { refresh_token: 'rt-dependency-b' } },
};

describe('Google’s token endpoint failing', () => {
  let rig: Harness;

  afterEach(() => rig.close());

  async function prepare(accounts: Record<string, Record<string, unknown>> = twoAccounts) {
    rig = await startHarness({
      accounts,
      clock: createTestClock(),
      env: { UPSTREAM_FIRST_EVENT_TIMEOUT_MS: '300' },
    });
  }

  it('fails over to another account when the token endpoint is down, and says so when none is left', async () => {
    // Prepare
    await prepare();
    rig.google.enqueueTokenAnswer(reset());

    // Act
    const served = await postChat({ url: rig.url, body: chat });
    rig.google.enqueueTokenAnswer(reset(), reset());
    rig.google.expireAccessTokens();
    const refused = await readJsonAnswer(
      await postChat({ url: rig.url, body: { ...chat, model: 'gemini-2.5-pro' } }),
    );

    // Assess
    expect(served.status).toStrictEqual(200);
    expect(refused).toStrictEqual({
      status: 502,
      contentType: 'application/json; charset=utf-8',
      body: {
        error: {
          message: "Google's answer could not be used (network).",
          type: 'api_error',
          param: null,
          code: 'upstream_error',
        },
      },
    });
  });

  it('gives a token endpoint that hangs one first-event timeout, then fails over', async () => {
    // Prepare
    await prepare();
    rig.google.enqueueTokenAnswer(hang());
    const started = Date.now();

    // Act
    const served = await postChat({ url: rig.url, body: chat });

    // Assess: well under the token call's own 15 s timeout.
    expect(served.status).toStrictEqual(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(rig.google.calls.map((call) => call.project)).toStrictEqual([expect.stringMatching(/^p-[ab]$/)]);
  });

  it('takes an account whose refresh token is revoked mid-run out of the pool, and serves on', async () => {
    // Prepare: only acct-a serves gemini-2.5-pro, so a pro request must meet its revoked token.
    await prepare({
      'acct-a': { ...twoAccounts['acct-a'], models: ['gemini-2.5-flash', 'gemini-2.5-pro'] },
      'acct-b': { ...twoAccounts['acct-b'], models: ['gemini-2.5-flash'] },
    });
    for (let index = 0; index < 4; index += 1) await postChat({ url: rig.url, body: chat });
    rig.google.revokeRefreshToken('rt-dependency-a');
    rig.google.expireAccessTokens();
    const callsBefore = rig.google.calls.length;

    // Act
    const pro = await readJsonAnswer(
      await postChat({ url: rig.url, body: { ...chat, model: 'gemini-2.5-pro' } }),
    );
    const callsAfterPro = rig.google.calls.length;
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1)
      statuses.push((await postChat({ url: rig.url, body: chat })).status);
    const proCalls = rig.google.calls.slice(callsBefore, callsAfterPro).map((call) => call.project);
    const flashCalls = rig.google.calls.slice(callsAfterPro).map((call) => call.project);

    // Assess
    expect(pro.status).toStrictEqual(503);
    expect(pro.body).toMatchObject({ error: { code: 'accounts_disabled' } });
    expect(statuses).toStrictEqual([200, 200, 200, 200, 200, 200]);
    // The pro request reaches Google at most once, on the revoked account (not at all when acct-a had
    // no access token yet and the refresh itself was refused); after that acct-a is out of the pool.
    expect(proCalls.filter((project) => project !== 'p-a')).toStrictEqual([]);
    expect(proCalls.length).toBeLessThanOrEqual(1);
    expect(new Set(flashCalls)).toStrictEqual(new Set(['p-b']));
    expect(rig.logger.text()).toContain('account acct-a disabled: credentials revoked');
    expect(rig.logger.text()).not.toContain('rt-dependency-a');
  });
});

/** A DynamoDB client for dynalite whose calls fail while `mode` says so. */
function faultyDynamoDb(endpoint: string) {
  const state = { mode: 'up' as 'up' | 'down' | 'throttling', calls: 0 };
  const client = createPoolStoreClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
    maxAttempts: 1,
    requestTimeoutMs: 2_000,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      state.calls += 1;
      if (state.mode === 'down')
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
      if (state.mode === 'throttling' && state.calls % 2 === 0) {
        throw new ProvisionedThroughputExceededException({
          message: 'Rate of requests exceeds the allowed throughput.',
          $metadata: {},
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectFaults' },
  );
  return { client, state };
}

describe('AWS services failing under the Lambda handler', () => {
  let database: EmbeddedDynamoDb;
  let rig: AwsRig;

  beforeAll(async () => {
    database = await startEmbeddedDynamoDb({ stateDir: 'memory', tableName: rigTableName });
  });
  afterAll(() => database.close());
  afterEach(() => rig.close());

  async function prepare() {
    rig = await startAwsRig({ database });
    await rig.addAccount('acct-a', { projectId: 'p-a', credentials: { refresh_token: 'rt-aws-a' } });
    await rig.addAccount('acct-b', { projectId: 'p-b', credentials: { refresh_token: 'rt-aws-b' } });
    const dynamo = faultyDynamoDb(database.endpoint);
    const handler = createGatewayHandler({
      environment: rig.environment,
      dependencies: { ...rig.dependencies, dynamoDb: dynamo.client },
    });
    const invoke = async (path = '/v1/chat/completions') => {
      const response = collectResponse();
      await handler(chatEvent(path), response.stream, lambdaContext());
      const { prelude, body } = response.parse();
      return { status: prelude.statusCode, body: JSON.parse(body) as Record<string, unknown> };
    };
    return { dynamo, invoke };
  }

  it('keeps serving from its own view while DynamoDB is down, and logs the outage once', async () => {
    // Prepare
    const { dynamo, invoke } = await prepare();
    await invoke();
    dynamo.state.mode = 'down';

    // Act
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      rig.clock.advance(3_000);
      statuses.push((await invoke()).status);
    }

    // Assess
    expect(statuses).toStrictEqual([200, 200, 200, 200, 200, 200]);
    const outages = rig.logger.entries.filter((entry) =>
      entry.message.startsWith('pool state store unreachable'),
    );
    expect(outages.length).toStrictEqual(1);
  });

  it('serves every request while DynamoDB throttles half of the calls', async () => {
    // Prepare
    const { dynamo, invoke } = await prepare();
    await invoke();
    dynamo.state.mode = 'throttling';

    // Act
    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      rig.clock.advance(1_500);
      statuses.push((await invoke()).status);
    }

    // Assess
    expect(statuses).toStrictEqual(Array(10).fill(200));
  });

  it('answers 503 with a reason when DynamoDB is down before the account registry was ever read', async () => {
    // Prepare
    const { dynamo, invoke } = await prepare();
    dynamo.state.mode = 'down';

    // Act
    const chatAnswer = await invoke();
    const models = await invoke('/v1/models');

    // Assess
    expect(chatAnswer).toStrictEqual({
      status: 503,
      body: {
        error: {
          message: expect.stringContaining('account'),
          type: 'server_error',
          param: null,
          code: 'accounts_unavailable',
        },
      },
    });
    expect(models.status).toStrictEqual(200);
  });

  it('answers 503 when Secrets Manager fails on a cold start, and serves from the cache when it fails later', async () => {
    // Prepare
    const { invoke } = await prepare();
    rig.secretsManager
      .on(GetSecretValueCommand)
      .rejects(new InternalServiceError({ message: 'internal', $metadata: {} }));

    // Act
    const cold = await invoke();
    rig.secretsManager.reset();
    await rig
      .addAccount('acct-a', { projectId: 'p-a', credentials: { refresh_token: 'rt-aws-a' } })
      .catch(() => {});
    rig.setSecret(rig.environment.CLIENT_KEYS_SECRET_ID as string, clientKey);
    const warm = await invoke();
    rig.secretsManager
      .on(GetSecretValueCommand)
      .rejects(new InternalServiceError({ message: 'internal', $metadata: {} }));
    rig.clock.advance(6 * 60_000);
    const cachedThrough = await invoke();

    // Assess
    expect([cold.status, (cold.body.error as { code: string }).code]).toStrictEqual([
      503,
      'client_keys_unavailable',
    ]);
    expect([warm.status, cachedThrough.status]).toStrictEqual([200, 200]);
  });
});

function chatEvent(path: string): FunctionUrlEvent {
  const isChat = path === '/v1/chat/completions';
  return {
    rawPath: path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}` },
    requestContext: { http: { method: isChat ? 'POST' : 'GET', path } },
    ...(isChat ? { body: JSON.stringify(chat) } : {}),
  };
}
