import type { Dispatcher } from 'undici';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGoogle, startFakeGoogle } from '../../test/fakes/fake-google.js';
import { googleError, hang } from '../../test/fakes/google-answers.js';
import { createServiceAccountKey, type TestServiceAccount } from '../../test/fakes/service-account-key.js';
import { createTestClock, type TestClock } from '../../test/fakes/test-clock.js';
import { failureOf } from '../../test/fakes/upstream-assertions.js';
import { createDispatcher } from '../upstream/http-client.js';
import type { ServiceAccountKey } from './account.js';
import { fetchServiceAccountToken } from './fetch-service-account-token.js';

describe('fetchServiceAccountToken', () => {
  let serviceAccount: TestServiceAccount;
  let impostor: TestServiceAccount;
  let google: FakeGoogle;
  let clock: TestClock;
  let dispatcher: Dispatcher;

  beforeAll(() => {
    serviceAccount = createServiceAccountKey({ name: 'vertex-a' });
    impostor = createServiceAccountKey({ name: 'vertex-a' });
  });

  beforeEach(async () => {
    clock = createTestClock();
    google = await startFakeGoogle({ clock });
    google.addServiceAccount(serviceAccount.key.client_email, serviceAccount.publicKey, {
      accessTokenPrefix: 'ya29.sa',
    });
    dispatcher = createDispatcher({});
  });

  afterEach(async () => {
    await dispatcher.close();
    await google.close();
  });

  function fetchToken(key: ServiceAccountKey = serviceAccount.key, timeoutMs = 5_000) {
    return fetchServiceAccountToken({
      accountId: 'vertex-a',
      key,
      tokenUrl: google.tokenUrl,
      dispatcher,
      clock,
      timeoutMs,
    });
  }

  it('trades a JWT signed by the key for an access token, expiring by the injected clock', async () => {
    // Act
    const credentials = await fetchToken();

    // Assess
    expect(credentials).toStrictEqual({
      access_token: 'ya29.sa-1',
      expiry_date: clock.now() + 3_599_000,
      token_type: 'Bearer',
    });
    expect(google.tokenCalls).toStrictEqual([
      {
        grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        refreshToken: null,
        clientId: null,
        issuer: serviceAccount.key.client_email,
      },
    ]);
  });

  it('reports a deleted key or disabled account (invalid_grant) as credentials_revoked, without the key', async () => {
    // Prepare
    google.revokeServiceAccount(serviceAccount.key.client_email);

    // Act
    const error = await failureOf(fetchToken());

    // Assess
    expect([error.failure, error.reason, error.status]).toStrictEqual([
      'credentials_revoked',
      'invalid_grant',
      400,
    ]);
    expect(error.message).toStrictEqual(
      'Service-account token for account vertex-a failed: Google refused the service account key (invalid_grant): the key was deleted or the service account disabled; add a new key',
    );
    expect(`${error.message} ${String(error.cause)}`).not.toContain('PRIVATE KEY');
  });

  it('reports a key Google does not know for the account as credentials_revoked', async () => {
    // Act
    const error = await failureOf(fetchToken(impostor.key));

    // Assess
    expect([error.failure, error.reason]).toStrictEqual(['credentials_revoked', 'invalid_grant']);
  });

  it('refuses a private key that is not PEM without calling Google, and never quotes it', async () => {
    // Prepare
    const broken = { ...serviceAccount.key, private_key: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-not-pem' };

    // Act
    const error = await failureOf(fetchToken(broken));

    // Assess
    expect(error.failure).toStrictEqual('credentials_revoked');
    expect(error.message).toContain('serviceAccount.private_key is not a PEM private key');
    expect(error.message).not.toContain('MIIEvQ');
    expect(google.tokenCalls).toStrictEqual([]);
  });

  it('maps a 5xx from the token endpoint to server_error, without retrying it', async () => {
    // Prepare
    google.enqueueTokenAnswer(googleError(503, { message: 'Backend unavailable', status: 'UNAVAILABLE' }));

    // Act
    const error = await failureOf(fetchToken());

    // Assess
    expect([error.failure, error.status, google.tokenCalls.length]).toStrictEqual(['server_error', 503, 1]);
  });

  it('times out a token endpoint that never answers', async () => {
    // Prepare
    google.enqueueTokenAnswer(hang());

    // Act
    const error = await failureOf(fetchToken(serviceAccount.key, 100));

    // Assess
    expect(error.failure).toStrictEqual('timeout');
  });
});
