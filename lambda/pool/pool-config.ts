/**
 * The pool's tunables. Every value has a default that suits a handful of accounts serving interactive
 * chat; each is overridable (the router reads overrides from its own configuration).
 */
export interface PoolConfig {
  /** Half-life of the success and failure counts: an outcome this old weighs half as much as a new one. */
  halfLifeMs: number;
  /** Backoff base for rate limits that come without Google's delay (429 with no details). */
  rateLimitBaseMs: number;
  /** Backoff base for 5xx, timeouts, broken connections, empty and malformed answers, 401 after refresh. */
  failureBaseMs: number;
  /**
   * Backoff base for 403 (API not enabled, project not eligible): that rarely fixes itself within
   * seconds, so it starts at a minute, yet an operator who fixes the project sees it back soon.
   */
  forbiddenBaseMs: number;
  /** Cap on every backoff freeze. Quota resets (until midnight Pacific, say) are not capped. */
  maxFreezeMs: number;
  /** Google's own retry delay is honoured up to this; a longer one is treated as a quota reset. */
  maxHonouredDelayMs: number;
  /** Jitter added on top of Google's delay, as a fraction of it, so accounts do not all thaw at once. */
  delayJitterRatio: number;
  /** When every account is cooling down and the soonest thaws within this, wait instead of answering 429. */
  shortWaitMs: number;
  /** Most accounts one request may try (never more than there are accounts). */
  maxAttempts: number;
  /** How long one read of the shared state serves this process before it is read again. */
  stateCacheMs: number;
  /**
   * Least time between two writes of successes on one (account, model); successes in between go
   * together in the next write, and requests do not wait for it. 0 (Lambda: one request at a time,
   * which must not be held open for a timer) writes each success at once, awaited, merging only
   * those that arrive while a write is in flight. Above 0 only where the process outlives its
   * requests and flushes the pool before closing its store (lambda/local).
   */
  successWriteSpacingMs: number;
}

export const defaultPoolConfig: PoolConfig = {
  halfLifeMs: 10 * 60_000,
  rateLimitBaseMs: 1_000,
  failureBaseMs: 2_000,
  forbiddenBaseMs: 60_000,
  maxFreezeMs: 30 * 60_000,
  maxHonouredDelayMs: 5 * 60_000,
  delayJitterRatio: 0.1,
  shortWaitMs: 3_000,
  maxAttempts: 5,
  stateCacheMs: 1_000,
  successWriteSpacingMs: 0,
};
