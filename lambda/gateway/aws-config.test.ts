import { describe, expect, it } from 'vitest';
import { ConfigError, readGatewayConfig, readRefresherConfig } from './aws-config.js';

/** What lib/node-function.ts and lib/gateway-function.ts give the gateway function. */
const stackEnvironment = {
  TABLE_NAME: 'GeminiGateway-PoolTable',
  POOL_NAME: 'default',
  ACCOUNT_SECRET_PREFIX: 'gemini-gateway/default/accounts/',
  CLIENT_KEYS_SECRET_ID:
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:gemini-gateway/default/client-keys-AbCdEf',
  MODEL_ALIASES: '{"gpt-4o":"gemini-2.5-pro"}',
  LOG_LEVEL: 'info',
  POWERTOOLS_SERVICE_NAME: 'gemini-gateway',
  POWERTOOLS_METRICS_NAMESPACE: 'GeminiGateway',
  NODE_OPTIONS: '--enable-source-maps',
  AWS_REGION: 'us-east-1',
};

const shared = {
  tableName: 'GeminiGateway-PoolTable',
  poolName: 'default',
  accountSecretPrefix: 'gemini-gateway/default/accounts/',
  logLevel: 'info',
  serviceName: 'gemini-gateway',
  metricsNamespace: 'GeminiGateway',
  tokenUrl: 'https://oauth2.googleapis.com/token',
};

describe('readGatewayConfig', () => {
  it('reads what the stack sets and fills in Google’s endpoints', () => {
    // Act
    const config = readGatewayConfig(stackEnvironment);

    // Assess
    expect(config).toStrictEqual({
      ...shared,
      clientKeysSecretId: stackEnvironment.CLIENT_KEYS_SECRET_ID,
      clientKeyRateLimit: 0,
      modelAliases: { 'gpt-4o': 'gemini-2.5-pro' },
      modelFallbacks: {},
      maxBodyBytes: 6 * 1024 * 1024,
      failoverDeadlineMs: 60_000,
      upstream: {
        codeAssistEndpoint: 'https://cloudcode-pa.googleapis.com',
        codeAssistApiVersion: 'v1internal',
        geminiApiEndpoint: 'https://generativelanguage.googleapis.com',
        vertexEndpoint: undefined,
        tokenUrl: 'https://oauth2.googleapis.com/token',
        proxyUrl: undefined,
        firstEventTimeoutMs: 120_000,
        idleTimeoutMs: 120_000,
      },
    });
  });

  it('names every bad variable and none of their values', () => {
    // Prepare
    const environment = {
      ...stackEnvironment,
      CLIENT_KEYS_SECRET_ID: '',
      MODEL_ALIASES: '{"gpt-4o": 42}',
      REQUEST_TIMEOUT_MS: 'soon',
      PROXY: 'not a url with-secret',
    };

    // Act
    const failure = (() => {
      try {
        return readGatewayConfig(environment);
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toBe(
      'Invalid function configuration: PROXY: Invalid URL; CLIENT_KEYS_SECRET_ID: Invalid input: expected string, received undefined; ' +
        'MODEL_ALIASES: must be a JSON object of name → Gemini model id; REQUEST_TIMEOUT_MS: Invalid input: expected number, received NaN',
    );
  });
});

describe('readRefresherConfig', () => {
  it('reads the refresh window in minutes', () => {
    // Prepare
    const { CLIENT_KEYS_SECRET_ID: _keys, MODEL_ALIASES: _aliases, ...environment } = stackEnvironment;

    // Act
    const config = readRefresherConfig({ ...environment, REFRESH_WINDOW_MINUTES: '15' });

    // Assess
    expect(config).toStrictEqual({ ...shared, refreshWindowMs: 900_000 });
  });
});
