/**
 * Wires the gateway for AWS Lambda, as start-local-gateway.ts does for `npm start`: client keys from
 * their secret, accounts from the pool registry and their secrets (access tokens on the pool table),
 * token refresh written back there, the Google client, the pool on DynamoDB, and the Function URL
 * streaming adapter. Composed once per container, on its first invocation (nothing here does I/O until
 * a request needs it); each invocation then reads the client keys through the secret cache, adds its
 * ids to the log lines, and flushes its metrics before it returns.
 *
 * Lambda runs one invocation at a time per container, so the request in flight is the only one the
 * pool's events can be about: its model labels the request's own metrics.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Dispatcher } from 'undici';
import type { ClientAuth } from '../core/client-auth.js';
import { ClientRateLimit } from '../core/client-rate-limit.js';
import { createPowertoolsLogger, toLoggerPort } from '../core/create-logger.js';
import { createGateway, type Gateway } from '../core/gateway.js';
import { HttpError } from '../core/http-error.js';
import { ModelCatalog } from '../core/model-catalog.js';
import { type Clock, type Logger, mathRandom, type Random, systemClock } from '../core/ports.js';
import { createPowertoolsMetrics, type FlushableMetrics } from '../core/powertools-metrics.js';
import { randomId } from '../core/random-id.js';
import { sendJson } from '../core/respond.js';
import { AwsAccountStore } from '../credentials/aws-account-store.js';
import { createSecretsManagerClient } from '../credentials/create-secrets-manager-client.js';
import { SecretCache } from '../credentials/secret-cache.js';
import { createTokenProvider } from '../credentials/token-provider.js';
import { TokenRows } from '../credentials/token-rows.js';
import { AccountPool } from '../pool/account-pool.js';
import { DynamoDbPoolStore } from '../pool/dynamodb-pool-store.js';
import type { PoolConfig } from '../pool/pool-config.js';
import { createPoolStoreClient } from '../pool/pool-store-client.js';
import { createGeminiClient } from '../upstream/gemini-client.js';
import { sharedDispatcher } from '../upstream/http-client.js';
import { answerTimeUp } from './answer-time-up.js';
import { ConfigError, type GatewayConfig, readGatewayConfig } from './aws-config.js';
import { ClientKeys } from './client-keys.js';
import {
  type InvocationServer,
  type StartTimer,
  startRealTimer,
  toStreamingHandler,
} from './function-url-adapter.js';
import { measureResponse } from './measure-response.js';
import { recordPoolEvent } from './record-pool-event.js';
import type { LambdaContext } from './response-stream.js';

export interface AwsGatewayDependencies {
  secretsManager: SecretsManagerClient;
  dynamoDb: DynamoDBClient;
  dispatcher: Dispatcher;
  clock: Clock;
  random: Random;
  logger: Logger;
  metrics: FlushableMetrics;
  /** A fresh random id fragment (hex). */
  newId: () => string;
  /** Adds the invocation's ids to every log line (Powertools' `addContext`). */
  addLogContext: (context: LambdaContext) => void;
  /** Starts the timer that ends a request at its time limit. */
  startTimer: StartTimer;
  pool?: Partial<PoolConfig>;
}

/** How long one read of a secret (an account document, the client keys) serves a container. */
const secretMaxAgeMs = 5 * 60_000;

/**
 * The gateway's Lambda handler. The configuration is read once, at load; when it is invalid every
 * request gets a 500 that says so, and the log says which variable is wrong.
 *
 * @example
 * export const handler = createGatewayHandler({ environment: process.env });
 */
export function createGatewayHandler({
  environment,
  dependencies = {},
}: {
  environment: Record<string, string | undefined>;
  /** Tests replace the AWS clients, the clock and the sinks for logs and metrics. */
  dependencies?: Partial<AwsGatewayDependencies>;
}) {
  let config: GatewayConfig;
  try {
    config = readGatewayConfig(environment);
  } catch (error) {
    const logger = dependencies.logger ?? toLoggerPort(createPowertoolsLogger('error'));
    return toStreamingHandler({
      ...(dependencies.startTimer ? { startTimer: dependencies.startTimer } : {}),
      serve: async (_request, sink) => {
        logger.error('The gateway cannot start', {
          error: error instanceof Error ? error.message : String(error),
        });
        await sendJson(sink, 500, misconfigured().toJSON());
      },
    });
  }
  let serve: InvocationServer | undefined;
  return toStreamingHandler({
    requestTimeoutMs: config.requestTimeoutMs,
    startTimer: dependencies.startTimer ?? startRealTimer,
    serve: (request, sink, context) => {
      serve ??= composeAwsGateway(config, { ...defaultDependencies(config), ...dependencies });
      return serve(request, sink, context);
    },
  });
}

/**
 * The per-invocation server over one container's gateway.
 *
 * @example
 * const serve = composeAwsGateway(readGatewayConfig(process.env), dependencies);
 * await serve(request, sink, context);
 */
