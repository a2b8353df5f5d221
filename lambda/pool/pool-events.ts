/**
 * What the pool reports as it works, for metrics (attempts, failovers, freezes): a hook the caller may
 * give `AccountPool`. Reporting never changes a decision, and the hook must not throw.
 */
import type { UpstreamFailure } from '../upstream/upstream-error.js';

export type PoolEvent =
  /** An attempt starts on an account; `attempt` > 1 is a failover. */
  | { kind: 'attempt'; accountId: string; model: string; attempt: number }
  /** The account is frozen for the model after a failure. */
  | { kind: 'freeze'; accountId: string; model: string; failure: UpstreamFailure; frozenUntil: number }
  /** The account is out of the pool (its credentials are dead). */
  | { kind: 'disable'; accountId: string }
  /** Every account that serves the model is cooling down: the client gets a 429. */
  | { kind: 'all-frozen'; model: string };
