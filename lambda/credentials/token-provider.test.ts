import type { Dispatcher } from 'undici';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGoogle, fakeOAuthClient, startFakeGoogle } from '../../test/fakes/fake-google.js';
import { startFakeProxy } from '../../test/fakes/fake-proxy.js';
import { googleError, hang } from '../../test/fakes/google-answers.js';
import { createRecordingLogger, type RecordingLogger } from '../../test/fakes/recording-logger.js';
import { createServiceAccountKey, type TestServiceAccount } from '../../test/fakes/service-account-key.js';
import { createTestClock, type TestClock } from '../../test/fakes/test-clock.js';
import { createDispatcher } from '../upstream/http-client.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import type { Account, OAuthCredentials } from './account.js';
import { createTokenProvider, type TokenProviderOptions } from './token-provider.js';

const refreshToken = '1//refresh-token-a';

describe('token provider', () => {
  let google: FakeGoogle;
  let clock: TestClock;
  let logger: RecordingLogger;
  let dispatcher: Dispatcher;
  let saved: Array<{ accountId: string; credentials: OAuthCredentials }>;

  beforeEach(async () => {
    clock = createTestClock();
    google = await startFakeGoogle({ clock });
    google.addRefreshToken(refreshToken, { accessTokenPrefix: 'ya29.fresh' });
    logger = createRecordingLogger();
    dispatcher = createDispatcher({});
    saved = [];
  });

  afterEach(async () => {
    await dispatcher.close();
    await google.close();
  });

  function provider(overrides: Partial<TokenProviderOptions> = {}) {
    return createTokenProvider({
      tokenUrl: google.tokenUrl,
      oauthClient: fakeOAuthClient,
      store: {
        saveCredentials: async (accountId, credentials) => void saved.push({ accountId, credentials }),
      },
      dispatcher,
      clock,
      logger,
      ...overrides,
    });
  }

  function account(
    credentials: OAuthCredentials = { refresh_token: refreshToken },
    extra: Partial<Account> = {},
  ): Account {
    return { id: 'acct-a', backend: 'code-assist', credentials, ...extra };
  }

  it('uses the stored access token while it is valid for more than the margin', async () => {
    // Prepare
    const stored = account({
      refresh_token: refreshToken,
      access_token: 'ya29.stored',
      expiry_date: clock.now() + 6 * 60_000,
    });

    // Act
    const token = await provider().getAccessToken(stored);

    // Assess
    expect(token).toStrictEqual('ya29.stored');
    expect(google.tokenCalls).toStrictEqual([]);
  });

  it('refreshes a token inside the margin, stamps expiry by the injected clock and persists it', async () => {
    // Prepare
    const stale = account({
      refresh_token: refreshToken,
      access_token: 'ya29.stale',
      expiry_date: clock.now() + 4 * 60_000,
    });

    // Act
    const token = await provider().getAccessToken(stale);

    // Assess
    expect(token).toStrictEqual('ya29.fresh-1');
    expect(google.tokenCalls).toStrictEqual([
      { grantType: 'refresh_token', refreshToken, clientId: fakeOAuthClient.clientId },
    ]);
    expect(saved).toStrictEqual([
      {
        accountId: 'acct-a',
        credentials: {
          refresh_token: refreshToken,
          access_token: 'ya29.fresh-1',
          expiry_date: clock.now() + 3_599_000,
          token_type: 'Bearer',
          scope: expect.any(String),
        },
      },
    ]);
  });

  it('keeps the refreshed token in memory until it nears expiry', async () => {
    // Prepare
    const tokens = provider();
    const stale = account();
    await tokens.getAccessToken(stale);

    // Act
    const again = await tokens.getAccessToken(stale);
    clock.advance(3_599_000 - 5 * 60_000);
    const afterExpiry = await tokens.getAccessToken(stale);

    // Assess
    expect([again, afterExpiry]).toStrictEqual(['ya29.fresh-1', 'ya29.fresh-2']);
    expect(google.tokenCalls.length).toStrictEqual(2);
  });

  it('shares one refresh among ten concurrent callers', async () => {
    // Prepare
    const tokens = provider();

    // Act
    const results = await Promise.all(Array.from({ length: 10 }, () => tokens.getAccessToken(account())));

    // Assess
    expect(results).toStrictEqual(Array.from({ length: 10 }, () => 'ya29.fresh-1'));
    expect(google.tokenCalls.length).toStrictEqual(1);
    expect(saved.length).toStrictEqual(1);
  });

  it('refreshes a still-valid token when forced (Google refused it)', async () => {
    // Prepare
    const stored = account({
      refresh_token: refreshToken,
      access_token: 'ya29.refused',
      expiry_date: clock.now() + 3_600_000,
    });

    // Act
    const token = await provider().getAccessToken(stored, { forceRefresh: true });

    // Assess
    expect(token).toStrictEqual('ya29.fresh-1');
  });

  it('turns invalid_grant into credentials_revoked without leaking the refresh token or secret', async () => {
    // Prepare
    google.revokeRefreshToken(refreshToken);

    // Act
    const error = await provider()
      .getAccessToken(account())
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(UpstreamError);
    expect([(error as UpstreamError).failure, (error as UpstreamError).reason]).toStrictEqual([
      'credentials_revoked',
      'invalid_grant',
    ]);
    const visible = `${(error as UpstreamError).message} ${logger.text()} ${String((error as UpstreamError).cause)}`;
    expect(visible).not.toContain(refreshToken);
    expect(visible).not.toContain(fakeOAuthClient.clientSecret);
  });

  it('says to set OAUTH_CLIENT_ID/SECRET when there is no OAuth client', async () => {
    // Act
    const error = await provider({ oauthClient: undefined })
      .getAccessToken(account())
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as UpstreamError).failure).toStrictEqual('credentials_revoked');
    expect((error as UpstreamError).message).toContain('OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET');
    expect(google.tokenCalls).toStrictEqual([]);
  });

  it('prefers the account’s own OAuth client over the environment’s', async () => {
    // Prepare
    const tokens = provider({ oauthClient: { clientId: 'other-client', clientSecret: 'other-secret' } });

    // Act
    const token = await tokens.getAccessToken(account(undefined, { oauthClient: fakeOAuthClient }));

    // Assess
    expect(token).toStrictEqual('ya29.fresh-1');
  });

  it('reports a rejected OAuth client as credentials_revoked naming the settings', async () => {
    // Act
    const error = await provider({ oauthClient: { clientId: 'other-client', clientSecret: 'other-secret' } })
      .getAccessToken(account())
      .catch((caught: unknown) => caught);

    // Assess
    expect([(error as UpstreamError).failure, (error as UpstreamError).reason]).toStrictEqual([
      'credentials_revoked',
      'invalid_client',
    ]);
    expect((error as UpstreamError).message).not.toContain('other-secret');
  });

  it('rejects an account without a refresh token', async () => {
    // Act
    const error = await provider()
      .getAccessToken(account({ access_token: 'ya29.expired', expiry_date: clock.now() - 1 }))
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as UpstreamError).failure).toStrictEqual('credentials_revoked');
  });

  it('maps a 5xx from the token endpoint to server_error, without retrying it', async () => {
    // Prepare
    google.enqueueTokenAnswer(googleError(503, { message: 'Backend unavailable', status: 'UNAVAILABLE' }));

    // Act
    const error = await provider()
      .getAccessToken(account())
      .catch((caught: unknown) => caught);

    // Assess
    expect([(error as UpstreamError).failure, (error as UpstreamError).status]).toStrictEqual([
      'server_error',
      503,
    ]);
    expect(google.tokenCalls.length).toStrictEqual(1);
  });

  it('maps an unreachable token endpoint to network', async () => {
    // Prepare
    const tokenUrl = google.tokenUrl;
    await google.close();

    // Act
    const error = await provider({ tokenUrl })
      .getAccessToken(account())
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as UpstreamError).failure).toStrictEqual('network');
    google = await startFakeGoogle({ clock });
  });

  it('times out a token endpoint that never answers', async () => {
    // Prepare
    google.enqueueTokenAnswer(hang());

    // Act
    const error = await provider({ refreshTimeoutMs: 100 })
      .getAccessToken(account())
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as UpstreamError).failure).toStrictEqual('timeout');
  });

  it('still returns the new token when persisting it fails, and logs why', async () => {
    // Prepare
    const tokens = provider({
      store: {
        saveCredentials: async () => {
          throw new Error('disk full');
        },
      },
    });

    // Act
    const token = await tokens.getAccessToken(account());

    // Assess
    expect(token).toStrictEqual('ya29.fresh-1');
    expect(logger.entries.filter((entry) => entry.level === 'warn')).toStrictEqual([
      {
        level: 'warn',
        message: 'Could not persist refreshed credentials',
        fields: { accountId: 'acct-a', error: 'disk full' },
      },
    ]);
    expect(logger.text()).not.toContain('ya29.fresh-1');
  });

  it('refreshes through the configured proxy', async () => {
    // Prepare
    const proxy = await startFakeProxy();
    const proxied = createDispatcher({ proxyUrl: proxy.url });

    // Act
    const token = await provider({ dispatcher: proxied }).getAccessToken(account());

    // Assess
    expect(token).toStrictEqual('ya29.fresh-1');
    expect(proxy.tunnels).toStrictEqual([new URL(google.baseUrl).host]);
    await proxied.close();
    await proxy.close();
  });

  describe('service-account keys (Vertex)', () => {
    let serviceAccount: TestServiceAccount;
    let other: TestServiceAccount;

    beforeAll(() => {
      serviceAccount = createServiceAccountKey({ name: 'vertex-a' });
      other = createServiceAccountKey({ name: 'vertex-b' });
    });

    function vertexAccount(key = serviceAccount.key, extra: Partial<Account> = {}): Account {
      return { id: 'vertex-a', backend: 'vertex', serviceAccount: key, ...extra };
    }

    beforeEach(() => {
      google.addServiceAccount(serviceAccount.key.client_email, serviceAccount.publicKey, {
        accessTokenPrefix: 'ya29.sa-a',
      });
      google.addServiceAccount(other.key.client_email, other.publicKey, { accessTokenPrefix: 'ya29.sa-b' });
    });

    it('mints from the key, keeps the token in memory until it nears expiry, and never persists it', async () => {
      // Prepare
      const tokens = provider();

      // Act
      const first = await tokens.getAccessToken(vertexAccount());
      const again = await tokens.getAccessToken(vertexAccount());
      clock.advance(3_599_000 - 5 * 60_000);
      const afterExpiry = await tokens.getAccessToken(vertexAccount());

      // Assess
      expect([first, again, afterExpiry]).toStrictEqual(['ya29.sa-a-1', 'ya29.sa-a-1', 'ya29.sa-a-2']);
      expect(google.tokenCalls.map((call) => call.issuer)).toStrictEqual([
        serviceAccount.key.client_email,
        serviceAccount.key.client_email,
      ]);
      expect(saved).toStrictEqual([]);
    });

    it('prefers the key over user credentials in the same document', async () => {
      // Act
      const token = await provider().getAccessToken(
        vertexAccount(serviceAccount.key, { credentials: { refresh_token: refreshToken } }),
      );

      // Assess
      expect(token).toStrictEqual('ya29.sa-a-1');
      expect(google.tokenCalls.map((call) => call.grantType)).toStrictEqual([
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
      ]);
    });

    it('mints again when the document now holds another key', async () => {
      // Prepare
      const tokens = provider();
      await tokens.getAccessToken(vertexAccount());

      // Act
      const token = await tokens.getAccessToken(vertexAccount(other.key));

      // Assess
      expect(token).toStrictEqual('ya29.sa-b-1');
    });

    it('shares one grant among concurrent callers and mints anew when forced', async () => {
      // Prepare
      const tokens = provider();

      // Act
      const shared = await Promise.all(
        Array.from({ length: 5 }, () => tokens.getAccessToken(vertexAccount())),
      );
      const forced = await tokens.getAccessToken(vertexAccount(), { forceRefresh: true });

      // Assess
      expect([...new Set(shared), forced]).toStrictEqual(['ya29.sa-a-1', 'ya29.sa-a-2']);
      expect(google.tokenCalls.length).toStrictEqual(2);
    });

    it('never logs the private key or the token', async () => {
      // Act
      const token = await provider().getAccessToken(vertexAccount());

      // Assess
      expect(logger.text()).not.toContain(token);
      expect(logger.text()).not.toContain('PRIVATE KEY');
      expect(logger.entries.map((entry) => entry.message)).toStrictEqual([
        'Minted an access token from a service-account key',
      ]);
    });
  });
});
