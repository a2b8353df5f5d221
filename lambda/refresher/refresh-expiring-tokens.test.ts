/**
 * The refresher over the wire: the fake Google's token endpoint, dynalite for the pool table (leases
 * and token rows under real conditional writes) and a mocked Secrets Manager for the account documents.
 */
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { fakeOAuthClient } from '../../test/fakes/fake-google.js';
import { AwsAccountStore } from '../credentials/aws-account-store.js';
import { SecretCache } from '../credentials/secret-cache.js';
import { useAwsRigs } from '../gateway/testing/aws-rig.js';
import { fingerprintCredentials } from '../pool/fingerprint-credentials.js';
import { refreshExpiringTokens } from './refresh-expiring-tokens.js';

const minute = 60_000;
const windowMs = 15 * minute;

describe('refreshExpiringTokens', () => {
  const startRig = useAwsRigs();

  /** A rig and a refresher run over it; each run gets its own account store, as each invocation would. */
  async function prepare() {
    const current = await startRig();
    const { poolStore, tokens, clock, logger, metrics, google } = current;
    const run = (owner: string) =>
      refreshExpiringTokens({
        poolStore,
        tokens,
        accounts: new AwsAccountStore({
          poolStore,
          tokens,
          secrets: new SecretCache({ client: current.dependencies.secretsManager, clock, logger }),
          secretPrefix: current.secretPrefix,
          clock,
          logger,
        }),
        tokenUrl: google.tokenUrl,
        dispatcher: current.dependencies.dispatcher,
        clock,
        logger,
        metrics,
        windowMs,
        owner,
      });
    /** An account whose stored access token expires `inMs` from now. */
    const addAccountExpiringIn = async (accountId: string, inMs: number) => {
      await current.addAccount(accountId, { credentials: { refresh_token: `rt-${accountId}` } });
      await tokens.save({
        accountId,
        accessToken: `old-${accountId}`,
        expiryDate: clock.now() + inMs,
        at: 0,
      });
    };
    return { rig: current, run, addAccountExpiringIn };
  }

  it('refreshes the tokens that expire within the window and leaves the later ones alone', async () => {
    // Prepare
    const { rig, run, addAccountExpiringIn } = await prepare();
    await addAccountExpiringIn('acct-soon', 5 * minute);
    await addAccountExpiringIn('acct-later', 30 * minute);
    await rig.addAccount('acct-new', { credentials: { refresh_token: 'rt-acct-new' } });

    // Act
    const report = await run('run-1');

    // Assess
    expect(report).toStrictEqual({
      results: { 'acct-soon': 'refreshed', 'acct-later': 'fresh', 'acct-new': 'refreshed' },
      deadAccounts: 0,
    });
    expect(rig.google.tokenCalls.map((call) => call.refreshToken).sort()).toStrictEqual([
      'rt-acct-new',
      'rt-acct-soon',
    ]);
    const stored = await rig.tokens.readAll();
    const expiry = rig.clock.now() + 3_599_000;
    expect(
      [...stored.values()].sort((left, right) => left.accountId.localeCompare(right.accountId)),
    ).toStrictEqual([
      { accountId: 'acct-later', accessToken: 'old-acct-later', expiryDate: rig.clock.now() + 30 * minute },
      { accountId: 'acct-new', accessToken: 'at-acct-new-1', expiryDate: expiry },
      { accountId: 'acct-soon', accessToken: 'at-acct-soon-1', expiryDate: expiry },
    ]);
    expect(rig.secretsManager.commandCalls(PutSecretValueCommand)).toStrictEqual([]);
  });

  it('reports refreshes, failures and dead accounts on every run, zero included', async () => {
    // Prepare
    const { rig, run, addAccountExpiringIn } = await prepare();
    await addAccountExpiringIn('acct-a', 5 * minute);

    // Act
    await run('run-1');

    // Assess
    expect(rig.metrics.recorded).toStrictEqual([
      { kind: 'count', name: 'TokenRefreshes', value: 0 },
      { kind: 'count', name: 'TokenRefreshes', value: 1, dimensions: { accountId: 'acct-a' } },
      { kind: 'count', name: 'TokenRefreshFailures', value: 0 },
      { kind: 'observe', name: 'DeadAccounts', value: 0 },
    ]);
  });

  it('disables an account whose refresh token Google refuses, and still refreshes the others', async () => {
    // Prepare
    const { rig, run, addAccountExpiringIn } = await prepare();
    await addAccountExpiringIn('acct-revoked', minute);
    await addAccountExpiringIn('acct-good', minute);
    rig.google.revokeRefreshToken('rt-acct-revoked');

    // Act
    const report = await run('run-1');

    // Assess
    expect(report).toStrictEqual({
      results: { 'acct-revoked': 'disabled', 'acct-good': 'refreshed' },
      deadAccounts: 1,
    });
    const { accounts } = await rig.poolStore.readPool();
    const revoked = accounts.find((account) => account.accountId === 'acct-revoked');
    expect(revoked).toStrictEqual({
      ...revoked,
      enabled: false,
      disabledReason:
        'credentials revoked (Token refresh for account acct-revoked failed: the refresh token has expired or been revoked (invalid_grant); add the account again)',
      disabledAt: rig.clock.now(),
      credentialsFingerprint: fingerprintCredentials({
        id: 'acct-revoked',
        backend: 'code-assist',
        credentials: { refresh_token: 'rt-acct-revoked' },
        oauthClient: fakeOAuthClient,
      }),
    });
    expect(rig.metrics.recorded.at(-1)).toStrictEqual({ kind: 'observe', name: 'DeadAccounts', value: 1 });
  });

  it('lets exactly one of two concurrent runs refresh each account', async () => {
    // Prepare
    const { rig, run, addAccountExpiringIn } = await prepare();
    const accountIds = ['acct-a', 'acct-b', 'acct-c', 'acct-d'];
    for (const accountId of accountIds) await addAccountExpiringIn(accountId, minute);

    // Act
    const [first, second] = await Promise.all([run('run-1'), run('run-2')]);

    // Assess
    const refreshedBy = accountIds.map(
      (accountId) => [first, second].filter((report) => report.results[accountId] === 'refreshed').length,
    );
    expect(refreshedBy).toStrictEqual([1, 1, 1, 1]);
    expect(rig.google.tokenCalls.map((call) => call.refreshToken).sort()).toStrictEqual(
      accountIds.map((accountId) => `rt-${accountId}`),
    );
    for (const accountId of accountIds) {
      expect([first.results[accountId], second.results[accountId]].sort()).toSatisfy(
        (results: string[]) =>
          results.includes('refreshed') &&
          results.every((result) => ['refreshed', 'fresh', 'leased'].includes(result)),
      );
    }
  });

  it('skips an account whose lease another run holds, and takes it once that lease has run out', async () => {
    // Prepare
    const { rig, run, addAccountExpiringIn } = await prepare();
    await addAccountExpiringIn('acct-a', minute);
    await rig.tokens.acquireLease({
      accountId: 'acct-a',
      owner: 'crashed-run',
      now: rig.clock.now(),
      durationMs: minute,
    });

    // Act
    const whileHeld = await run('run-1');
    rig.clock.advance(minute);
    const afterExpiry = await run('run-2');

    // Assess
    expect([whileHeld.results, afterExpiry.results]).toStrictEqual([
      { 'acct-a': 'leased' },
      { 'acct-a': 'refreshed' },
    ]);
    expect(rig.google.tokenCalls.length).toBe(1);
    const [row] = (await rig.tokens.readAll()).values();
    expect(row).toStrictEqual({
      accountId: 'acct-a',
      accessToken: 'at-acct-a-1',
      expiryDate: rig.clock.now() + 3_599_000,
    });
  });

  it('leaves API-key and service-account accounts to the gateway, and counts a broken secret as a failure', async () => {
    // Prepare
    const { rig, run } = await prepare();
    await rig.addAccount('acct-key', { backend: 'gemini-api', apiKey: 'key-value' });
    await rig.addAccount('acct-sa', {
      backend: 'vertex',
      projectId: 'p',
      location: 'us-central1',
      serviceAccount: { client_email: 'sa@p.iam.gserviceaccount.com', private_key: 'not-a-real-key' },
    });
    await rig.addAccount('acct-broken', { credentials: { refresh_token: 'rt-broken' } });
    rig.setSecret(`${rig.secretPrefix}acct-broken`, 'not json at all');

    // Act
    const report = await run('run-1');

    // Assess
    expect(report.results).toStrictEqual({
      'acct-key': 'not-refreshable',
      'acct-sa': 'not-refreshable',
      'acct-broken': 'failed',
    });
    expect(rig.google.tokenCalls).toStrictEqual([]);
    expect(rig.logger.text()).not.toContain('not-a-real-key');
  });
});
