/**
 * Re-adding an account locally, through the real local gateway: an account whose refresh token Google
 * revoked is disabled and stays disabled while its file holds that token; once the operator puts new
 * credentials into the file, the next request may be served by it again (one operator line says so),
 * even when the gateway was restarted in between.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultPoolConfig } from '../../lambda/pool/pool-config.js';
import { rateLimited } from '../fakes/google-answers.js';
import { createTestClock, type TestClock } from '../fakes/test-clock.js';
import { twoAccounts } from './pool-accounts.js';
import { postChat, readJsonAnswer } from './raw-http.js';
import { type Harness, type HarnessOptions, startHarness } from './start-harness.js';

const model = 'gemini-2.5-flash';
const chat = { model, messages: [{ role: 'user' as const, content: 'hi' }] };
const revokedAccount = { 'acct-a': { projectId: 'p-a', credentials: { refresh_token: 'rt-revoked-a' } } };
const disabledLine = {
  level: 'error',
  message:
    'account acct-a disabled: credentials revoked (Token refresh for account acct-a failed: the refresh token has expired or been revoked (invalid_grant); add the account again)',
  fields: { accountId: 'acct-a' },
};
const enabledLine = {
  level: 'info',
  message: 'account acct-a enabled again: new credentials',
  fields: { accountId: 'acct-a' },
};
const allDisabled = {
  status: 503,
  contentType: 'application/json; charset=utf-8',
  body: {
    error: {
      message:
        'Every account of the gateway is disabled (acct-a: credentials revoked (Token refresh for account acct-a failed: the refresh token has expired or been revoked (invalid_grant); add the account again)). Re-add them with `npm run setup`.',
      type: 'server_error',
      param: null,
      code: 'accounts_disabled',
    },
  },
};

describe('re-adding a disabled account locally', () => {
  let clock: TestClock;
  let rig: Harness | undefined;
  const start = async (options: HarnessOptions) => {
    clock = createTestClock();
    rig = await startHarness({ clock, ...options });
    return rig;
  };
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  /** What the setup script leaves after signing in again: the same account with a new refresh token. */
  async function signInAgain(
    harness: Harness,
    { projectId, refreshToken }: { projectId: string; refreshToken: string },
  ) {
    harness.google.addRefreshToken(refreshToken, { accessTokenPrefix: 'ya29.readded' });
    const document = { projectId, credentials: { refresh_token: refreshToken } };
    await writeFile(join(harness.accountsDir, 'acct-a.json'), JSON.stringify(document, null, 2));
  }

  /** Only the pool's account lines: disabled, enabled again. */
  function accountLines(harness: Harness) {
    return harness.logger.entries.filter((entry) => /^account acct-a (disabled|enabled)/.test(entry.message));
  }

  it('keeps a revoked account disabled (503) until its file holds a new refresh token, then serves with it', async () => {
    // Prepare
    const harness = await start({ accounts: revokedAccount });
    harness.google.revokeRefreshToken('rt-revoked-a');
    const revoked = await readJsonAnswer(await postChat({ url: harness.url, body: chat }));
    clock.advance(defaultPoolConfig.stateCacheMs);
    const stillRevoked = await readJsonAnswer(await postChat({ url: harness.url, body: chat }));

    // Act
    await signInAgain(harness, { projectId: 'p-a', refreshToken: 'rt-new-a' });
    clock.advance(defaultPoolConfig.stateCacheMs);
    const readded = await harness.client.chat.completions.create(chat);

    // Assess
    expect([revoked, stillRevoked]).toStrictEqual([allDisabled, allDisabled]);
    expect(readded.choices[0]?.message.content).toStrictEqual('Hello from fake Google.');
    expect(harness.google.tokenCalls.map((call) => call.refreshToken)).toStrictEqual([
      'rt-revoked-a',
      'rt-new-a',
    ]);
    expect(harness.google.calls.map(({ project, accessToken }) => ({ project, accessToken }))).toStrictEqual([
      { project: 'p-a', accessToken: 'ya29.readded-1' },
    ]);
    expect(accountLines(harness)).toStrictEqual([disabledLine, enabledLine]);
    expect(harness.logger.text()).not.toMatch(/rt-revoked-a|rt-new-a|ya29/);
  });

  it('serves from the other account while one is disabled, and from the re-added one again', async () => {
    // Prepare: acct-a's token is revoked and acct-b is rate limited, so the first request tries both
    const harness = await start({ accounts: twoAccounts });
    const { google } = harness;
    google.revokeRefreshToken('rt-a');
    const refuseB = () =>
      google.setHandler((call) =>
        call.project === 'p-b' ? rateLimited({ retryDelay: '10s', model }) : undefined,
      );
    refuseB();
    const bothTried = await readJsonAnswer(await postChat({ url: harness.url, body: chat }));
    clock.advance(12_000);
    google.setHandler(undefined);
    const whileDisabled = [
      await readJsonAnswer(await postChat({ url: harness.url, body: chat })),
      await readJsonAnswer(await postChat({ url: harness.url, body: chat })),
    ];
    const callsWhileDisabled = google.calls.map((call) => call.project);

    // Act: acct-a signs in again; acct-b is refused again, so acct-a must serve
    await signInAgain(harness, { projectId: 'p-a', refreshToken: 'rt-a2' });
    clock.advance(defaultPoolConfig.stateCacheMs);
    refuseB();
    const readded = await readJsonAnswer(await postChat({ url: harness.url, body: chat }));

    // Assess
    expect(bothTried).toMatchObject({
      status: 429,
      body: { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } },
    });
    expect((bothTried.body as { error: { message: string } }).error.message).toMatch(
      /^The only account serving 'gemini-2.5-flash' is cooling down/,
    );
    expect(whileDisabled.map((answer) => answer.status)).toStrictEqual([200, 200]);
    expect(callsWhileDisabled).toStrictEqual(['p-b', 'p-b', 'p-b']);
    expect(readded.status).toStrictEqual(200);
    expect(
      google.calls
        .slice(callsWhileDisabled.length)
        .map(({ project, accessToken }) => ({ project, accessToken }))
        .at(-1),
    ).toStrictEqual({ project: 'p-a', accessToken: 'ya29.readded-1' });
    expect(google.tokenCalls.filter((call) => call.refreshToken === 'rt-a')).toHaveLength(1);
    expect(accountLines(harness)).toStrictEqual([disabledLine, enabledLine]);
  });

  describe('with STATE_DIR a folder', () => {
    it('enables an account re-added while the gateway was down', async () => {
      // Prepare
      const harness = await start({ accounts: revokedAccount, persistentState: true });
      harness.google.revokeRefreshToken('rt-revoked-a');
      const revoked = await readJsonAnswer(await postChat({ url: harness.url, body: chat }));

      // Act: the running gateway reads the file only for a request, so this is as if it were down
      await signInAgain(harness, { projectId: 'p-a', refreshToken: 'rt-new-a' });
      await harness.restart();
      const readded = await harness.client.chat.completions.create(chat);

      // Assess
      expect(revoked).toStrictEqual(allDisabled);
      expect(readded.choices[0]?.message.content).toStrictEqual('Hello from fake Google.');
      expect(harness.google.calls.map((call) => call.accessToken)).toStrictEqual(['ya29.readded-1']);
      expect(accountLines(harness)).toStrictEqual([disabledLine, enabledLine]);
    });
  });
});
