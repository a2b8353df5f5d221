/**
 * The account store on AWS (DESIGN.md §6): the accounts are the pool registry's enabled rows; each
 * one's document (DESIGN.md §3.3, with its refresh token) is the secret its row names, read through
 * the container's secret cache; its access token comes from the token row on the pool table, which is
 * where refreshed tokens go. A new secret version is written only when Google hands out a new refresh
 * token, which is rare: AWS advises against writing a secret more than every ten minutes.
 */
import type { Clock, Logger } from '../core/ports.js';
import type { RegisteredAccount } from '../pool/pool-state.js';
import type { PoolStore } from '../pool/pool-store.js';
import { listRegisteredAccounts } from '../pool/pool-store.js';
import { type Account, accountDocumentSchema, type OAuthCredentials, toAccount } from './account.js';
import type { AccountStore } from './account-store.js';
import type { SecretCache } from './secret-cache.js';
import type { StoredToken, TokenRows } from './token-rows.js';

export interface AwsAccountStoreOptions {
  /** The pool store, whose registry rows name the accounts and their secrets. */
  poolStore: PoolStore;
  tokens: TokenRows;
  secrets: SecretCache;
  /** ACCOUNT_SECRET_PREFIX: every account secret of this pool is named with it (and IAM allows no other). */
  secretPrefix: string;
  clock: Clock;
  logger: Logger;
  /** How long one reading of the registry and the token rows serves `list()` (default 5 s). */
  listCacheMs?: number;
}

export class AwsAccountStore implements AccountStore {
  /** Account id → its secret, as the registry last said. */
  private readonly secretIds = new Map<string, string>();
  private listed: { at: number; accounts: Account[] } | undefined;
  private listing: Promise<Account[]> | undefined;
  private readonly listCacheMs: number;

  /**
   * @example
   * const accounts = new AwsAccountStore({ poolStore, tokens, secrets, clock: systemClock, logger });
   * const pool = new AccountPool({ store: poolStore, listAccounts: () => accounts.list(), logger });
   */
  constructor(private readonly options: AwsAccountStoreOptions) {
    this.listCacheMs = options.listCacheMs ?? 5_000;
  }

  /**
   * The enabled registered accounts whose secret holds a valid document; the others are skipped and
   * logged. When the registry cannot be read, the last listing keeps serving (logged); with none, rejects.
   */
  list(): Promise<Account[]> {
    const { clock } = this.options;
    if (this.listed && clock.now() - this.listed.at < this.listCacheMs)
      return Promise.resolve(this.listed.accounts);
    this.listing ??= this.load().finally(() => {
      this.listing = undefined;
    });
    return this.listing;
  }

  /** One registered account from its secret, with the stored access token if that is the newer one. */
  async readAccount(registered: RegisteredAccount, token?: StoredToken): Promise<Account | undefined> {
    const { accountId, registration } = registered;
    const { logger } = this.options;
    if (!registration.credentialsRef.startsWith(this.options.secretPrefix)) {
      logger.warn('Skipping an account whose secret is outside this pool’s prefix', {
        accountId,
        secretId: registration.credentialsRef,
        secretPrefix: this.options.secretPrefix,
      });
      return undefined;
    }
    this.secretIds.set(accountId, registration.credentialsRef);
    let text: string;
    try {
      text = await this.options.secrets.get(registration.credentialsRef);
    } catch (error) {
      logger.warn('Skipping an account whose secret cannot be read', { accountId, error: messageOf(error) });
      return undefined;
    }
    const document = parseJson(text);
    const parsed = accountDocumentSchema.safeParse(document);
    if (!parsed.success) {
      // The parser's messages may quote the text, which holds secrets: name the fields only.
      logger.warn('Skipping an account whose secret is not a valid account document', {
        accountId,
        issues: document === undefined ? ['(not JSON)'] : parsed.error.issues.map(pathOf),
      });
      return undefined;
    }
    if (parsed.data.id !== undefined && parsed.data.id !== accountId) {
      logger.warn('The account document names another id; the registry’s id wins', {
        accountId,
        documentId: parsed.data.id,
      });
    }
    return withStoredToken({ ...toAccount(parsed.data, accountId), id: accountId }, token);
  }

  /**
   * The access token goes to the account's token row (kept if a later one is there already); the
   * refresh token goes to a new secret version only if it differs from the one in the secret.
   */
  async saveCredentials(accountId: string, credentials: OAuthCredentials): Promise<void> {
    const { access_token, expiry_date, refresh_token } = credentials;
    if (access_token && expiry_date !== undefined) {
      const stored = await this.options.tokens.save({
        accountId,
        accessToken: access_token,
        expiryDate: expiry_date,
        at: this.options.clock.now(),
      });
      if (!stored) this.options.logger.debug('A later access token was stored already', { accountId });
    }
    if (refresh_token) await this.saveRefreshToken(accountId, refresh_token);
  }

  private async load(): Promise<Account[]> {
    const { poolStore, tokens, clock, logger } = this.options;
    try {
      const [registered, stored] = await Promise.all([listRegisteredAccounts(poolStore), tokens.readAll()]);
      const enabled = registered.filter((account) => account.enabled);
      const accounts = await Promise.all(
        enabled.map((account) => this.readAccount(account, stored.get(account.accountId))),
      );
      const listed = { at: clock.now(), accounts: accounts.filter((account) => account !== undefined) };
      this.listed = listed;
      return listed.accounts;
    } catch (error) {
      if (!this.listed) throw error;
      logger.warn('Serving the last account listing: reading the registry failed', {
        error: messageOf(error),
      });
      return this.listed.accounts;
    }
  }

  private async saveRefreshToken(accountId: string, refreshToken: string): Promise<void> {
    const secretId = this.secretIds.get(accountId);
    if (secretId === undefined) throw new Error(`Account ${accountId} is not in the registry`);
    const { secrets, logger } = this.options;
    const document = parseJson(await secrets.get(secretId));
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new Error(
        `The secret of account ${accountId} is not a JSON object; its new refresh token was not stored`,
      );
    }
    const { credentials } = document as { credentials?: OAuthCredentials };
    if (credentials?.refresh_token === refreshToken) return;
    // A stale access token in the secret would only mislead: the token row is where access tokens live.
    const { access_token: _access, expiry_date: _expiry, ...kept } = credentials ?? {};
    const updated = { ...document, credentials: { ...kept, refresh_token: refreshToken } };
    await secrets.put(secretId, JSON.stringify(updated));
    logger.info('Google issued a new refresh token; stored it as a new secret version', { accountId });
  }
}

function withStoredToken(account: Account, token: StoredToken | undefined): Account {
  const credentials = account.credentials;
  if (!credentials || !token?.accessToken || token.expiryDate === undefined) return account;
  if ((credentials.expiry_date ?? Number.NEGATIVE_INFINITY) >= token.expiryDate) return account;
  return {
    ...account,
    credentials: { ...credentials, access_token: token.accessToken, expiry_date: token.expiryDate },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function pathOf(issue: { path: PropertyKey[] }): string {
  return issue.path.map(String).join('.') || '(root)';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
