/**
 * CLIENT_KEY_RATE_LIMIT: at most N requests per minute per client key, as a token bucket per key (a
 * burst of up to N, refilled at N per minute), so one leaked or runaway key cannot spend the whole
 * pool's quota. The buckets are this process's: on Lambda each container counts on its own, so the
 * limit there is per key and container (reserved concurrency caps the containers).
 */
import { HttpError } from './http-error.js';
import type { Clock } from './ports.js';

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (epoch ms). */
  at: number;
}

export class ClientRateLimit {
  /**
   * Keyed by the client's identity from `ClientAuth.check` (a digest, never the key). Only keys that
   * matched a configured key get here, so the map is bounded by the configured keys.
   */
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  /**
   * @example
   * const limit = new ClientRateLimit({ requestsPerMinute: 60, clock: systemClock });
   * limit.take(auth.check(request.headers)); // throws a 429 with Retry-After once the key is over
   */
  constructor(private readonly options: { requestsPerMinute: number; clock: Clock }) {
    this.perMs = options.requestsPerMinute / 60_000;
  }

  /** Spends one request of `client`'s allowance, or throws a 429 `HttpError` saying when to retry. */
  take(client: string): void {
    const now = this.options.clock.now();
    const capacity = this.options.requestsPerMinute;
    const bucket = this.buckets.get(client) ?? { tokens: capacity, at: now };
    const tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    if (tokens >= 1) {
      this.buckets.set(client, { tokens: tokens - 1, at: now });
      return;
    }
    this.buckets.set(client, { tokens, at: now });
    const seconds = Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
    throw new HttpError({
      status: 429,
      type: 'rate_limit_error',
      code: 'client_rate_limit_exceeded',
      message: `This API key is limited to ${capacity} requests per minute; retry in ${seconds}s.`,
      headers: { 'retry-after': String(seconds) },
    });
  }
}
