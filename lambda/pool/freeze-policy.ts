/**
 * What a failed attempt does to the account (DESIGN.md §5): nothing (the client's fault), disable it
 * (its credentials are dead), or freeze it for the model for a while. Pure: time, randomness and the
 * failure streak come in, a verdict with an operator-readable cause comes out.
 *
 * Choices beyond the design's table:
 * - Google's own delay (RetryInfo / quotaResetDelay) is honoured for every failure class that carries
 *   one, not only 429s; a delay longer than `maxHonouredDelayMs` is a quota reset and is not capped.
 * - `capacity` (503 MODEL_CAPACITY_EXHAUSTED) is about Google's capacity for the model, but in practice
 *   it depends on the account's tier and project too, so it is treated like any 5xx: a short,
 *   jittered backoff that moves traffic to other accounts and counts against this one only briefly.
 * - `forbidden` (403: API not enabled, project not eligible) rarely fixes itself in seconds, so it backs
 *   off from its own base of a minute; an operator who fixes the project sees the account back soon.
 * - `unauthorized` means a 401 even after the upstream layer refreshed the token: a plain failure.
 * - For `quota_exhausted` the reset time wins over RetryInfo (see below); for every other class
 *   RetryInfo wins, and a reset time is used when there is no delay.
 */
import type { Random } from '../core/ports.js';
import { nextPacificMidnight } from '../upstream/next-pacific-midnight.js';
import type { UpstreamError, UpstreamFailure } from '../upstream/upstream-error.js';
import { assertNever } from './assert-never.js';
import { formatDuration } from './format-duration.js';
import type { PoolConfig } from './pool-config.js';

export type FailureVerdict =
  /** The client's fault: answer it, no retry, nothing recorded against the account. */
  | { action: 'none' }
  /** The account's credentials are unusable: out of the pool until re-added. */
  | { action: 'disable'; reason: string }
  /** Skip the account for this model until `frozenUntil`; counts as a failure. */
  | { action: 'freeze'; frozenUntil: number; cause: string };

export interface JudgeFailureInput {
  error: UpstreamError;
  /** Failures in a row on this (account, model), this one included. */
  consecutiveFailures: number;
  now: number;
  config: PoolConfig;
  random: Random;
}

/**
 * @example
 * judgeFailure({ error, consecutiveFailures: 1, now: clock.now(), config, random });
 * // { action: 'freeze', frozenUntil: now + 31_200, cause: 'rate limit, Google asked for 30s' }
 */
export function judgeFailure(input: JudgeFailureInput): FailureVerdict {
  const { error, config } = input;
  switch (error.failure) {
    case 'bad_request':
    case 'not_found':
      return { action: 'none' };
    case 'credentials_revoked':
      return { action: 'disable', reason: `credentials revoked (${error.message})` };
    case 'quota_exhausted':
      // The reset time wins over RetryInfo: for a daily quota Google often asks for a few seconds,
      // which would only burn attempts until midnight.
      return (
        freezeUntilReset(input) ??
        honourGoogle(input) ?? {
          action: 'freeze',
          frozenUntil: nextPacificMidnight({ now: input.now }),
          cause: `${describeFailure(error)}, resets at midnight Pacific`,
        }
      );
    case 'rate_limited':
      return honourGoogle(input) ?? backOff({ ...input, baseMs: config.rateLimitBaseMs });
    case 'forbidden':
      return honourGoogle(input) ?? backOff({ ...input, baseMs: config.forbiddenBaseMs });
    case 'capacity':
    case 'server_error':
    case 'timeout':
    case 'network':
    case 'empty_response':
    case 'malformed_response':
    case 'unauthorized':
      return honourGoogle(input) ?? backOff({ ...input, baseMs: config.failureBaseMs });
    default:
      return assertNever(error.failure);
  }
}

/** Google said how long to wait: a short delay plus jitter, or a long one (a quota reset) as it is. */
function honourGoogle(input: JudgeFailureInput): FailureVerdict | undefined {
  const { error, now, config, random } = input;
  const label = describeFailure(error);
  const delay = error.retryDelayMs;
  if (delay !== undefined && delay <= config.maxHonouredDelayMs) {
    const jitter = random.next() * config.delayJitterRatio * delay;
    return {
      action: 'freeze',
      frozenUntil: now + delay + jitter,
      cause: `${label}, Google asked for ${formatDuration(delay)}`,
    };
  }
  const untilReset = freezeUntilReset(input);
  if (untilReset) return untilReset;
  if (delay !== undefined) {
    return {
      action: 'freeze',
      frozenUntil: now + delay,
      cause: `${label}, Google asked for ${formatDuration(delay)}`,
    };
  }
  return undefined;
}

function freezeUntilReset({ error, now }: JudgeFailureInput): FailureVerdict | undefined {
  if (error.resetAt === undefined || error.resetAt <= now) return undefined;
  return {
    action: 'freeze',
    frozenUntil: error.resetAt,
    cause: `${describeFailure(error)}, resets at ${new Date(error.resetAt).toISOString()}`,
  };
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base · 2^(streak − 1))). */
function backOff({
  error,
  consecutiveFailures,
  now,
  config,
  random,
  baseMs,
}: JudgeFailureInput & { baseMs: number }): FailureVerdict {
  const streak = Math.max(consecutiveFailures, 1);
  const ceiling = Math.min(config.maxFreezeMs, baseMs * 2 ** (streak - 1));
  const inARow = streak === 1 ? 'first failure' : `${streak} failures in a row`;
  return {
    action: 'freeze',
    frozenUntil: now + random.next() * ceiling,
    cause: `${describeFailure(error)}, ${inARow}, backoff up to ${formatDuration(ceiling)}`,
  };
}

const failureLabels: Record<UpstreamFailure, string> = {
  rate_limited: 'rate limit',
  quota_exhausted: 'quota exhausted',
  capacity: 'model out of capacity',
  server_error: 'server error',
  timeout: 'timeout',
  network: 'network error',
  empty_response: 'empty answer',
  malformed_response: 'malformed answer',
  unauthorized: 'unauthorized after a token refresh',
  forbidden: 'forbidden',
  credentials_revoked: 'credentials revoked',
  bad_request: 'bad request',
  not_found: 'not found',
};

/** "rate limit (HTTP 429, GenerateRequestsPerMinutePerProjectPerModel)": class, then what Google said. */
function describeFailure(error: UpstreamError): string {
  const details = [error.status === undefined ? undefined : `HTTP ${error.status}`, error.quotaId].filter(
    Boolean,
  );
  return details.length === 0
    ? failureLabels[error.failure]
    : `${failureLabels[error.failure]} (${details.join(', ')})`;
}
