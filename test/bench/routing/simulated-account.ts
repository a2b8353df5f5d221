/**
 * A Google account as the routing simulator sees it, with state the router cannot see: a success rate
 * that changes over time, a per-minute request limit and a daily quota. It answers each call the way
 * the upstream layer reports Google's answers: nothing (success) or a classified UpstreamError.
 */
import type { Random } from '../../../lambda/core/ports.js';
import { UpstreamError } from '../../../lambda/upstream/upstream-error.js';

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

export interface AccountProfile {
  id: string;
  /** The hidden success rate: each step applies from `fromMs` after the start until the next one. */
  successRate: ReadonlyArray<{ fromMs: number; rate: number }>;
  /** Requests accepted per clock minute; more get 429 RATE_LIMIT_EXCEEDED. */
  requestsPerMinute: number;
  /** Requests accepted per day; more get 429 QUOTA_EXHAUSTED until the day ends. */
  requestsPerDay: number;
  /** Share of rate-limit answers that carry Google's retry delay (the rest are bare 429s). */
  retryInfoShare: number;
}

export class SimulatedAccount {
  private minute = Number.NaN;
  private usedThisMinute = 0;
  private usedToday = 0;

  constructor(
    readonly profile: AccountProfile,
    private readonly random: Random,
    private readonly start: number,
  ) {}

  get id(): string {
    return this.profile.id;
  }

  successRateAt(now: number): number {
    let rate = 0;
    for (const step of this.profile.successRate) if (now - this.start >= step.fromMs) rate = step.rate;
    return rate;
  }

  /** Whether a call now would be refused for a limit (what only the oracle may ask). */
  isLimitedAt(now: number): boolean {
    if (this.usedToday >= this.profile.requestsPerDay) return true;
    return this.minuteOf(now) === this.minute && this.usedThisMinute >= this.profile.requestsPerMinute;
  }

  /** One upstream call: undefined when it served, else the classified failure. */
  call(now: number): UpstreamError | undefined {
    if (this.usedToday >= this.profile.requestsPerDay) {
      return new UpstreamError({
        failure: 'quota_exhausted',
        message: 'daily quota exhausted',
        status: 429,
        reason: 'QUOTA_EXHAUSTED',
        quotaId: 'GenerateRequestsPerDayPerProjectPerModel',
        resetAt: this.start + dayMs,
      });
    }
    const minute = this.minuteOf(now);
    if (minute !== this.minute) {
      this.minute = minute;
      this.usedThisMinute = 0;
    }
    if (this.usedThisMinute >= this.profile.requestsPerMinute) {
      const withDelay = this.random.next() < this.profile.retryInfoShare;
      return new UpstreamError({
        failure: 'rate_limited',
        message: 'rate limit exceeded',
        status: 429,
        reason: 'RATE_LIMIT_EXCEEDED',
        ...(withDelay ? { retryDelayMs: this.start + (minute + 1) * minuteMs - now } : {}),
      });
    }
    this.usedThisMinute += 1;
    this.usedToday += 1;
    if (this.random.next() < this.successRateAt(now)) return undefined;
    return new UpstreamError({ failure: 'server_error', message: 'internal error', status: 500 });
  }

  private minuteOf(now: number): number {
    return Math.floor((now - this.start) / minuteMs);
  }
}
