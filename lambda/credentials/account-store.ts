/**
 * Where account documents live: a local folder of JSON files (`local-account-store.ts`) or, on AWS,
 * Secrets Manager. The gateway lists the accounts and writes refreshed credentials back.
 */
import type { Account, OAuthCredentials } from './account.js';

export interface AccountStore {
  /** Every valid account; invalid documents are skipped and logged (names and issue paths only). */
  list(): Promise<Account[]>;
  /**
   * Persists refreshed credentials for one account, keeping every other field of its document.
   * An implementation may keep short-lived access tokens elsewhere (DESIGN.md §6), never in a log.
   */
  saveCredentials(accountId: string, credentials: OAuthCredentials): Promise<void>;
}
