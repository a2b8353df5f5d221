import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { useAwsRigs } from '../gateway/testing/aws-rig.js';
import { createPoolStoreClient } from '../pool/pool-store-client.js';
import { createRefresherHandler } from './create-refresher-handler.js';

/** A Lambda context as the runtime passes it to a scheduled invocation. */
const context = {
  awsRequestId: 'invocation-1',
  functionName: 'GeminiGateway-Refresher',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:GeminiGateway-Refresher',
  memoryLimitInMB: '256',
  getRemainingTimeInMillis: () => 120_000,
};

const scheduledEvent = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };

describe('the refresher Lambda handler', () => {
  const startRig = useAwsRigs();

  async function prepare() {
    const current = await startRig();
    const { CLIENT_KEYS_SECRET_ID: _keys, MODEL_ALIASES: _aliases, ...shared } = current.environment;
    const environment = { ...shared, REFRESH_WINDOW_MINUTES: '15' };
    const { secretsManager, dynamoDb, dispatcher, clock, logger, metrics } = current.dependencies;
    const dependencies = {
      secretsManager,
      dynamoDb,
      dispatcher,
      clock,
      logger,
      metrics,
      powertoolsLogger: new PowertoolsLogger({ logLevel: 'SILENT' }),
    };
    return { rig: current, environment, dependencies };
  }

  it('refreshes on schedule, logs the run and flushes its metrics', async () => {
    // Prepare
    const { rig, environment, dependencies } = await prepare();
    await rig.addAccount('acct-a', { credentials: { refresh_token: 'rt-acct-a' } });
    const handler = createRefresherHandler({ environment, dependencies });

    // Act
    const report = await handler(scheduledEvent, context);

    // Assess
    expect(report).toStrictEqual({ results: { 'acct-a': 'refreshed' }, deadAccounts: 0 });
    expect(rig.logger.entries.at(-1)).toStrictEqual({
      level: 'info',
      message: 'Token refresh run finished',
      fields: { results: { 'acct-a': 'refreshed' }, deadAccounts: 0 },
    });
    expect(rig.metrics.flushes).toBe(1);
  });

  it('fails the run when the pool table cannot be read, logging why and still flushing', async () => {
    // Prepare
    const { rig, environment, dependencies } = await prepare();
    const unreachable = createPoolStoreClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'local',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const handler = createRefresherHandler({
      environment,
      dependencies: { ...dependencies, dynamoDb: unreachable },
    });

    // Act
    const failure = await handler(scheduledEvent, context).catch((error: unknown) => error);
    unreachable.destroy();

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(rig.logger.entries.map(({ level, message }) => ({ level, message }))).toStrictEqual([
      { level: 'error', message: 'Token refresh run failed' },
    ]);
    expect(rig.metrics.flushes).toBe(1);
  });

  it('refuses to load with an invalid environment, naming the variable', () => {
    // Prepare
    const environment = { POOL_NAME: 'default', ACCOUNT_SECRET_PREFIX: 'gemini-gateway/default/accounts/' };

    // Act
    const load = () => createRefresherHandler({ environment });

    // Assess
    expect(load).toThrow(
      'Invalid function configuration: TABLE_NAME: Invalid input: expected string, received undefined',
    );
  });
});
