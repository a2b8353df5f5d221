/**
 * Where a chaos run sends its requests: the real local server (`npm start`'s composition over
 * node:http, its pool on the embedded DynamoDB) or the Lambda handler through the `awslambda` shim
 * (the AWS composition, its pool table on dynalite, Secrets Manager mocked), one invocation at a time
 * per container as Lambda runs them. Both talk to the same fake Google.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { Agent, request } from 'undici';
import { type Logger, systemClock } from '../../lambda/core/ports.js';
import type { FlushableMetrics } from '../../lambda/core/powertools-metrics.js';
import { createGatewayHandler } from '../../lambda/gateway/compose-aws-gateway.js';
import type { FunctionUrlEvent } from '../../lambda/gateway/function-url-adapter.js';
import { collectResponse, lambdaContext } from '../../lambda/gateway/testing/collect-response.js';
import { readLocalConfig } from '../../lambda/local/local-config.js';
import { startLocalGateway } from '../../lambda/local/start-local-gateway.js';
import { DynamoDbPoolStore } from '../../lambda/pool/dynamodb-pool-store.js';
import { startEmbeddedDynamoDb } from '../../lambda/pool/embedded-dynamodb.js';
import type { PoolConfig } from '../../lambda/pool/pool-config.js';
import { createSeededRandom } from '../../lambda/pool/seeded-random.js';
import { createDispatcher } from '../../lambda/upstream/http-client.js';
import { raceAbort } from '../../lambda/upstream/race-abort.js';
import { type FakeGoogle, fakeOAuthClient } from '../fakes/fake-google.js';
import type { ClientAnswer } from './judge-chaos-answer.js';

export type ChaosTargetKind = 'local' | 'lambda';

export interface ChaosTarget {
  /** Sends one chat request; rejects only when `signal` aborts first (a hung request). */
  send(input: { body: unknown; signal: AbortSignal }): Promise<ClientAnswer>;
  close(): Promise<void>;
}

export interface ChaosTargetInput {
  kind: ChaosTargetKind;
  google: FakeGoogle;
  /** Account documents by id; their refresh tokens must be registered with the fake already. */
  accounts: Record<string, Record<string, unknown>>;
  clientKey: string;
  /** Gateway environment shared by both compositions (timeouts, deadline). */
  env: Record<string, string>;
  pool: Partial<PoolConfig>;
  logger: Logger;
  seed: number;
  /** Lambda: containers, each serving one invocation at a time; local: client connections. */
  concurrency: number;
}

export async function startChaosTarget(input: ChaosTargetInput): Promise<ChaosTarget> {
  return input.kind === 'local' ? startLocalTarget(input) : startLambdaTarget(input);
}

