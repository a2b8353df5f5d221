/**
 * Google's error answers → `UpstreamError`, classified once so the pool decides from fields, never
 * from message text. Google's shape is `google.rpc.Status` as JSON:
 * `{"error":{"code","message","status","details":[ErrorInfo, RetryInfo, QuotaFailure, ...]}}`, sometimes
 * wrapped in an array (streaming endpoints), sometimes bare (no details), sometimes not JSON at all.
 * https://cloud.google.com/apis/design/errors#error_details
 */
import * as z from 'zod';
import { nextPacificMidnight } from './next-pacific-midnight.js';
import { parseGoogleDuration } from './parse-google-duration.js';
import { redactSecrets } from './redact-secrets.js';
import { UpstreamError, type UpstreamFailure } from './upstream-error.js';

/** A rate limit that resets later than this is treated as an exhausted quota (DESIGN.md §5). */
const longResetMs = 5 * 60_000;
/** Google's 400 messages explain what is wrong and reach the client; a runaway one is cut. */
const maxMessageLength = 500;
const dailyQuotaPattern = /PerDay|Daily/i;

const errorDetailSchema = z.looseObject({
  '@type': z.string().nullish(),
  reason: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  retryDelay: z.string().nullish(),
  violations: z.array(z.looseObject({ quotaId: z.string().nullish() })).nullish(),
});
type ErrorDetail = z.infer<typeof errorDetailSchema>;

const googleErrorSchema = z.looseObject({
  error: z.looseObject({
    code: z.number().nullish(),
    message: z.string().nullish(),
    status: z.string().nullish(),
    details: z.array(z.unknown()).nullish(),
  }),
});

interface GoogleErrorFacts {
  message?: string;
  statusName?: string;
  reason?: string;
  retryDelayMs?: number;
  /** `ErrorInfo.metadata.quotaResetDelay`: Google's own statement of when the quota comes back. */
  resetDelayMs?: number;
  resetAt?: number;
  quotaId?: string;
}

export interface ClassifyGoogleErrorInput {
  /** The HTTP status Google answered with (or `error.code` of an error event inside a 200 stream). */
  status: number;
  /** The answer's body: raw text, or a value already parsed from JSON. */
  body: unknown;
  /** Epoch ms, for turning relative reset delays into `resetAt`. */
  now: number;
}

/**
 * Classifies a Google error answer.
 *
 * @example
 * classifyGoogleError({ status: 429, body: '{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}', now })
 * // UpstreamError { failure: 'rate_limited', status: 429, ... }
 */
export function classifyGoogleError({ status, body, now }: ClassifyGoogleErrorInput): UpstreamError {
  const facts = readGoogleErrorFacts({ body, now });
  const failure = chooseFailure({ status, facts });
  const isQuota = failure === 'quota_exhausted';
  return new UpstreamError({
    failure,
    status,
    message: describe({ status, facts }),
    reason: facts.reason,
    retryDelayMs: facts.retryDelayMs,
    resetAt: isQuota ? (facts.resetAt ?? fallbackResetAt({ facts, now })) : facts.resetAt,
    quotaId: facts.quotaId,
  });
}

function chooseFailure({ status, facts }: { status: number; facts: GoogleErrorFacts }): UpstreamFailure {
  if (facts.reason === 'MODEL_CAPACITY_EXHAUSTED') return 'capacity';
  // An invalid API key is the account's problem, not the client's, although Google says 400.
  if (facts.reason === 'API_KEY_INVALID') return 'credentials_revoked';
  if (status === 429) return isExhaustedQuota(facts) ? 'quota_exhausted' : 'rate_limited';
  // A failed precondition is the state of the account or of where the gateway runs, not the request:
  // the Gemini API's "User location is not supported for the API use", or a free tier closed in the
  // caller's country. Another account (or backend kind) may well serve it.
  if (status === 400 && facts.statusName === 'FAILED_PRECONDITION') return 'forbidden';
  if (status === 400 || status === 413) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  return 'server_error';
}

