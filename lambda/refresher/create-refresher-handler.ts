/**
 * The token refresher's Lambda handler, run by an EventBridge schedule (lib/token-refresher.ts): wires
 * the AWS clients, the pool table and the account secrets around `refreshExpiringTokens`, with middy
 * middleware for what every run needs: the invocation's ids on every log line (Powertools'
 * `injectLambdaContext`), its metrics flushed as CloudWatch EMF whether it succeeds or fails, and a
 * failed run logged once and rethrown, so Lambda counts it as an error (the RefresherErrors alarm).
 */
import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Dispatcher } from 'undici';
import { createPowertoolsLogger, toLoggerPort } from '../core/create-logger.js';
import { type Clock, type Logger, systemClock } from '../core/ports.js';
import { createPowertoolsMetrics, type FlushableMetrics } from '../core/powertools-metrics.js';
import { AwsAccountStore } from '../credentials/aws-account-store.js';
import { createSecretsManagerClient } from '../credentials/create-secrets-manager-client.js';
import { SecretCache } from '../credentials/secret-cache.js';
import { TokenRows } from '../credentials/token-rows.js';
import { readRefresherConfig } from '../gateway/aws-config.js';
import { DynamoDbPoolStore } from '../pool/dynamodb-pool-store.js';
import { createPoolStoreClient } from '../pool/pool-store-client.js';
import { sharedDispatcher } from '../upstream/http-client.js';
import { type RefreshReport, refreshExpiringTokens } from './refresh-expiring-tokens.js';

export interface RefresherDependencies {
  secretsManager: SecretsManagerClient;
  dynamoDb: DynamoDBClient;
  dispatcher: Dispatcher;
  clock: Clock;
  /** Takes the invocation's context (`injectLambdaContext`); also the default `logger`. */
  powertoolsLogger: PowertoolsLogger;
  logger: Logger;
  metrics: FlushableMetrics;
}

/**
 * @example
 * export const handler = createRefresherHandler({ environment: process.env });
 * @throws ConfigError at load when the environment is invalid (every run then fails, visibly).
 */
export function createRefresherHandler({
  environment,
  dependencies = {},
}: {
  environment: Record<string, string | undefined>;
  /** Tests replace the AWS clients, the clock and the sinks for logs and metrics. */
  dependencies?: Partial<RefresherDependencies>;
}) {
  const config = readRefresherConfig(environment);
  const powertoolsLogger = dependencies.powertoolsLogger ?? createPowertoolsLogger(config.logLevel);
  const { secretsManager, dynamoDb, dispatcher, clock, logger, metrics }: RefresherDependencies = {
    secretsManager: createSecretsManagerClient(),
    dynamoDb: createPoolStoreClient(),
    dispatcher: sharedDispatcher({ proxyUrl: config.proxyUrl }),
    clock: systemClock,
    powertoolsLogger,
    logger: toLoggerPort(powertoolsLogger),
    metrics: createPowertoolsMetrics({ namespace: config.metricsNamespace, serviceName: config.serviceName }),
    ...dependencies,
  };
  const { tableName, poolName } = config;
  const poolStore = new DynamoDbPoolStore({ client: dynamoDb, tableName, poolName });
  const tokens = new TokenRows({ client: dynamoDb, tableName, poolName });
  const accounts = new AwsAccountStore({
    poolStore,
    tokens,
    secrets: new SecretCache({ client: secretsManager, clock, logger }),
    secretPrefix: config.accountSecretPrefix,
    clock,
    logger,
  });

  return middy<unknown, RefreshReport>(async (_event: unknown, context: { awsRequestId: string }) => {
    const report = await refreshExpiringTokens({
      poolStore,
      tokens,
      accounts,
      tokenUrl: config.tokenUrl,
      dispatcher,
      clock,
      logger,
      metrics,
      windowMs: config.refreshWindowMs,
      owner: context.awsRequestId,
    });
    logger.info('Token refresh run finished', { ...report });
    return report;
  })
    .use(injectLambdaContext(powertoolsLogger))
    .use(flushMetrics(metrics))
    .use(logFailure(logger));
}

/** Publishes the run's metrics after it, whether it succeeded or failed. */
function flushMetrics(metrics: FlushableMetrics): MiddlewareObj {
  const flush = () => metrics.flush();
  return { after: flush, onError: flush };
}

/** Logs a failed run once, by its message only; the error is rethrown by middy (not handled here). */
function logFailure(logger: Logger): MiddlewareObj {
  return {
    onError: ({ error }) => {
      logger.error('Token refresh run failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    },
  };
}