async function startLocalTarget(input: ChaosTargetInput): Promise<ChaosTarget> {
  const { google, accounts, clientKey, env, pool, logger, seed, concurrency } = input;
  const accountsDir = await mkdtemp(join(tmpdir(), 'chaos-accounts-'));
  for (const [id, document] of Object.entries(accounts)) {
    await writeFile(join(accountsDir, `${id}.json`), JSON.stringify(document));
  }
  const config = readLocalConfig({
    PORT: '0',
    ACCOUNTS_DIR: accountsDir,
    STATE_DIR: 'memory',
    CODE_ASSIST_ENDPOINT: google.baseUrl,
    GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    OAUTH_CLIENT_ID: fakeOAuthClient.clientId,
    OAUTH_CLIENT_SECRET: fakeOAuthClient.clientSecret,
    GATEWAY_API_KEYS: clientKey,
    LOG_LEVEL: 'debug',
    ...env,
  });
  let nextId = 0;
  const gateway = await startLocalGateway(config, {
    logger,
    pool,
    random: createSeededRandom(seed),
    clock: systemClock,
    newId: () => (nextId++).toString(16).padStart(8, '0'),
  });
  const agent = new Agent({ connections: concurrency });
  return {
    send: async ({ body, signal }) => {
      const response = await request(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}` },
        body: JSON.stringify(body),
        signal,
      });
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, body: await response.body.text() };
    },
    close: async () => {
      await agent.close();
      await gateway.close();
      await rm(accountsDir, { recursive: true, force: true });
    },
  };
}

const lambdaTableName = 'gateway-pool';
const lambdaPoolName = 'chaos';
const secretPrefix = `gemini-gateway/${lambdaPoolName}/accounts/`;
const clientKeysSecretId = `gemini-gateway/${lambdaPoolName}/client-keys`;

async function startLambdaTarget(input: ChaosTargetInput): Promise<ChaosTarget> {
  const { google, accounts, clientKey, env, pool, logger, seed, concurrency } = input;
  const clock = systemClock;
  const database = await startEmbeddedDynamoDb({ stateDir: 'memory', tableName: lambdaTableName });
  const secretsClient = new SecretsManagerClient({ region: 'us-east-1' });
  const secretsManager = mockClient(secretsClient);
  secretsManager
    .on(GetSecretValueCommand, { SecretId: clientKeysSecretId })
    .resolves({ SecretString: clientKey });
  const poolStore = new DynamoDbPoolStore({
    client: database.client,
    tableName: lambdaTableName,
    poolName: lambdaPoolName,
  });
  for (const [id, document] of Object.entries(accounts)) {
    const secretId = `${secretPrefix}${id}`;
    const text = JSON.stringify({ oauthClient: fakeOAuthClient, ...document });
    secretsManager.on(GetSecretValueCommand, { SecretId: secretId }).resolves({ SecretString: text });
    await poolStore.registerAccount({
      accountId: id,
      backend: 'code-assist',
      credentialsRef: secretId,
      at: clock.now(),
    });
  }
  const dispatcher = createDispatcher({});
  const environment = {
    TABLE_NAME: lambdaTableName,
    POOL_NAME: lambdaPoolName,
    ACCOUNT_SECRET_PREFIX: secretPrefix,
    CLIENT_KEYS_SECRET_ID: clientKeysSecretId,
    CODE_ASSIST_ENDPOINT: google.baseUrl,
    GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    LOG_LEVEL: 'debug',
    ...env,
  };
  let nextId = 0;
  const containers = Array.from({ length: concurrency }, (_, index) =>
    createGatewayHandler({
      environment,
      dependencies: {
        secretsManager: secretsClient,
        dynamoDb: database.client,
        dispatcher,
        clock,
        random: createSeededRandom(seed + index),
        logger,
        metrics: silentFlushableMetrics,
        newId: () => (nextId++).toString(16).padStart(8, '0'),
        addLogContext: () => {},
        pool,
      },
    }),
  );
  const idle = [...containers];
  const waiting: Array<() => void> = [];
  return {
    send: async ({ body, signal }) => {
      // Lambda gives each container one invocation at a time: wait for a free one.
      while (idle.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
      const handler = idle.pop() as (typeof containers)[number];
      try {
        const response = collectResponse();
        const invocation = handler(
          chatEvent(body, clientKey),
          response.stream,
          lambdaContext({ remainingMs: 60_000 }),
        );
        await raceAbort({ promise: invocation, signal });
        const { prelude, body: text } = response.parse();
        return { status: prelude.statusCode, headers: lowerCased(prelude.headers), body: text };
      } finally {
        idle.push(handler);
        waiting.shift()?.();
      }
    },
    close: async () => {
      await dispatcher.close();
      await database.close();
      secretsManager.restore();
    },
  };
}

const silentFlushableMetrics: FlushableMetrics = { count: () => {}, observe: () => {}, flush: () => {} };

function chatEvent(body: unknown, clientKey: string): FunctionUrlEvent {
  return {
    rawPath: '/v1/chat/completions',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}` },
    requestContext: { http: { method: 'POST', path: '/v1/chat/completions' } },
    body: Buffer.from(JSON.stringify(body)).toString('base64'),
    isBase64Encoded: true,
  };
}

function lowerCased(headers: Record<string, string>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