function isExhaustedQuota(facts: GoogleErrorFacts): boolean {
  if (isDailyQuota(facts)) return true;
  if (facts.reason === 'QUOTA_EXHAUSTED') return true;
  return Math.max(facts.retryDelayMs ?? 0, facts.resetDelayMs ?? 0) > longResetMs;
}

/**
 * When an exhausted quota comes back if Google gave no timestamp: after `quotaResetDelay`; for a daily
 * quota at midnight Pacific (its RetryInfo is often a few seconds, which would only burn attempts);
 * otherwise after the retry delay.
 */
function fallbackResetAt({ facts, now }: { facts: GoogleErrorFacts; now: number }): number {
  if (facts.resetDelayMs !== undefined) return now + facts.resetDelayMs;
  if (isDailyQuota(facts) || facts.retryDelayMs === undefined) return nextPacificMidnight({ now });
  return now + facts.retryDelayMs;
}

function isDailyQuota(facts: GoogleErrorFacts): boolean {
  return facts.quotaId !== undefined && dailyQuotaPattern.test(facts.quotaId);
}

function describe({ status, facts }: { status: number; facts: GoogleErrorFacts }): string {
  const head = `Google answered ${status}${facts.statusName ? ` ${facts.statusName}` : ''}`;
  const text = facts.message ? `${head}: ${redactSecrets({ text: facts.message })}` : head;
  return text.length > maxMessageLength ? `${text.slice(0, maxMessageLength - 1)}…` : text;
}

function readGoogleErrorFacts({ body, now }: { body: unknown; now: number }): GoogleErrorFacts {
  const parsed = googleErrorSchema.safeParse(unwrapArray(parseJson(body)));
  if (!parsed.success) return {};
  const { message, status: statusName, details } = parsed.data.error;
  const typed = (details ?? []).flatMap((detail) => {
    const result = errorDetailSchema.safeParse(detail);
    return result.success ? [result.data] : [];
  });
  const errorInfo = findDetail(typed, 'google.rpc.ErrorInfo');
  const retryInfo = findDetail(typed, 'google.rpc.RetryInfo');
  const quotaIds = typed
    .filter((detail) => detail['@type']?.endsWith('google.rpc.QuotaFailure'))
    .flatMap((detail) => detail.violations ?? [])
    .flatMap((violation) => (violation.quotaId ? [violation.quotaId] : []));
  const resetTimestamp = Date.parse(readString(errorInfo?.metadata, 'quotaResetTimeStamp') ?? '');
  const resetDelayMs = parseDuration(readString(errorInfo?.metadata, 'quotaResetDelay'));
  const retryDelayMs =
    parseDuration(retryInfo?.retryDelay) ?? resetDelayMs ?? parseRetryHint(message ?? undefined);
  return {
    message: message ?? undefined,
    statusName: statusName ?? undefined,
    reason: errorInfo?.reason ?? undefined,
    retryDelayMs,
    resetDelayMs,
    resetAt: Number.isFinite(resetTimestamp) && resetTimestamp > now ? resetTimestamp : undefined,
    // A daily quota decides the reset time, so it wins over a per-minute one listed beside it.
    quotaId: quotaIds.find((quotaId) => dailyQuotaPattern.test(quotaId)) ?? quotaIds[0],
  };
}

function findDetail(details: ErrorDetail[], typeName: string): ErrorDetail | undefined {
  return details.find((detail) => detail['@type']?.endsWith(typeName));
}

function readString(record: Record<string, unknown> | null | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

function parseDuration(text: string | null | undefined): number | undefined {
  return text ? parseGoogleDuration({ text }) : undefined;
}

/** Bare 429s sometimes say "Please retry in 34.07s." in the message and nowhere else. */
function parseRetryHint(message: string | undefined): number | undefined {
  const match = message?.match(/Please retry in (\d+(?:\.\d+)?(?:ms|s))/);
  return match?.[1] ? parseGoogleDuration({ text: match[1] }) : undefined;
}

function parseJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function unwrapArray(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}