export function composeAwsGateway(
  config: GatewayConfig,
  dependencies: AwsGatewayDependencies,
): InvocationServer {
  const { clock, logger, metrics, dispatcher } = dependencies;
  const { tableName, poolName } = config;
  const secrets = new SecretCache({
    client: dependencies.secretsManager,
    clock,
    logger,
    maxAgeMs: secretMaxAgeMs,
  });
  const poolStore = new DynamoDbPoolStore({ client: dependencies.dynamoDb, tableName, poolName });
  const accounts = new AwsAccountStore({
    poolStore,
    tokens: new TokenRows({ client: dependencies.dynamoDb, tableName, poolName }),
    secrets,
    secretPrefix: config.accountSecretPrefix,
    clock,
    logger,
  });
  // No OAuth client from the environment on AWS: each account document carries its own.
  const tokens = createTokenProvider({
    tokenUrl: config.upstream.tokenUrl,
    store: accounts,
    dispatcher,
    clock,
    logger,
  });
  let requestModel: string | undefined;
  const pool = new AccountPool({
    store: poolStore,
    listAccounts: () => accounts.list(),
    clock,
    random: dependencies.random,
    logger,
    config: dependencies.pool,
    onEvent: (event) => {
      if ('model' in event) requestModel = event.model;
      recordPoolEvent({ event, metrics });
    },
  });
  const shared = {
    pool,
    models: new ModelCatalog(config.modelAliases, { listAccounts: () => accounts.list(), clock }),
    gemini: createGeminiClient(config.upstream, { tokens, clock, logger, dispatcher }),
    clock,
    logger,
    newId: dependencies.newId,
    maxBodyBytes: config.maxBodyBytes,
    failoverDeadlineMs: config.failoverDeadlineMs,
    modelFallbacks: config.modelFallbacks,
    // Outlives the checker, which is rebuilt whenever the keys secret changes.
    ...(config.clientKeyRateLimit > 0
      ? { rateLimit: new ClientRateLimit({ requestsPerMinute: config.clientKeyRateLimit, clock }) }
      : {}),
  };
  const clientKeys = new ClientKeys({ secrets, secretId: config.clientKeysSecretId });
  let current: { auth: ClientAuth; gateway: Gateway } | undefined;

  /** The gateway for the client keys the secret holds now (rebuilt only when they change). */
  async function gatewayForCurrentKeys(): Promise<Gateway> {
    const auth = await clientKeys.auth();
    if (current?.auth !== auth) current = { auth, gateway: createGateway({ ...shared, auth }) };
    return current.gateway;
  }

  return async (request, sink, context) => {
    dependencies.addLogContext(context);
    requestModel = undefined;
    const healthCheck = request.path.replace(/\/+$/, '') === '/healthz';
    const measured = measureResponse({
      sink,
      clock,
      startedAt: clock.now(),
      onEnd: ({ status, firstTokenMs }) => {
        if (healthCheck) return;
        const dimensions = requestModel === undefined ? undefined : { model: requestModel };
        metrics.count('Requests', dimensions);
        metrics.count('RequestErrors', dimensions, status >= 500 ? 1 : 0);
        if (firstTokenMs !== undefined) metrics.observe('TimeToFirstTokenMs', firstTokenMs, dimensions);
      },
    });
    const answered = answerTimeUp({ sink: measured, signal: request.signal });
    try {
      let gateway: Gateway;
      try {
        gateway = await gatewayForCurrentKeys();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.error('Cannot check client keys', { error: message });
        const answer = error instanceof ConfigError ? misconfigured() : keysUnavailable();
        return await sendJson(answered, answer.status, answer.toJSON());
      }
      await gateway(request, answered);
    } finally {
      // The answer has gone; what the pool still has in flight must end before Lambda freezes the process.
      await pool.flush();
      metrics.flush();
    }
  };
}

function defaultDependencies(config: GatewayConfig): AwsGatewayDependencies {
  const powertoolsLogger = createPowertoolsLogger(config.logLevel);
  return {
    secretsManager: createSecretsManagerClient(),
    dynamoDb: createPoolStoreClient(),
    dispatcher: sharedDispatcher({ proxyUrl: config.proxyUrl }),
    clock: systemClock,
    random: mathRandom,
    logger: toLoggerPort(powertoolsLogger),
    metrics: createPowertoolsMetrics({ namespace: config.metricsNamespace, serviceName: config.serviceName }),
    newId: randomId,
    addLogContext: (context) => powertoolsLogger.addContext(context),
    startTimer: startRealTimer,
  };
}

function misconfigured(): HttpError {
  return new HttpError({
    status: 500,
    type: 'server_error',
    code: 'gateway_misconfigured',
    message: 'The gateway is misconfigured; its operator can find why in its logs.',
  });
}

function keysUnavailable(): HttpError {
  return new HttpError({
    status: 503,
    type: 'server_error',
    code: 'client_keys_unavailable',
    message: 'The gateway cannot check client keys right now; retry shortly.',
  });
}
