/**
 * Trades an authorization code (and the PKCE verifier that goes with it) for tokens, through
 * google-auth-library's `OAuth2Client.getToken` on the gateway's own token transport (configured
 * token URL, proxy, injected clock for `expiry_date`). Errors never carry Google's raw answer: its
 * request config holds the client secret and the code.
 * https://developers.google.com/identity/protocols/oauth2/native-app#exchange-authorization-code
 */
import { type Credentials, OAuth2Client } from 'google-auth-library';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../lambda/core/ports.js';
import type { OAuthClient, OAuthCredentials } from '../../lambda/credentials/account.js';
import { createTokenTransporter, toTokenEndpointError } from '../../lambda/credentials/token-endpoint.js';
import { SetupError } from './setup-error.js';

export interface ExchangeAuthorizationCodeInput {
  code: string;
  codeVerifier: string;
  /** Must be the redirect URI the consent screen was opened with. */
  redirectUri: string;
  oauthClient: OAuthClient;
  tokenUrl: string;
  dispatcher: Dispatcher;
  clock: Clock;
}

export type SignedInCredentials = OAuthCredentials & { refresh_token: string; access_token: string };

/**
 * @example
 * const credentials = await exchangeAuthorizationCode({ code, codeVerifier, redirectUri, oauthClient, tokenUrl, dispatcher, clock });
 * @throws SetupError when Google refuses the code or the client, or sends no refresh token.
 */
export async function exchangeAuthorizationCode(
  input: ExchangeAuthorizationCodeInput,
): Promise<SignedInCredentials> {
  const { oauthClient, tokenUrl } = input;
  const client = new OAuth2Client({
    clientId: oauthClient.clientId,
    clientSecret: oauthClient.clientSecret,
    endpoints: { oauth2TokenUrl: tokenUrl },
    transporter: await createTokenTransporter({ ...input, timeoutMs: 30_000 }),
  });
  let tokens: Credentials;
  try {
    ({ tokens } = await client.getToken({
      code: input.code,
      codeVerifier: input.codeVerifier,
      redirect_uri: input.redirectUri,
    }));
  } catch (error) {
    const failure = toTokenEndpointError({
      error,
      action: 'Exchanging the authorization code',
      tokenUrl,
      hints: {
        invalidGrant:
          'Google refused the code (invalid_grant): it was already used, expired, or came from another sign-in; start again',
        invalidClient: 'check OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET (a "Desktop app" client of your own)',
      },
    });
    throw new SetupError(failure.message);
  }
  if (!tokens.access_token || !tokens.refresh_token) {
    throw new SetupError(
      'Google sent no refresh token: remove this app at https://myaccount.google.com/permissions and sign in again',
    );
  }
  return {
    refresh_token: tokens.refresh_token,
    access_token: tokens.access_token,
    ...(typeof tokens.expiry_date === 'number' ? { expiry_date: tokens.expiry_date } : {}),
    token_type: tokens.token_type ?? 'Bearer',
    ...(tokens.scope ? { scope: tokens.scope } : {}),
  };
}
