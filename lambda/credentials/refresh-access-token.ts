/**
 * One OAuth refresh-token grant through google-auth-library's `OAuth2Client`, with the token endpoint
 * from configuration (`endpoints.oauth2TokenUrl`) and the gateway's own undici dispatcher (proxy,
 * keep-alive) as its transport. Google's answers become `UpstreamError`s the pool acts on:
 * `invalid_grant` → credentials_revoked (disable the account), unreachable → network, 5xx → server_error.
 * https://developers.google.com/identity/protocols/oauth2/native-app#offline
 */
import { gaxios, OAuth2Client } from 'google-auth-library';
import { type Dispatcher, fetch as undiciFetch } from 'undici';
import type { Clock } from '../core/ports.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import type { OAuthClient, OAuthCredentials } from './account.js';

export interface RefreshAccessTokenInput {
  /** Only for messages. */
  accountId: string;
  refreshToken: string;
  oauthClient: OAuthClient;
  tokenUrl: string;
  dispatcher: Dispatcher;
  clock: Clock;
  timeoutMs: number;
}

export type FreshCredentials = OAuthCredentials & { access_token: string };

/** Fresh credentials: `access_token`, `expiry_date` (by the injected clock), `token_type`, `scope`, `refresh_token`. */
export async function refreshAccessToken(input: RefreshAccessTokenInput): Promise<FreshCredentials> {
  const client = new OAuth2Client({
    clientId: input.oauthClient.clientId,
    clientSecret: input.oauthClient.clientSecret,
    endpoints: { oauth2TokenUrl: input.tokenUrl },
    transporter: createTransporter(input),
  });
  client.setCredentials({ refresh_token: input.refreshToken });
  try {
    const { credentials } = await client.refreshAccessToken();
    if (!credentials.access_token) {
      throw new UpstreamError({
        failure: 'malformed_response',
        message: 'Google’s token endpoint sent no access token',
      });
    }
    return {
      access_token: credentials.access_token,
      refresh_token: credentials.refresh_token ?? input.refreshToken,
      ...(typeof credentials.expiry_date === 'number' ? { expiry_date: credentials.expiry_date } : {}),
      ...(credentials.token_type ? { token_type: credentials.token_type } : {}),
      ...(credentials.scope ? { scope: credentials.scope } : {}),
    };
  } catch (error) {
    throw toRefreshError({ error, accountId: input.accountId, tokenUrl: input.tokenUrl });
  }
}

function createTransporter(input: RefreshAccessTokenInput): gaxios.Gaxios {
  const { dispatcher, clock, timeoutMs } = input;
  const transporter = new gaxios.Gaxios({
    timeout: timeoutMs,
    fetchImplementation: ((url: string | URL, init?: object) =>
      undiciFetch(url, { ...init, dispatcher } as Parameters<
        typeof undiciFetch
      >[1])) as unknown as typeof fetch,
  });
  transporter.interceptors.request.add({
    // The library retries token calls with real-time backoff; the pool fails over instead.
    resolved: async (options) => ({ ...options, retryConfig: { ...options.retryConfig, retry: 0 } }),
  });
  transporter.interceptors.response.add({
    // The library stamps `expiry_date` from `Date`; stamping it here from `expires_in` keeps every
    // expiry decision on the injected clock. Without `expires_in` the library leaves ours alone.
    resolved: async (response) => {
      const data = response.data as { expires_in?: unknown; expiry_date?: number } | undefined;
      if (data && typeof data.expires_in === 'number') {
        data.expiry_date = clock.now() + data.expires_in * 1000;
        delete data.expires_in;
      }
      return response;
    },
  });
  return transporter;
}

/** Never carries Google's raw error (its request config holds the refresh token and client secret). */
function toRefreshError(input: { error: unknown; accountId: string; tokenUrl: string }): UpstreamError {
  const { error, accountId, tokenUrl } = input;
  if (error instanceof UpstreamError) return error;
  const prefix = `Token refresh for account ${accountId}`;
  const response = error instanceof gaxios.GaxiosError ? error.response : undefined;
  if (!response) {
    const timedOut = isTimeout(error);
    return new UpstreamError({
      failure: timedOut ? 'timeout' : 'network',
      message: `${prefix} failed: ${timedOut ? 'no answer in time from' : 'could not reach'} ${new URL(tokenUrl).host}`,
    });
  }
  const status = response.status;
  const code = readOAuthErrorCode(response.data);
  if (code === 'invalid_grant') {
    return new UpstreamError({
      failure: 'credentials_revoked',
      status,
      reason: code,
      message: `${prefix} failed: the refresh token has expired or been revoked (invalid_grant); add the account again`,
    });
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new UpstreamError({
      failure: 'credentials_revoked',
      status,
      reason: code,
      message: `${prefix} failed: Google rejected the OAuth client (${code}); check OAUTH_CLIENT_ID / OAUTH_CLIENT_SECRET or the account's oauthClient, which must be the client the account was authorised with`,
    });
  }
  return new UpstreamError({
    failure: status === 429 ? 'rate_limited' : status >= 500 ? 'server_error' : 'unauthorized',
    status,
    reason: code,
    message: `${prefix} failed: the token endpoint answered ${status}${code ? ` ${code}` : ''}`,
  });
}

function readOAuthErrorCode(data: unknown): string | undefined {
  const code = (data as { error?: unknown } | undefined)?.error;
  return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : undefined;
}

function isTimeout(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (current.name === 'TimeoutError' || code === 'TimeoutError') return true;
  }
  return false;
}
