/**
 * Settings of the two Lambda functions, read from the environment the CDK stack gives them
 * (lib/gateway-function.ts, lib/token-refresher.ts). Google's endpoints default to the real ones and may
 * be pointed elsewhere (tests point them at a fake Google). A bad value stops the invocation with a
 * message naming the variable, never its value.
 */
import * as z from 'zod';
import {
  jsonVariable,
  modelName,
  parseEnvironment,
  positiveInteger,
  toUpstreamConfig,
  upstreamVariables,
} from '../core/environment-variables.js';
import type { UpstreamConfig } from '../upstream/gemini-client.js';

export { ConfigError } from '../core/environment-variables.js';

const sharedSchema = z.object({
  TABLE_NAME: z.string().min(1),
  POOL_NAME: z.string().min(1),
  ACCOUNT_SECRET_PREFIX: z.string().min(1),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  POWERTOOLS_SERVICE_NAME: z.string().min(1).default('gemini-gateway'),
  POWERTOOLS_METRICS_NAMESPACE: z.string().min(1).default('GeminiGateway'),
  GOOGLE_OAUTH_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  PROXY: z.url().optional(),
  HTTPS_PROXY: z.url().optional(),
});

const gatewaySchema = sharedSchema.extend({
  CLIENT_KEYS_SECRET_ID: z.string().min(1),
  MODEL_ALIASES: jsonVariable(z.record(z.string(), modelName), 'name → Gemini model id'),
  MODEL_FALLBACKS: jsonVariable(z.record(z.string(), z.array(modelName)), 'model → [fallback models]'),
  ...upstreamVariables,
  // Lambda refuses request payloads over 6 MB before the function runs; this keeps the error ours below that.
  MAX_BODY_BYTES: positiveInteger(6 * 1024 * 1024),
  FAILOVER_DEADLINE_MS: positiveInteger(60_000),
  /** Longest a request may run; unset, the invocation's own time limit (15 minutes) is the bound. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  /** Requests per minute per client key and container; unset or 0, no limit. */
  CLIENT_KEY_RATE_LIMIT: z.coerce.number().int().min(0).default(0),
});

const invalid = 'Invalid function configuration';

const refresherSchema = sharedSchema.extend({
  REFRESH_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
});

/** What both functions share: where the pool and the account secrets are, logging and metrics. */
export interface AwsSharedConfig {
  tableName: string;
  poolName: string;
  accountSecretPrefix: string;
  logLevel: z.infer<typeof sharedSchema>['LOG_LEVEL'];
  serviceName: string;
  metricsNamespace: string;
  tokenUrl: string;
  proxyUrl?: string;
}

export interface GatewayConfig extends AwsSharedConfig {
  clientKeysSecretId: string;
  modelAliases: Record<string, string>;
  modelFallbacks: Record<string, string[]>;
  maxBodyBytes: number;
  failoverDeadlineMs: number;
  requestTimeoutMs?: number;
  clientKeyRateLimit: number;
  upstream: UpstreamConfig;
}

export interface RefresherConfig extends AwsSharedConfig {
  /** Tokens expiring within this are refreshed now. */
  refreshWindowMs: number;
}

/**
 * @example
 * const config = readGatewayConfig(process.env);
 * @throws ConfigError naming each bad variable.
 */
export function readGatewayConfig(environment: Record<string, string | undefined>): GatewayConfig {
  const env = parseEnvironment(gatewaySchema, environment, invalid);
  const shared = toSharedConfig(env);
  return {
    ...shared,
    clientKeysSecretId: env.CLIENT_KEYS_SECRET_ID,
    modelAliases: env.MODEL_ALIASES,
    modelFallbacks: env.MODEL_FALLBACKS,
    maxBodyBytes: env.MAX_BODY_BYTES,
    failoverDeadlineMs: env.FAILOVER_DEADLINE_MS,
    ...(env.REQUEST_TIMEOUT_MS === undefined ? {} : { requestTimeoutMs: env.REQUEST_TIMEOUT_MS }),
    clientKeyRateLimit: env.CLIENT_KEY_RATE_LIMIT,
    upstream: toUpstreamConfig(env, { tokenUrl: shared.tokenUrl, proxyUrl: shared.proxyUrl }),
  };
}

/**
 * @example
 * const config = readRefresherConfig(process.env);
 * @throws ConfigError naming each bad variable.
 */
export function readRefresherConfig(environment: Record<string, string | undefined>): RefresherConfig {
  const env = parseEnvironment(refresherSchema, environment, invalid);
  return { ...toSharedConfig(env), refreshWindowMs: env.REFRESH_WINDOW_MINUTES * 60_000 };
}

function toSharedConfig(env: z.infer<typeof sharedSchema>): AwsSharedConfig {
  const proxyUrl = env.PROXY ?? env.HTTPS_PROXY;
  return {
    tableName: env.TABLE_NAME,
    poolName: env.POOL_NAME,
    accountSecretPrefix: env.ACCOUNT_SECRET_PREFIX,
    logLevel: env.LOG_LEVEL,
    serviceName: env.POWERTOOLS_SERVICE_NAME,
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE,
    tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
    ...(proxyUrl === undefined ? {} : { proxyUrl }),
  };
}
