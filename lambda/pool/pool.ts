/**
 * The pool port: which account serves a request, and what happened when it did. The router hands the
 * pool an `attempt` that opens the upstream stream and waits for its first good event; the pool runs
 * it on one account after another (failover) until one succeeds, the attempt budget or the deadline is
 * spent, or the client is at fault. Nothing reaches the client before `acquire` resolves, so failover
 * never duplicates text.
 */

import type { AbortSignalLike } from '../core/light-abort-controller.js';
import type { Account } from '../credentials/account.js';
import type { UpstreamError } from '../upstream/upstream-error.js';

export interface AttemptContext {
  account: Account;
  /** 1 for the first account tried, 2 for the first failover, ... */
  attempt: number;
  /** Aborts when the client goes away or the request deadline passes. */
  signal: AbortSignalLike;
}

export interface AcquireInput {
  /** The Gemini model the request is for (after alias resolution). */
  model: string;
  /**
   * Aborts when the client goes away or the request deadline passes (the router composes both); the
   * pool hands it to every attempt and stops waiting or failing over once it aborts.
   */
  signal: AbortSignalLike;
  /** Epoch ms after which no new attempt starts. */
  deadline: number;
}

export type Outcome = { ok: true } | { ok: false; error: UpstreamError };

export interface Lease<T> {
  value: T;
  account: Account;
  attempts: number;
  /**
   * Records how the request ended on this account (a stream can still fail after its first event).
   * Awaited before the response finishes; never throws: bookkeeping failures are logged, not surfaced.
   */
  settle(outcome: Outcome): Promise<void>;
}

export interface Pool {
  /**
   * Runs `attempt` on the best available account, failing over on retryable upstream errors.
   * Rejects with an `HttpError` when no account can serve (none configured: 503; all cooling down:
   * 429 with Retry-After) or with the last `UpstreamError` when the budget is spent or the client is
   * at fault.
   */
  acquire<T>(input: AcquireInput, attempt: (context: AttemptContext) => Promise<T>): Promise<Lease<T>>;
}
