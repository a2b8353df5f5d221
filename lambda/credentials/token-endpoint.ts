/**
 * What every call to Google's OAuth token endpoint shares, whichever grant it carries (a refresh token,
 * or a service account's signed JWT): google-auth-library's gaxios transport bound to the gateway's
 * undici dispatcher (proxy, keep-alive) and to GOOGLE_OAUTH_TOKEN_URL, and the mapping of the
 * endpoint's answers to `UpstreamError`s the pool acts on.
 *
 * google-auth-library (with gaxios, jws and the rest of its tree) and undici's fetch are imported on
 * the first token call, not at start: a pool of API-key accounts never calls the token endpoint, and on
 * AWS the refresher keeps access tokens fresh, so a gateway seldom does. Imported at start, they held
 * a few MB in every process for nothing and added to the Lambda function's init.
 * https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code
 */
import type { gaxios } from 'google-auth-library';
import type { Dispatcher } from 'undici';
import type { Clock } from '../core/ports.js';
import { UpstreamError } from '../upstream/upstream-error.js';

type GoogleAuthLibrary = typeof import('google-auth-library');

let library: GoogleAuthLibrary | undefined;

/** google-auth-library, imported on its first use (the header says why). */
export async function loadGoogleAuthLibrary(): Promise<GoogleAuthLibrary> {
  library ??= await import('google-auth-library');
  return library;
}

export interface TokenTransporterInput {
  /** GOOGLE_OAUTH_TOKEN_URL: every call of this transporter goes there. */
  tokenUrl: string;
  dispatcher: Dispatcher;
  clock: Clock;
  timeoutMs: number;
}

/**
 * A gaxios transport for token calls only. It sends them to `tokenUrl` (the library's service-account
 * path posts to Google's fixed URL, whatever the client's `endpoints` say), never retries (the pool
 * fails over instead), and stamps `expiry_date` from `expires_in` by the injected clock.
 */
export async function createTokenTransporter(input: TokenTransporterInput): Promise<gaxios.Gaxios> {
  const { tokenUrl, dispatcher, clock, timeoutMs } = input;
  const { gaxios } = await loadGoogleAuthLibrary();
  // From its own file, as http-client.ts loads undici's agents (it says why).
  const { fetch: undiciFetch } = await import('undici/lib/web/fetch/index.js');
  const transporter = new gaxios.Gaxios({
    timeout: timeoutMs,
    fetchImplementation: ((url: string | URL, init?: object) =>
      undiciFetch(url, { ...init, dispatcher } as Parameters<
        typeof undiciFetch
      >[1])) as unknown as typeof fetch,
  });
  transporter.interceptors.request.add({
    resolved: async (options) => ({
      ...options,
      url: new URL(tokenUrl),
      retryConfig: { ...options.retryConfig, retry: 0 },
    }),
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

export interface ToTokenEndpointErrorInput {
  error: unknown;
  /** What was attempted, for the message, e.g. "Token refresh for account acct-a". */
  action: string;
  tokenUrl: string;
  /** What the operator should know about `invalid_grant` and `invalid_client` for this grant. */
  hints: { invalidGrant: string; invalidClient: string };
}

/**
 * Never carries Google's raw error: its request config holds the refresh token, client secret or
 * signed assertion. `invalid_grant` and a rejected client disable the account (credentials_revoked);
 * unreachable → network / timeout; 429 → rate_limited; 5xx → server_error.
 */
export function toTokenEndpointError(input: ToTokenEndpointErrorInput): UpstreamError {
  const { error, action, tokenUrl, hints } = input;
  if (error instanceof UpstreamError) return error;
  // Until a call has gone through the library, nothing can be one of its errors.
  const response = library && error instanceof library.gaxios.GaxiosError ? error.response : undefined;
  if (!response) {
    const timedOut = isTimeout(error);
    return new UpstreamError({
      failure: timedOut ? 'timeout' : 'network',
      message: `${action} failed: ${timedOut ? 'no answer in time from' : 'could not reach'} ${new URL(tokenUrl).host}`,
    });
  }
  const status = response.status;
  const code = readOAuthErrorCode(response.data);
  if (code === 'invalid_grant') {
    return new UpstreamError({
      failure: 'credentials_revoked',
      status,
      reason: code,
      message: `${action} failed: ${hints.invalidGrant}`,
    });
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new UpstreamError({
      failure: 'credentials_revoked',
      status,
      reason: code,
      message: `${action} failed: Google rejected the OAuth client (${code}); ${hints.invalidClient}`,
    });
  }
  return new UpstreamError({
    failure: status === 429 ? 'rate_limited' : status >= 500 ? 'server_error' : 'unauthorized',
    status,
    reason: code,
    message: `${action} failed: the token endpoint answered ${status}${code ? ` ${code}` : ''}`,
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
