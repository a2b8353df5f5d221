/**
 * Access tokens for OAuth accounts (Code Assist, Vertex). The stored token is used while it stays
 * valid for more than a margin; otherwise the refresh token buys a new one, once per account however
 * many requests ask at the same moment. New credentials are kept in memory and persisted through the
 * account store. An account with a `serviceAccount` key (Vertex) mints its tokens from the key instead
 * (jwt-bearer grant); those live in memory only, since the key can mint another at any time and a
 * write per token would churn the account's file or secret. API-key accounts (Gemini API) never come
 * here: their backend authenticates with `account.apiKey` and the client skips the token step.
 */
import type { Dispatcher } from 'undici';
import type { Clock, Logger } from '../core/ports.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import type { Account, OAuthClient, OAuthCredentials, ServiceAccountKey } from './account.js';
import type { AccountStore } from './account-store.js';
import { fetchServiceAccountToken } from './fetch-service-account-token.js';
import { type FreshCredentials, refreshAccessToken } from './refresh-access-token.js';

export interface TokenProvider {
  /**
   * A bearer token for the account. `forceRefresh` skips the stored token (Google just refused it).
   * Rejects with `UpstreamError`: credentials_revoked (no refresh token, no OAuth client, invalid_grant,
   * an unusable service-account key), network / timeout / server_error when the token endpoint fails.
   */
  getAccessToken(account: Account, options?: { forceRefresh?: boolean }): Promise<string>;
}

export interface TokenProviderOptions {
  /** GOOGLE_OAUTH_TOKEN_URL. */
  tokenUrl: string;
  /** OAUTH_CLIENT_ID / OAUTH_CLIENT_SECRET, when the account has no `oauthClient` of its own. */
  oauthClient?: OAuthClient;
  store: Pick<AccountStore, 'saveCredentials'>;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  /** A token expiring sooner than this is refreshed first (default 5 minutes). */
  refreshMarginMs?: number;
  /** Bound on one token call (default 15 s). */
  refreshTimeoutMs?: number;
}

/**
 * @example
 * const tokens = createTokenProvider({ tokenUrl, oauthClient, store, dispatcher, clock: systemClock, logger });
 * const accessToken = await tokens.getAccessToken(account);
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { clock, logger, store } = options;
  const refreshMarginMs = options.refreshMarginMs ?? 5 * 60_000;
  const refreshTimeoutMs = options.refreshTimeoutMs ?? 15_000;
  const latest = new Map<string, OAuthCredentials>();
  /** Tokens minted from service-account keys, with the key that minted them. */
  const minted = new Map<string, { key: ServiceAccountKey; credentials: FreshCredentials }>();
  const refreshing = new Map<string, Promise<FreshCredentials>>();

  /** The newest credentials known for the account, unless its document now holds other credentials. */
  function currentCredentials(account: Account): OAuthCredentials | undefined {
    if (account.serviceAccount) {
      const entry = minted.get(account.id);
      return entry && isSameKey(entry.key, account.serviceAccount) ? entry.credentials : undefined;
    }
    const remembered = latest.get(account.id);
    const stored = account.credentials;
    return remembered && remembered.refresh_token === stored?.refresh_token ? remembered : stored;
  }

  function isFresh(
    credentials: OAuthCredentials | undefined,
  ): credentials is OAuthCredentials & { access_token: string } {
    return (
      Boolean(credentials?.access_token) &&
      credentials?.expiry_date !== undefined &&
      credentials.expiry_date - refreshMarginMs > clock.now()
    );
  }

  async function mint(account: Account, key: ServiceAccountKey): Promise<FreshCredentials> {
    const fresh = await fetchServiceAccountToken({
      accountId: account.id,
      key,
      tokenUrl: options.tokenUrl,
      dispatcher: options.dispatcher,
      clock,
      timeoutMs: refreshTimeoutMs,
    });
    minted.set(account.id, { key, credentials: fresh });
    logger.info('Minted an access token from a service-account key', {
      accountId: account.id,
      expiresAt: fresh.expiry_date,
    });
    return fresh;
  }

  async function refresh(
    account: Account,
    credentials: OAuthCredentials | undefined,
  ): Promise<FreshCredentials> {
    if (account.serviceAccount) return mint(account, account.serviceAccount);
    const refreshToken = credentials?.refresh_token;
    if (!refreshToken) {
      throw new UpstreamError({
        failure: 'credentials_revoked',
        message: `Account ${account.id} has no refresh token; add it again with the setup script`,
      });
    }
    const oauthClient = account.oauthClient ?? options.oauthClient;
    if (!oauthClient) {
      throw new UpstreamError({
        failure: 'credentials_revoked',
        message: `No OAuth client to refresh account ${account.id}: set OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET (or "oauthClient" in the account document)`,
      });
    }
    const fresh = await refreshAccessToken({
      accountId: account.id,
      refreshToken,
      oauthClient,
      tokenUrl: options.tokenUrl,
      dispatcher: options.dispatcher,
      clock,
      timeoutMs: refreshTimeoutMs,
    });
    const merged = { ...credentials, ...fresh };
    latest.set(account.id, merged);
    logger.info('Refreshed an access token', { accountId: account.id, expiresAt: merged.expiry_date });
    try {
      await store.saveCredentials(account.id, merged);
    } catch (error) {
      // The new token works from memory; the next refresh tries to persist again.
      logger.warn('Could not persist refreshed credentials', {
        accountId: account.id,
        error: error instanceof Error ? error.message : 'unknown error',
      });
    }
    return merged;
  }

  return {
    async getAccessToken(account, { forceRefresh = false } = {}) {
      const credentials = currentCredentials(account);
      if (!forceRefresh && isFresh(credentials)) return credentials.access_token;
      let pending = refreshing.get(account.id);
      if (!pending) {
        pending = refresh(account, credentials).finally(() => refreshing.delete(account.id));
        refreshing.set(account.id, pending);
        pending.catch((error: unknown) =>
          logger.warn('Access token refresh failed', {
            accountId: account.id,
            failure: error instanceof UpstreamError ? error.failure : 'unexpected',
          }),
        );
      }
      const refreshed = await pending;
      return refreshed.access_token;
    },
  };
}

function isSameKey(left: ServiceAccountKey, right: ServiceAccountKey): boolean {
  return left.client_email === right.client_email && left.private_key === right.private_key;
}
