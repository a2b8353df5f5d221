import { describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../../test/fakes/recording-logger.js';
import type { Account } from '../credentials/account.js';
import { fingerprintCredentials } from '../pool/fingerprint-credentials.js';
import { MemoryPoolStore } from '../pool/memory-pool-store.js';
import { enableReaddedAccounts } from './enable-readded-accounts.js';

const at = Date.parse('2026-07-04T12:00:00Z');
const reason = 'credentials revoked (invalid_grant)';

function oauthAccount(id: string, refreshToken: string): Account {
  return { id, backend: 'code-assist', credentials: { refresh_token: refreshToken } };
}

/** A memory store in which `accountId` was disabled for refusing `refused`, and the wrapper over it. */
async function setUp({ refused, files }: { refused: Account; files: Account[] }) {
  const store = new MemoryPoolStore();
  await store.disableAccount({
    accountId: refused.id,
    reason,
    at,
    credentialsFingerprint: fingerprintCredentials(refused),
  });
  const logger = createRecordingLogger();
  let listings = 0;
  const wrapped = enableReaddedAccounts({
    store,
    listAccounts: async () => {
      listings += 1;
      return files;
    },
    logger,
  });
  return { store, wrapped, logger, listings: () => listings };
}

describe('enableReaddedAccounts', () => {
  it('enables an account whose file now holds other credentials, and says so once', async () => {
    // Prepare
    const { store, wrapped, logger } = await setUp({
      refused: oauthAccount('acct-a', 'rt-old'),
      files: [oauthAccount('acct-a', 'rt-new')],
    });

    // Act
    const first = await wrapped.readPool();
    const second = await wrapped.readPool();

    // Assess
    expect(first.accounts).toStrictEqual([{ accountId: 'acct-a', enabled: true }]);
    expect(second.accounts).toStrictEqual([{ accountId: 'acct-a', enabled: true }]);
    expect((await store.readPool()).accounts).toStrictEqual([{ accountId: 'acct-a', enabled: true }]);
    expect(logger.entries).toStrictEqual([
      {
        level: 'info',
        message: 'account acct-a enabled again: new credentials',
        fields: { accountId: 'acct-a' },
      },
    ]);
    expect(logger.text()).not.toMatch(/rt-old|rt-new/);
  });

  it('leaves an account disabled while its file holds the refused credentials (a refreshed access token is no news)', async () => {
    // Prepare
    const refused = oauthAccount('acct-a', 'rt-old');
    const { wrapped, logger } = await setUp({
      refused,
      files: [{ ...refused, credentials: { refresh_token: 'rt-old', access_token: 'ya29.other' } }],
    });

    // Act
    const snapshot = await wrapped.readPool();

    // Assess
    expect(snapshot.accounts).toStrictEqual([
      {
        accountId: 'acct-a',
        enabled: false,
        disabledReason: reason,
        disabledAt: at,
        credentialsFingerprint: fingerprintCredentials(refused),
      },
    ]);
    expect(logger.entries).toStrictEqual([]);
  });

  it('leaves an account disabled by hand (no fingerprint) alone, without listing the files', async () => {
    // Prepare
    const store = new MemoryPoolStore();
    await store.disableAccount({ accountId: 'acct-a', reason: 'disabled by the operator', at });
    let listings = 0;
    const wrapped = enableReaddedAccounts({
      store,
      listAccounts: async () => {
        listings += 1;
        return [oauthAccount('acct-a', 'rt-new')];
      },
      logger: createRecordingLogger(),
    });

    // Act
    const snapshot = await wrapped.readPool();

    // Assess
    expect(snapshot.accounts).toStrictEqual([
      { accountId: 'acct-a', enabled: false, disabledReason: 'disabled by the operator', disabledAt: at },
    ]);
    expect(listings).toStrictEqual(0);
  });

  it('leaves an account disabled whose file is gone', async () => {
    // Prepare
    const { wrapped } = await setUp({
      refused: oauthAccount('acct-a', 'rt-old'),
      files: [oauthAccount('acct-b', 'rt-b')],
    });

    // Act
    const snapshot = await wrapped.readPool();

    // Assess
    expect(snapshot.accounts.map(({ accountId, enabled }) => ({ accountId, enabled }))).toStrictEqual([
      { accountId: 'acct-a', enabled: false },
    ]);
  });

  it('lists no files while no account is disabled', async () => {
    // Prepare
    const { store, wrapped, listings } = await setUp({
      refused: oauthAccount('acct-a', 'rt-old'),
      files: [oauthAccount('acct-a', 'rt-new')],
    });
    await store.enableAccount({ accountId: 'acct-a' });

    // Act
    await wrapped.readPool();

    // Assess
    expect(listings()).toStrictEqual(0);
  });

  it('returns the state as read, and logs, when the files cannot be listed', async () => {
    // Prepare
    const store = new MemoryPoolStore();
    const refused = oauthAccount('acct-a', 'rt-old');
    await store.disableAccount({
      accountId: 'acct-a',
      reason,
      at,
      credentialsFingerprint: fingerprintCredentials(refused),
    });
    const logger = createRecordingLogger();
    const wrapped = enableReaddedAccounts({
      store,
      listAccounts: () => Promise.reject(new Error('EACCES: permission denied, scandir')),
      logger,
    });

    // Act
    const snapshot = await wrapped.readPool();

    // Assess
    expect(snapshot).toStrictEqual(await store.readPool());
    expect(logger.entries).toStrictEqual([
      {
        level: 'warn',
        message: 'Could not check disabled accounts for new credentials',
        fields: { error: 'EACCES: permission denied, scandir' },
      },
    ]);
  });

  it('passes every write to the store it wraps', async () => {
    // Prepare
    const { store, wrapped } = await setUp({
      refused: oauthAccount('acct-a', 'rt-old'),
      files: [oauthAccount('acct-a', 'rt-old')],
    });

    // Act
    await wrapped.registerAccount({ accountId: 'acct-b', backend: 'vertex', credentialsRef: 'ref-b', at });
    await wrapped.disableAccount({ accountId: 'acct-b', reason: 'by hand', at });
    await wrapped.enableAccount({ accountId: 'acct-a' });
    await wrapped.recordOutcome({
      accountId: 'acct-a',
      model: 'm',
      at,
      halfLifeMs: 1_000,
      outcome: { ok: true },
    });

    // Assess
    const { accounts, models } = await store.readPool();
    expect(accounts).toStrictEqual([
      { accountId: 'acct-a', enabled: true },
      {
        accountId: 'acct-b',
        enabled: false,
        disabledReason: 'by hand',
        disabledAt: at,
        registration: { backend: 'vertex', credentialsRef: 'ref-b', registeredAt: at },
      },
    ]);
    expect(models.map(({ accountId, model }) => ({ accountId, model }))).toStrictEqual([
      { accountId: 'acct-a', model: 'm' },
    ]);
  });
});
