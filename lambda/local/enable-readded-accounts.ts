/**
 * Re-adding an account locally: an account the pool disabled because Google refused its credentials
 * (a revoked refresh token, a deleted key) comes back by itself once its file holds other credentials,
 * which is how an operator re-adds it here (signing in again with the setup script, or pasting a new
 * key). The pool keeps a fingerprint of the refused credentials with the disable
 * (fingerprint-credentials.ts); this wrapper compares it with the account's file whenever the pool
 * state is read, and enables the account in the store when they differ. An account disabled by hand
 * (no fingerprint) stays disabled, and so does one whose file still holds the refused credentials.
 *
 * Only `npm start` wraps its store with this: on AWS the setup script enables a re-added account.
 * It costs nothing while no account is disabled; otherwise one listing of the account files per read.
 */
import type { Logger } from '../core/ports.js';
import type { Account } from '../credentials/account.js';
import { fingerprintCredentials } from '../pool/fingerprint-credentials.js';
import type { AccountState, PoolSnapshot } from '../pool/pool-state.js';
import type { PoolStore } from '../pool/pool-store.js';

export interface EnableReaddedAccountsOptions {
  store: PoolStore;
  /** The account files as they are now. */
  listAccounts: () => Promise<Account[]>;
  logger: Logger;
}

/**
 * The store, whose `readPool` first enables every account re-added with new credentials.
 *
 * @example
 * const store = enableReaddedAccounts({ store: dynamoDbStore, listAccounts: () => files.list(), logger });
 * new AccountPool({ store, listAccounts: () => accounts.list(), logger });
 */
export function enableReaddedAccounts({
  store,
  listAccounts,
  logger,
}: EnableReaddedAccountsOptions): PoolStore {
  async function readPool(): Promise<PoolSnapshot> {
    const snapshot = await store.readPool();
    const refused = snapshot.accounts.filter(
      (account) => !account.enabled && account.credentialsFingerprint !== undefined,
    );
    if (refused.length === 0) return snapshot;
    const enabled = new Set<string>();
    try {
      const fingerprints = new Map(
        (await listAccounts()).map((account) => [account.id, fingerprintCredentials(account)]),
      );
      for (const { accountId, credentialsFingerprint } of refused) {
        const current = fingerprints.get(accountId);
        if (current === undefined || current === credentialsFingerprint) continue;
        await store.enableAccount({ accountId });
        enabled.add(accountId);
        logger.info(`account ${accountId} enabled again: new credentials`, { accountId });
      }
    } catch (error) {
      // The state was read; the accounts stay disabled until the next read tries again.
      logger.warn('Could not check disabled accounts for new credentials', {
        error: error instanceof Error ? error.message : 'unknown error',
      });
    }
    return {
      ...snapshot,
      accounts: snapshot.accounts.map((account) =>
        enabled.has(account.accountId) ? toEnabled(account) : account,
      ),
    };
  }

  return {
    readPool,
    recordOutcome: (input) => store.recordOutcome(input),
    disableAccount: (input) => store.disableAccount(input),
    enableAccount: (input) => store.enableAccount(input),
    registerAccount: (input) => store.registerAccount(input),
  };
}

/** The account as `enableAccount` leaves it: enabled, the disable's reason, time and fingerprint gone. */
function toEnabled({
  disabledReason: _reason,
  disabledAt: _at,
  credentialsFingerprint: _fingerprint,
  ...account
}: AccountState): AccountState {
  return { ...account, enabled: true };
}
