/**
 * The AWS side of the gateway, on loopback, for the handler tests: the fake Google, a real
 * DynamoDB-compatible store (dynalite) holding the pool table, a mocked Secrets Manager
 * (aws-sdk-client-mock) holding the account documents and the client keys, and a test clock shared by
 * all of them. Each rig is a pool of its own in a shared table.
 *
 * @example
 * const rig = await startAwsRig({ database });
 * await rig.addAccount('acct-a', { credentials: { refresh_token: 'rt-a' } });
 * const handler = createGatewayHandler({ environment: rig.environment, dependencies: rig.dependencies });
 */
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import type { Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type FakeGoogle, fakeOAuthClient, startFakeGoogle } from '../../../test/fakes/fake-google.js';
import { createRecordingLogger, type RecordingLogger } from '../../../test/fakes/recording-logger.js';
import { createTestClock, type TestClock } from '../../../test/fakes/test-clock.js';
import type { CountMetricName, MetricDimensions, ObservedMetricName } from '../../core/metrics.js';
import type { FlushableMetrics } from '../../core/powertools-metrics.js';
import type { BackendKind } from '../../credentials/account.js';
import { TokenRows } from '../../credentials/token-rows.js';
import { DynamoDbPoolStore } from '../../pool/dynamodb-pool-store.js';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../pool/embedded-dynamodb.js';
import { createSeededRandom } from '../../pool/seeded-random.js';
import { createDispatcher } from '../../upstream/http-client.js';
import type { AwsGatewayDependencies } from '../compose-aws-gateway.js';
import type { StartTimer } from '../function-url-adapter.js';

export const rigTableName = 'gateway-pool';
export const clientKey = 'test-client-key';

export interface RecordedMetric {
  kind: 'count' | 'observe';
  name: CountMetricName | ObservedMetricName;
  value: number;
  dimensions?: MetricDimensions;
}

export interface RecordingMetrics extends FlushableMetrics {
  /** Everything recorded, with how many flushes had happened before it. */
  readonly recorded: RecordedMetric[];
  readonly flushes: number;
}

/** A time limit the test fires itself, once the request is where it wants it. */
export interface ManualTimer {
  start: StartTimer;
  /** The limits asked for, in ms, in order. */
  readonly started: number[];
  /** Fires the latest timer that is still running. */
  fire(): void;
}

export interface AwsRig {
  google: FakeGoogle;
  clock: TestClock;
  logger: RecordingLogger;
  metrics: RecordingMetrics;
  poolName: string;
  secretPrefix: string;
  secretsManager: AwsClientStub<SecretsManagerClient>;
  poolStore: DynamoDbPoolStore;
  tokens: TokenRows;
  /** What the CDK stack gives the functions, with Google's endpoints on the fake. */
  environment: Record<string, string>;
  dependencies: Omit<AwsGatewayDependencies, 'pool'>;
  timer: ManualTimer;
  /** Registers the account, stores its document as its secret, and makes its refresh token valid at the fake. */
  addAccount(accountId: string, document: Record<string, unknown>): Promise<void>;
  setSecret(secretId: string, text: string): void;
  close(): Promise<void>;
}

let rigCount = 0;

/**
 * Registers a test file's hooks: one embedded DynamoDB for the file, and every rig a test starts
 * closed after it. Returns the function that starts a rig.
 */
export function useAwsRigs(): () => Promise<AwsRig> {
  let database: EmbeddedDynamoDb | undefined;
  const open: AwsRig[] = [];
  beforeAll(async () => {
    database = await startEmbeddedDynamoDb({ stateDir: 'memory', tableName: rigTableName });
  });
  afterAll(async () => {
    await database?.close();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((rig) => rig.close()));
  });
  return async () => {
    if (!database) throw new Error('useAwsRigs() must be called at the top of a describe block');
    const rig = await startAwsRig({ database });
    open.push(rig);
    return rig;
  };
}

