/**
 * The shared pool state (DESIGN.md §5): per (account, model) counts and freezes, per account the
 * enabled switch and, for accounts in the registry, where their credentials live. The same shapes are
 * read from the store, held in each process's view and written back.
 */
import type { BackendKind } from '../credentials/account.js';
import type { UpstreamFailure } from '../upstream/upstream-error.js';

/** What the pool knows about one account serving one model. */
export interface ModelState {
  accountId: string;
  model: string;
  /** Landmark of the forward-decay sums below (epoch ms); see forward-decay.ts. */
  epoch: number;
  /** Forward-decay sum of successes against `epoch`, not a count: read it with `decayedCounts`. */
  successes: number;
  /** Forward-decay sum of failures against `epoch`. */
  failures: number;
  /** Epoch ms before which the account is not used for this model; 0 when never frozen. */
  frozenUntil: number;
  consecutiveFailures: number;
  /** The class of the last failure and when it happened; no message, which may quote Google. */
  lastFailure?: { failure: string; at: number };
  /** Bumped by every write, so a rebase (which rewrites the sums) can be conditioned on it. */
  version: number;
}

/** Where a registered account's document lives, e.g. a Secrets Manager secret name; never the document. */
export interface Registration {
  backend: BackendKind;
  credentialsRef: string;
  registeredAt: number;
}

/** Account-wide state: a disabled account serves no model until it is enabled again. */
export interface AccountState {
  accountId: string;
  enabled: boolean;
  disabledReason?: string;
  disabledAt?: number;
  /**
   * A digest of the credentials the pool saw refused (fingerprint-credentials.ts), absent when the
   * account was disabled by hand: the local gateway enables the account again once its file differs.
   */
  credentialsFingerprint?: string;
  /** Present for accounts added to the registry (AWS); absent for accounts only known from files. */
  registration?: Registration;
}

export interface RegisteredAccount extends AccountState {
  registration: Registration;
}

export interface PoolSnapshot {
  accounts: AccountState[];
  models: ModelState[];
}

/**
 * One outcome on one (account, model). A failure may carry the freeze the policy decided. A success
 * may stand for `count` successes written at once (coalesce-successes.ts); the default is one.
 */
export type RecordedOutcome =
  | { ok: true; count?: number }
  | { ok: false; failure: UpstreamFailure; frozenUntil?: number };

/** The key of an (account, model) pair in maps; NUL cannot occur in either part. */
export function modelStateKey({ accountId, model }: { accountId: string; model: string }): string {
  return `${accountId}\u0000${model}`;
}
