/**
 * One run of the token refresher: every enabled OAuth account whose access token expires within the
 * window gets a new one now, so the gateway seldom refreshes on a request's time. Each refresh runs
 * under the account's lease on its token row (no two refreshers refresh one account at once), and
 * checks the row again once it holds the lease: the previous holder may have just refreshed it. An
 * account whose refresh token Google refuses (invalid_grant, or a rejected OAuth client) is disabled
 * for every model, as the pool would on a request, until the setup script adds it again.
 *
 * No rebase of the pool's decay counters happens here: the pool store rebases a row lazily, on the
 * write that finds it too old (forward-decay.ts `shouldRebase`, dynamodb-pool-store.ts).
 */
import type { Dispatcher } from 'undici';
import type { Metrics } from '../core/metrics.js';
import type { Clock, Logger } from '../core/ports.js';
import type { Account } from '../credentials/account.js';
import type { AwsAccountStore } from '../credentials/aws-account-store.js';
import { refreshAccessToken } from '../credentials/refresh-access-token.js';
import type { StoredToken, TokenRows } from '../credentials/token-rows.js';
import { fingerprintCredentials } from '../pool/fingerprint-credentials.js';
import type { RegisteredAccount } from '../pool/pool-state.js';
import { listRegisteredAccounts, type PoolStore } from '../pool/pool-store.js';
import { UpstreamError } from '../upstream/upstream-error.js';

export interface RefreshExpiringTokensInput {
  poolStore: PoolStore;
  tokens: TokenRows;
  accounts: Pick<AwsAccountStore, 'readAccount' | 'saveCredentials'>;
  tokenUrl: string;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Tokens that expire sooner than this from now are refreshed. */
  windowMs: number;
  /** Who holds the leases this run takes (the invocation's request id). */
  owner: string;
  /** How long a lease holds if its run dies before giving it back (default 1 minute). */
  leaseMs?: number;
  /** Bound on one call to Google's token endpoint (default 15 s). */
  refreshTimeoutMs?: number;
  /** Refreshes running side by side (default 8). */
  concurrency?: number;
}

export type AccountResult =
  /** A new access token is on the account's row. */
  | 'refreshed'
  /** Its token is good beyond the window (perhaps another run just refreshed it). */
  | 'fresh'
  /** Another run holds its lease. */
  | 'leased'
  /** Not an account with a refresh token: an API key, or a service-account key (minted on demand). */
  | 'not-refreshable'
  /** Google refused its refresh token: it is out of the pool now. */
  | 'disabled'
  /** Anything else went wrong (logged); the next run tries again. */
  | 'failed';

export interface RefreshReport {
  /** Account id → what this run did with it, for every enabled account. */
  results: Record<string, AccountResult>;
  /** Registered accounts disabled after this run. */
  deadAccounts: number;
}

/**
 * @example
 * const report = await refreshExpiringTokens({ ...dependencies, windowMs: 15 * 60_000, owner: context.awsRequestId });
 * // { results: { 'acct-a': 'refreshed', 'acct-b': 'fresh' }, deadAccounts: 0 }
 */
export async function refreshExpiringTokens(input: RefreshExpiringTokensInput): Promise<RefreshReport> {
  const { poolStore, tokens, metrics, concurrency = 8 } = input;
  const [registered, stored] = await Promise.all([listRegisteredAccounts(poolStore), tokens.readAll()]);
  const enabled = registered.filter((account) => account.enabled);
  const queue = [...enabled];
  const results: Record<string, AccountResult> = {};
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      results[next.accountId] = await refreshAccount({
        input,
        registered: next,
        stored: stored.get(next.accountId),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));

  const outcomes = Object.entries(results);
  const disabledNow = outcomes.filter(([, result]) => result === 'disabled').length;
  const deadAccounts = registered.length - enabled.length + disabledNow;
  // Every run reports both counts and the gauge, zero included: the alarms read a missing value as "no run".
  for (const [name, result] of [
    ['TokenRefreshes', 'refreshed'],
    ['TokenRefreshFailures', 'failed'],
  ] as const) {
    metrics.count(name, undefined, 0);
    for (const [accountId, outcome] of outcomes) if (outcome === result) metrics.count(name, { accountId });
  }
  metrics.observe('DeadAccounts', deadAccounts);
  return { results, deadAccounts };
}

async function refreshAccount({
  input,
  registered,
  stored,
}: {
  input: RefreshExpiringTokensInput;
  registered: RegisteredAccount;
  stored: StoredToken | undefined;
}): Promise<AccountResult> {
  const { accountId } = registered;
  const { tokens, clock, logger, owner } = input;
  const expiresLater = (expiryDate: number | undefined) =>
    expiryDate !== undefined && expiryDate - input.windowMs > clock.now();
  if (registered.registration.backend === 'gemini-api' || expiresLater(stored?.expiryDate)) {
    return registered.registration.backend === 'gemini-api' ? 'not-refreshable' : 'fresh';
  }
  const account = await input.accounts.readAccount(registered, stored);
  if (!account) return 'failed';
  if (account.backend === 'gemini-api' || account.serviceAccount) return 'not-refreshable';
  if (account.credentials?.access_token && expiresLater(account.credentials.expiry_date)) return 'fresh';
  const lease = await tokens.acquireLease({
    accountId,
    owner,
    now: clock.now(),
    durationMs: input.leaseMs ?? 60_000,
  });
  if (!lease) return 'leased';
  try {
    if (lease.accessToken && expiresLater(lease.expiryDate)) return 'fresh';
    return await refreshUnderLease({ input, account });
  } finally {
    await tokens.releaseLease({ accountId, owner }).catch((error: unknown) =>
      logger.warn('Could not release a refresh lease; it runs out by itself', {
        accountId,
        error: messageOf(error),
      }),
    );
  }
}

async function refreshUnderLease({
  input,
  account,
}: {
  input: RefreshExpiringTokensInput;
  account: Account;
}): Promise<AccountResult> {
  const { clock, logger } = input;
  const accountId = account.id;
  const refreshToken = account.credentials?.refresh_token;
  if (!refreshToken || !account.oauthClient) {
    logger.error(
      `Account ${accountId} cannot be refreshed: its secret has no ${refreshToken ? '"oauthClient"' : 'refresh token'}; add it again with the setup script`,
      { accountId },
    );
    return 'failed';
  }
  try {
    const fresh = await refreshAccessToken({
      accountId,
      refreshToken,
      oauthClient: account.oauthClient,
      tokenUrl: input.tokenUrl,
      dispatcher: input.dispatcher,
      clock,
      timeoutMs: input.refreshTimeoutMs ?? 15_000,
    });
    await input.accounts.saveCredentials(accountId, { ...account.credentials, ...fresh });
    logger.info('Refreshed an access token', { accountId, expiresAt: fresh.expiry_date });
    return 'refreshed';
  } catch (error) {
    if (error instanceof UpstreamError && error.failure === 'credentials_revoked') {
      const reason = `credentials revoked (${error.message})`;
      await input.poolStore.disableAccount({
        accountId,
        reason,
        at: clock.now(),
        credentialsFingerprint: fingerprintCredentials(account),
      });
      logger.error(`account ${accountId} disabled: ${reason}`, { accountId });
      return 'disabled';
    }
    logger.warn('Token refresh failed', {
      accountId,
      failure: error instanceof UpstreamError ? error.failure : 'unexpected',
      error: messageOf(error),
    });
    return 'failed';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