export async function startAwsRig({ database }: { database: EmbeddedDynamoDb }): Promise<AwsRig> {
  rigCount += 1;
  const poolName = `rig-${rigCount}`;
  const secretPrefix = `gemini-gateway/${poolName}/accounts/`;
  const clientKeysSecretId = `gemini-gateway/${poolName}/client-keys`;
  const clock = createTestClock();
  const google = await startFakeGoogle({ clock });
  const logger = createRecordingLogger();
  const metrics = createRecordingMetrics();
  const client = new SecretsManagerClient({ region: 'us-east-1' });
  const secretsManager = mockClient(client);
  secretsManager.on(GetSecretValueCommand).rejects(
    new ResourceNotFoundException({
      message: "Secrets Manager can't find the specified secret.",
      $metadata: {},
    }),
  );
  secretsManager.on(PutSecretValueCommand).resolves({});
  const setSecret = (secretId: string, text: string) => {
    secretsManager.on(GetSecretValueCommand, { SecretId: secretId }).resolves({ SecretString: text });
  };
  setSecret(clientKeysSecretId, clientKey);
  const poolStore = new DynamoDbPoolStore({ client: database.client, tableName: rigTableName, poolName });
  const dispatcher: Dispatcher = createDispatcher({});
  let nextId = 0;
  const timer = createManualTimer();
  return {
    timer,
    google,
    clock,
    logger,
    metrics,
    poolName,
    secretPrefix,
    secretsManager,
    poolStore,
    tokens: new TokenRows({ client: database.client, tableName: rigTableName, poolName }),
    environment: {
      TABLE_NAME: rigTableName,
      POOL_NAME: poolName,
      ACCOUNT_SECRET_PREFIX: secretPrefix,
      CLIENT_KEYS_SECRET_ID: clientKeysSecretId,
      MODEL_ALIASES: JSON.stringify({ 'gpt-4o': 'gemini-2.5-pro' }),
      LOG_LEVEL: 'debug',
      CODE_ASSIST_ENDPOINT: google.baseUrl,
      GEMINI_API_ENDPOINT: google.baseUrl,
      VERTEX_ENDPOINT: google.baseUrl,
      GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    },
    dependencies: {
      secretsManager: client,
      dynamoDb: database.client,
      dispatcher,
      clock,
      random: createSeededRandom(42),
      logger,
      metrics,
      newId: () => `id${(nextId++).toString().padStart(4, '0')}`,
      addLogContext: () => {},
      startTimer: timer.start,
    },
    addAccount: async (accountId, document) => {
      const refreshToken = (document.credentials as { refresh_token?: string } | undefined)?.refresh_token;
      if (refreshToken) google.addRefreshToken(refreshToken, { accessTokenPrefix: `at-${accountId}` });
      setSecret(`${secretPrefix}${accountId}`, JSON.stringify({ oauthClient: fakeOAuthClient, ...document }));
      await poolStore.registerAccount({
        accountId,
        backend: (document.backend as BackendKind | undefined) ?? 'code-assist',
        credentialsRef: `${secretPrefix}${accountId}`,
        at: clock.now(),
      });
    },
    setSecret,
    close: async () => {
      await dispatcher.close();
      await google.close();
    },
  };
}

function createRecordingMetrics(): RecordingMetrics {
  const recorded: RecordedMetric[] = [];
  let flushes = 0;
  const entry = (
    kind: RecordedMetric['kind'],
    name: RecordedMetric['name'],
    value: number,
    dimensions?: MetricDimensions,
  ) => void recorded.push({ kind, name, value, ...(dimensions ? { dimensions } : {}) });
  return {
    recorded,
    get flushes() {
      return flushes;
    },
    count: (name, dimensions, value = 1) => entry('count', name, value, dimensions),
    observe: (name, value, dimensions) => entry('observe', name, value, dimensions),
    flush: () => {
      flushes += 1;
    },
  };
}

function createManualTimer(): ManualTimer {
  const started: number[] = [];
  const running = new Set<() => void>();
  return {
    started,
    start: (ms, onTimeUp) => {
      started.push(ms);
      running.add(onTimeUp);
      return () => running.delete(onTimeUp);
    },
    fire: () => {
      const latest = [...running].at(-1);
      if (!latest) throw new Error('no timer is running');
      running.delete(latest);
      latest();
    },
  };
}
