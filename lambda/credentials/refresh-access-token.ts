/**
 * One OAuth refresh-token grant through google-auth-library's `OAuth2Client`, with the token endpoint
 * from configuration (`endpoints.oauth2TokenUrl`) and the gateway's own undici dispatcher (proxy,
 * keep-alive) as its transport. Google's answers become `UpstreamError`s the pool acts on:
 * `invalid_grant` → credentials_revoked (disable the account), unreachable → network, 5xx → server_error.
 * https://developers.google.com/identity/protocols/oauth2/native-app#offline
 */
import type { Dispatcher } from 'undici';
import type { Clock } from '../core/ports.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import type { OAuthClient, OAuthCredentials } from './account.js';
import { createTokenTransporter, loadGoogleAuthLibrary, toTokenEndpointError } from './token-endpoint.js';

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
  // Imported here, on the first refresh (token-endpoint.ts says why).
  const { OAuth2Client } = await loadGoogleAuthLibrary();
  const client = new OAuth2Client({
    clientId: input.oauthClient.clientId,
    clientSecret: input.oauthClient.clientSecret,
    endpoints: { oauth2TokenUrl: input.tokenUrl },
    transporter: await createTokenTransporter(input),
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
    throw toTokenEndpointError({
      error,
      action: `Token refresh for account ${input.accountId}`,
      tokenUrl: input.tokenUrl,
      hints: {
        invalidGrant: 'the refresh token has expired or been revoked (invalid_grant); add the account again',
        invalidClient:
          "check OAUTH_CLIENT_ID / OAUTH_CLIENT_SECRET or the account's oauthClient, which must be the client the account was authorised with",
      },
    });
  }
}
