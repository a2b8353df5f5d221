/**
 * One place accounts live, as the wizard and `npm run status` see it: account documents (local files
 * or Secrets Manager secrets), the pool table that knows their health, and the client keys. Local and
 * AWS implementations share every flow above them.
 */
import type {
  Account,
  AccountDocument,
  BackendKind,
  OAuthCredentials,
} from '../../lambda/credentials/account.js';
import type { ClientKeyStore } from './client-key-store.js';
import type { PoolAccess } from './pool-access.js';
import type { TargetKind } from './target-options.js';

/** What listing an account shows without reading its credentials. */
export interface AccountSummary {
  id: string;
  backend: BackendKind;
  /** Access-token expiry (epoch ms): from the account file locally, from the gateway's token row on AWS. */
  tokenExpiresAt?: number;
}

/** A document ready to be stored: id and backend fixed. */
export type NewAccountDocument = AccountDocument & { id: string; backend: BackendKind };

export interface AccountTarget {
  readonly kind: TargetKind;
  /** For headings, e.g. "local: accounts in ./accounts, pool state in ./.gateway-state". */
  readonly description: string;
  /** Where one account's document lives, for messages (never its content). */
  locate(accountId: string): string;
  listAccounts(): Promise<AccountSummary[]>;
  /** @throws SetupError when there is no such account. */
  readAccount(accountId: string): Promise<Account>;
  /** Stores a new account (and registers it in the pool on AWS). @throws SetupError when the id is taken. */
  createAccount(document: NewAccountDocument): Promise<void>;
  /** Replaces the account's OAuth credentials, every other field kept. */
  saveCredentials(accountId: string, credentials: OAuthCredentials): Promise<void>;
  /** Deletes the account's document and its pool rows. */
  removeAccount(accountId: string): Promise<void>;
  /** Runs `use` with the pool table open (locally the state is held only that long). */
  withPool<T>(use: (pool: PoolAccess) => Promise<T>): Promise<T>;
  readonly clientKeys: ClientKeyStore;
  close(): Promise<void>;
}
