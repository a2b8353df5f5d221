/**
 * Settings of the local run, read from the environment (DESIGN.md §3.1). Parsed once at start-up; a
 * bad value stops the process with a message naming the variable, never a stack.
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

export { ConfigError } from '../core/environment-variables.js';

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  ACCOUNTS_DIR: z.string().min(1).default('./accounts'),
  STATE_DIR: z.string().min(1).default('./.gateway-state'),
  GATEWAY_API_KEYS: z
    .string()
    .optional()
    .transform((text) =>
      (text ?? '')
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean),
    ),
  ALLOW_ANONYMOUS: flag,
  OAUTH_CLIENT_ID: z.string().min(1).optional(),
  OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
  ...upstreamVariables,
  GOOGLE_OAUTH_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  PROXY: z.url().optional(),
  HTTPS_PROXY: z.url().optional(),
  https_proxy: z.url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  MODEL_ALIASES: jsonVariable(z.record(z.string(), modelName), 'name → Gemini model id'),
  MODEL_FALLBACKS: jsonVariable(z.record(z.string(), z.array(modelName)), 'model → [fallback models]'),
  MAX_BODY_BYTES: positiveInteger(20 * 1024 * 1024),
  FAILOVER_DEADLINE_MS: positiveInteger(60_000),
  /** Requests per minute per client key; unset or 0, no limit. */
  CLIENT_KEY_RATE_LIMIT: z.coerce.number().int().min(0).default(0),
});

export type LocalConfig = ReturnType<typeof toLocalConfig>;

export function readLocalConfig(environment: Record<string, string | undefined>): LocalConfig {
  return toLocalConfig(parseEnvironment(environmentSchema, environment, 'Invalid configuration'));
}

function toLocalConfig(env: z.infer<typeof environmentSchema>) {
  const oauthClient =
    env.OAUTH_CLIENT_ID && env.OAUTH_CLIENT_SECRET
      ? { clientId: env.OAUTH_CLIENT_ID, clientSecret: env.OAUTH_CLIENT_SECRET }
      : undefined;
  return {
    host: env.HOST,
    port: env.PORT,
    accountsDir: env.ACCOUNTS_DIR,
    stateDir: env.STATE_DIR,
    apiKeys: env.GATEWAY_API_KEYS,
    allowAnonymous: env.ALLOW_ANONYMOUS,
    logLevel: env.LOG_LEVEL,
    modelAliases: env.MODEL_ALIASES,
    modelFallbacks: env.MODEL_FALLBACKS,
    maxBodyBytes: env.MAX_BODY_BYTES,
    failoverDeadlineMs: env.FAILOVER_DEADLINE_MS,
    clientKeyRateLimit: env.CLIENT_KEY_RATE_LIMIT,
    upstream: toUpstreamConfig(env, {
      tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
      proxyUrl: env.PROXY ?? env.HTTPS_PROXY ?? env.https_proxy,
      oauthClient,
    }),
  };
}
