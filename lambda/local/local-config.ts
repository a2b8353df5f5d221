/**
 * Settings of the local run, read from the environment (DESIGN.md §3.1). Parsed once at start-up; a
 * bad value stops the process with a message naming the variable, never a stack.
 */
import { z } from 'zod';
import { jsonVariable, modelName, positiveInteger } from '../core/environment-variables.js';

const defaults = {
  codeAssistEndpoint: 'https://cloudcode-pa.googleapis.com',
  codeAssistApiVersion: 'v1internal',
  geminiApiEndpoint: 'https://generativelanguage.googleapis.com',
  tokenUrl: 'https://oauth2.googleapis.com/token',
};

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
  CODE_ASSIST_ENDPOINT: z.url().default(defaults.codeAssistEndpoint),
  CODE_ASSIST_API_VERSION: z.string().min(1).default(defaults.codeAssistApiVersion),
  GEMINI_API_ENDPOINT: z.url().default(defaults.geminiApiEndpoint),
  VERTEX_ENDPOINT: z.url().optional(),
  GOOGLE_OAUTH_TOKEN_URL: z.url().default(defaults.tokenUrl),
  PROXY: z.url().optional(),
  HTTPS_PROXY: z.url().optional(),
  https_proxy: z.url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  MODEL_ALIASES: jsonVariable(z.record(z.string(), modelName), 'name → Gemini model id'),
  MODEL_FALLBACKS: jsonVariable(z.record(z.string(), z.array(modelName)), 'model → [fallback models]'),
  MAX_BODY_BYTES: positiveInteger(20 * 1024 * 1024),
  FAILOVER_DEADLINE_MS: positiveInteger(60_000),
  UPSTREAM_FIRST_EVENT_TIMEOUT_MS: positiveInteger(120_000),
  UPSTREAM_IDLE_TIMEOUT_MS: positiveInteger(120_000),
  /** Requests per minute per client key; unset or 0, no limit. */
  CLIENT_KEY_RATE_LIMIT: z.coerce.number().int().min(0).default(0),
});

export type LocalConfig = ReturnType<typeof toLocalConfig>;

export function readLocalConfig(environment: Record<string, string | undefined>): LocalConfig {
  // Empty variables count as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return toLocalConfig(parsed.data);
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
    upstream: {
      codeAssistEndpoint: env.CODE_ASSIST_ENDPOINT,
      codeAssistApiVersion: env.CODE_ASSIST_API_VERSION,
      geminiApiEndpoint: env.GEMINI_API_ENDPOINT,
      vertexEndpoint: env.VERTEX_ENDPOINT,
      tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
      proxyUrl: env.PROXY ?? env.HTTPS_PROXY ?? env.https_proxy,
      firstEventTimeoutMs: env.UPSTREAM_FIRST_EVENT_TIMEOUT_MS,
      idleTimeoutMs: env.UPSTREAM_IDLE_TIMEOUT_MS,
      oauthClient,
    },
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
