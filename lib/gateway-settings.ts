/**
 * The deployment's settings, read from CDK context in this one place (`cdk.json` or `-c key=value`)
 * and validated before any construct is built. Values given with `-c` always arrive as strings, values
 * in `cdk.json` may be JSON numbers, arrays or objects: every field accepts both.
 */
import * as z from 'zod';

/** The context keys this app reads, with what each one means, for error messages and the README. */
export const gatewayContextKeys = [
  'stackName',
  'poolName',
  'reservedConcurrency',
  'refreshRateMinutes',
  'corsAllowedOrigins',
  'logLevel',
  'modelAliases',
  'alarmEmail',
] as const;

export type GatewayContextKey = (typeof gatewayContextKeys)[number];

const stackName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, {
    error: 'must start with a letter and hold only letters, digits and hyphens (at most 128)',
  })
  .default('GeminiGateway');

// The pool name ends up in DynamoDB keys (`POOL#<name>`) and in Secrets Manager names, where a slash
// or a prefix of another pool's name would let one pool read another's secrets.
const poolName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, {
    error: 'must be 1 to 32 lowercase letters, digits or hyphens, starting with a letter or digit',
  })
  .default('default');

const concurrencyProblem = 'must be a whole number from 1 to 1000, or "none" for no reservation';
const reservedConcurrency = z
  .union([z.literal('none'), wholeNumber({ min: 1, max: 1000, problem: concurrencyProblem })], {
    error: concurrencyProblem,
  })
  .default(20)
  .transform((value) => (value === 'none' ? undefined : value));

// Google access tokens live an hour and the refresher renews those expiring before its next run plus
// a margin, so a run must come well within the hour.
const refreshRateMinutes = wholeNumber({
  min: 1,
  max: 30,
  problem: 'must be a whole number of minutes from 1 to 30',
}).default(10);

const origin = z.string().refine((value) => value === '*' || isOrigin(value), {
  error: (issue) => `"${String(issue.input)}" is not "*" or an origin like https://chat.example.com`,
});

const corsAllowedOrigins = z
  .preprocess(
    (value) => (typeof value === 'string' ? splitList(value) : value),
    z.array(origin, { error: 'must be a list of origins (a JSON array or comma-separated text)' }),
  )
  .default([]);

const logLevel = z
  .enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' })
  .default('info');

const modelAliases = z
  .preprocess(
    parseJsonText,
    z.record(z.string().min(1), z.string().min(1), {
      error: 'must be a JSON object mapping a client model name to a Gemini model id',
    }),
  )
  .default({});

const alarmEmail = z.email({ error: 'must be an email address' }).optional();

const settingsSchema = z.object({
  stackName,
  poolName,
  reservedConcurrency,
  refreshRateMinutes,
  corsAllowedOrigins,
  logLevel,
  modelAliases,
  alarmEmail,
});

/** Validated deployment settings; `reservedConcurrency` is `undefined` when no reservation is wanted. */
export type GatewaySettings = z.output<typeof settingsSchema>;

/**
 * Validates the context values and fills in the defaults.
 *
 * @example
 * const settings = readGatewaySettings({ context: { reservedConcurrency: '50' } });
 * settings.refreshRateMinutes; // 10
 * @throws GatewaySettingsError naming every bad key, the value's problem and how to set it.
 */
export function readGatewaySettings({
  context,
}: {
  context: Partial<Record<GatewayContextKey, unknown>>;
}): GatewaySettings {
  // `-c key=` passes an empty string: treat it as unset rather than as a bad value.
  const present = Object.fromEntries(
    gatewayContextKeys
      .map((key) => [key, context[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = settingsSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
  throw new GatewaySettingsError(
    `Invalid CDK context (set with -c key=value or in cdk.json "context"):\n${problems.join('\n')}`,
  );
}

export class GatewaySettingsError extends Error {
  override readonly name = 'GatewaySettingsError';
}

function wholeNumber({ min, max, problem }: { min: number; max: number; problem: string }) {
  return z.coerce
    .number({ error: problem })
    .int({ error: problem })
    .min(min, { error: problem })
    .max(max, { error: problem });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    // Left as text, so the record schema reports it with its own message.
    return value;
  }
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}
