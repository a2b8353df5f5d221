/**
 * One service-account token grant (Vertex): google-auth-library's `JWT` client signs an assertion with
 * the key's private key (RS256, scope cloud-platform) and trades it at the token endpoint for an access
 * token (grant type `urn:ietf:params:oauth:grant-type:jwt-bearer`). Same transport and error mapping as
 * the refresh-token grant (token-endpoint.ts). There is nothing to persist: a new token can be minted
 * from the key at any time.
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
import { createPrivateKey } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Clock } from '../core/ports.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import type { ServiceAccountKey } from './account.js';
import type { FreshCredentials } from './refresh-access-token.js';
import { createTokenTransporter, loadGoogleAuthLibrary, toTokenEndpointError } from './token-endpoint.js';

/** Vertex AI accepts the general Cloud scope (there is no narrower one for generateContent). */
const cloudPlatformScope = 'https://www.googleapis.com/auth/cloud-platform';

export interface FetchServiceAccountTokenInput {
  /** Only for messages. */
  accountId: string;
  key: ServiceAccountKey;
  tokenUrl: string;
  dispatcher: Dispatcher;
  clock: Clock;
  timeoutMs: number;
}

/**
 * Fresh credentials: `access_token`, `expiry_date` (by the injected clock), `token_type`. Rejects with
 * `UpstreamError`: credentials_revoked (unusable private key, invalid_grant: key deleted or account
 * disabled), network / timeout / server_error when the token endpoint fails.
 *
 * @example
 * const { access_token } = await fetchServiceAccountToken({ accountId, key: account.serviceAccount, tokenUrl, dispatcher, clock, timeoutMs: 15_000 });
 */
export async function fetchServiceAccountToken(
  input: FetchServiceAccountTokenInput,
): Promise<FreshCredentials> {
  const { accountId, key, tokenUrl } = input;
  const action = `Service-account token for account ${accountId}`;
  if (!isPrivateKey(key.private_key)) {
    // Checked here: the library would fail inside its request and look like a network error.
    throw new UpstreamError({
      failure: 'credentials_revoked',
      message: `${action} failed: serviceAccount.private_key is not a PEM private key; copy "private_key" from the JSON key file unchanged`,
    });
  }
  // Imported here, on the first token minted (token-endpoint.ts says why).
  const { JWT } = await loadGoogleAuthLibrary();
  const transporter = await createTokenTransporter(input);
  let answer: { access_token?: unknown; expiry_date?: unknown } | undefined;
  transporter.interceptors.response.add({
    // `JWT` reports the expiry by the system clock; the answer itself carries the injected clock's.
    resolved: async (response) => {
      answer = response.data as typeof answer;
      return response;
    },
  });
  const client = new JWT({
    email: key.client_email,
    key: key.private_key,
    scopes: [cloudPlatformScope],
    transporter,
  });
  try {
    await client.authorize();
  } catch (error) {
    throw toTokenEndpointError({
      error,
      action,
      tokenUrl,
      hints: {
        invalidGrant:
          'Google refused the service account key (invalid_grant): the key was deleted or the service account disabled; add a new key',
        invalidClient: 'the service account cannot use this grant; check the key file',
      },
    });
  }
  if (typeof answer?.access_token !== 'string' || answer.access_token === '') {
    throw new UpstreamError({
      failure: 'malformed_response',
      message: 'Google’s token endpoint sent no access token',
    });
  }
  return {
    access_token: answer.access_token,
    ...(typeof answer.expiry_date === 'number' ? { expiry_date: answer.expiry_date } : {}),
    token_type: 'Bearer',
  };
}

function isPrivateKey(pem: string): boolean {
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
}
