/** zod pieces shared by the local and the Lambda settings, which both come from environment variables. */
import * as z from 'zod';
import type { UpstreamConfig } from '../upstream/gemini-client.js';

/** A bad setting: the message names each variable and its rule, never its value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * `environment` parsed by `schema`, empty variables counting as unset (as shells and .env files often
 * leave them).
 *
 * @throws ConfigError `<heading>: VARIABLE: rule; …`; issue messages name the rule, never the value
 * (which may be an ARN or a URL with credentials).
 */
export function parseEnvironment<Schema extends z.ZodType>(
  schema: Schema,
  environment: Record<string, string | undefined>,
  heading: string,
): z.output<Schema> {
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`${heading}: ${problems.join('; ')}`);
}

export const positiveInteger = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const modelName = z.string().min(1);

/** A variable holding JSON of the given shape; unset or blank means `{}`. */
export const jsonVariable = <T extends z.ZodType>(shape: T, description: string) =>
  z
    .string()
    .optional()
    .transform((text, context): z.infer<T> => {
      if (!text?.trim()) return {} as z.infer<T>;
      const parsed = shape.safeParse(parseJson(text));
      if (parsed.success) return parsed.data;
      context.addIssue({ code: 'custom', message: `must be a JSON object of ${description}` });
      return z.NEVER;
    });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Where Google's backends are and how long to wait for them: read the same way locally and on Lambda. */
export const upstreamVariables = {
  CODE_ASSIST_ENDPOINT: z.url().default('https://cloudcode-pa.googleapis.com'),
  CODE_ASSIST_API_VERSION: z.string().min(1).default('v1internal'),
  GEMINI_API_ENDPOINT: z.url().default('https://generativelanguage.googleapis.com'),
  VERTEX_ENDPOINT: z.url().optional(),
  UPSTREAM_FIRST_EVENT_TIMEOUT_MS: positiveInteger(120_000),
  UPSTREAM_IDLE_TIMEOUT_MS: positiveInteger(120_000),
};

type UpstreamVariables = z.infer<z.ZodObject<typeof upstreamVariables>>;

/** The upstream settings from `upstreamVariables` and what each runtime reads its own way. */
export function toUpstreamConfig(
  env: UpstreamVariables,
  rest: Pick<UpstreamConfig, 'tokenUrl' | 'proxyUrl' | 'oauthClient'>,
): UpstreamConfig {
  return {
    codeAssistEndpoint: env.CODE_ASSIST_ENDPOINT,
    codeAssistApiVersion: env.CODE_ASSIST_API_VERSION,
    geminiApiEndpoint: env.GEMINI_API_ENDPOINT,
    vertexEndpoint: env.VERTEX_ENDPOINT,
    firstEventTimeoutMs: env.UPSTREAM_FIRST_EVENT_TIMEOUT_MS,
    idleTimeoutMs: env.UPSTREAM_IDLE_TIMEOUT_MS,
    ...rest,
  };
}
