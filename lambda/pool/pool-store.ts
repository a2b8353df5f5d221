/**
 * The pool store port: where the shared pool state lives. On AWS and locally it is DynamoDB (one
 * partition per pool, read with one Query); tests and the routing simulator may use the memory store.
 * The state is advisory: callers log a store failure and carry on from their own view.
 */
import type { BackendKind } from '../credentials/account.js';
import type { ModelState, PoolSnapshot, RecordedOutcome, RegisteredAccount } from './pool-state.js';

export interface RecordOutcomeInput {
  accountId: string;
  model: string;
  /** When the outcome happened (epoch ms): its decay weight depends on it. */
  at: number;
  halfLifeMs: number;
  outcome: RecordedOutcome;
  /**
   * The row as this process last read it from the store, if any. With it the write lands first time
   * in the common case; when it is stale the store retries from the row it finds.
   */
  known?: ModelState;
}

export interface DisableAccountInput {
  accountId: string;
  /** What an operator reads, e.g. "credentials revoked (invalid_grant)"; never a secret. */
  reason: string;
  at: number;
  /** Set by the pool when Google refused the credentials: a digest of them (fingerprint-credentials.ts). */
  credentialsFingerprint?: string;
}

export interface RegisterAccountInput {
  accountId: string;
  backend: BackendKind;
  /** Where the account document lives (e.g. a Secrets Manager secret name); never the document itself. */
  credentialsRef: string;
  at: number;
}

export interface PoolStore {
  /** The whole pool: every account row and every (account, model) row. */
  readPool(): Promise<PoolSnapshot>;
  /**
   * Adds one outcome to an (account, model) row without losing concurrent writers' outcomes, extending
   * (never shortening) its freeze. Returns the row as stored.
   */
  recordOutcome(input: RecordOutcomeInput): Promise<ModelState>;
  /** Takes the account out of the pool for every model, with a reason an operator can act on. */
  disableAccount(input: DisableAccountInput): Promise<void>;
  /** Puts a disabled account back (after its credentials were re-added). */
  enableAccount(input: { accountId: string }): Promise<void>;
  /**
   * Adds an account to the registry, enabled. Resolves false when it is already registered: the
   * caller decides whether to `enableAccount` it (re-adding an account whose token was revoked).
   */
  registerAccount(input: RegisterAccountInput): Promise<boolean>;
}

/**
 * The registered accounts (AWS): where each one's credentials live and whether it is enabled.
 *
 * @example
 * for (const account of await listRegisteredAccounts(store)) console.log(account.accountId, account.enabled);
 */
export async function listRegisteredAccounts(store: PoolStore): Promise<RegisteredAccount[]> {
  const { accounts } = await store.readPool();
  return accounts.filter((account): account is RegisteredAccount => account.registration !== undefined);
}
