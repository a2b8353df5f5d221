import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeOAuthClient } from '../fakes/fake-google.js';
import { createTestClock, type TestClock } from '../fakes/test-clock.js';
import { firstIssuedToken } from './accounts.js';
import { postChat, readJsonAnswer } from './raw-http.js';
import { type Harness, type HarnessOptions, startHarness } from './start-harness.js';

const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'hi' }] };
/** The scope the fake token endpoint grants. */
const grantedScope =
  'https://www.googleapis.com/auth/cloud-platform openid https://www.googleapis.com/auth/userinfo.email';

describe('token refresh', () => {
  let clock: TestClock;
  let rig: Harness | undefined;
  const start = async (options: HarnessOptions) => {
    rig = await startHarness({ clock, ...options });
    return rig;
  };
  beforeEach(() => {
    clock = createTestClock();
  });
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('refreshes an expired access token and writes the new token and expiry back, keeping every other field', async () => {
    // Prepare
    const document = {
      id: 'acct-a',
      backend: 'code-assist',
      projectId: 'p-a',
      note: 'added by hand',
      credentials: {
        refresh_token: 'rt-a',
        access_token: 'ya29.expired',
        expiry_date: clock.now() - 1_000,
        token_type: 'Bearer',
        id_token: 'kept-as-is',
      },
    };
    const { client, google, readAccount, logger } = await start({ accounts: { 'acct-a': document } });

    // Act
    const completion = await client.chat.completions.create(chat);

    // Assess
    expect(completion.choices[0]?.message.content).toStrictEqual('Hello from fake Google.');
    expect(google.tokenCalls).toStrictEqual([
      { grantType: 'refresh_token', refreshToken: 'rt-a', clientId: fakeOAuthClient.clientId },
    ]);
    expect(google.calls.map((call) => call.accessToken)).toStrictEqual([firstIssuedToken]);
    expect(await readAccount('acct-a')).toStrictEqual({
      ...document,
      credentials: {
        refresh_token: 'rt-a',
        access_token: firstIssuedToken,
        expiry_date: clock.now() + 3_599_000,
        token_type: 'Bearer',
        id_token: 'kept-as-is',
        scope: grantedScope,
      },
    });
    expect(logger.text()).not.toMatch(/ya29|rt-a|fake-client-secret/);
  });

  it('uses a stored access token that is still valid without refreshing it', async () => {
    // Prepare
    const { client, google } = await start({
      accounts: {
        'acct-a': {
          projectId: 'p-a',
          credentials: {
            refresh_token: 'rt-a',
            access_token: 'ya29.stored',
            expiry_date: clock.now() + 3_600_000,
          },
        },
      },
    });
    google.acceptAccessToken('ya29.stored');

    // Act
    await client.chat.completions.create(chat);

    // Assess
    expect(google.tokenCalls).toStrictEqual([]);
    expect(google.calls.map((call) => call.accessToken)).toStrictEqual(['ya29.stored']);
  });

  it('makes one token call for five concurrent requests', async () => {
    // Prepare
    const { client, google } = await start({
      accounts: { 'acct-a': { projectId: 'p-a', credentials: { refresh_token: 'rt-a' } } },
    });

    // Act
    const completions = await Promise.all(
      Array.from({ length: 5 }, () => client.chat.completions.create(chat)),
    );

    // Assess
    expect(completions.map((completion) => completion.choices[0]?.message.content)).toStrictEqual(
      Array(5).fill('Hello from fake Google.'),
    );
    expect(google.tokenCalls).toHaveLength(1);
    expect(google.calls.map((call) => call.accessToken)).toStrictEqual(Array(5).fill(firstIssuedToken));
  });

  it('refreshes and retries once when Google refuses a stored token that has not expired yet', async () => {
    // Prepare
    const { client, google, readAccount } = await start({
      accounts: {
        'acct-a': {
          projectId: 'p-a',
          credentials: {
            refresh_token: 'rt-a',
            access_token: 'ya29.revoked',
            expiry_date: clock.now() + 3_600_000,
          },
        },
      },
    });

    // Act
    const completion = await client.chat.completions.create(chat);

    // Assess
    expect(completion.choices[0]?.message.content).toStrictEqual('Hello from fake Google.');
    expect(google.calls.map((call) => call.accessToken)).toStrictEqual(['ya29.revoked', firstIssuedToken]);
    expect(
      ((await readAccount('acct-a')).credentials as { access_token: string }).access_token,
    ).toStrictEqual(firstIssuedToken);
  });

  it('accepts the seed format {projectId, credentials}, the id taken from the file name', async () => {
    // Prepare
    const { client, google, readAccount } = await start({
      accounts: { 'seed-account': { projectId: 'seed-project', credentials: { refresh_token: 'rt-seed' } } },
    });

    // Act
    await client.chat.completions.create(chat);

    // Assess
    expect(google.calls.map((call) => call.project)).toStrictEqual(['seed-project']);
    expect(await readAccount('seed-account')).toStrictEqual({
      projectId: 'seed-project',
      credentials: {
        refresh_token: 'rt-seed',
        access_token: firstIssuedToken,
        expiry_date: clock.now() + 3_599_000,
        token_type: 'Bearer',
        scope: grantedScope,
      },
    });
  });

  it('discovers the project of a project-less account with loadCodeAssist, once', async () => {
    // Prepare
    const { client, google } = await start({
      accounts: { 'acct-a': { credentials: { refresh_token: 'rt-a' } } },
    });
    google.setCodeAssistUser({ onboarded: true, project: 'discovered-project' });

    // Act
    await client.chat.completions.create(chat);
    await client.chat.completions.create(chat);

    // Assess
    expect(google.setupCalls).toStrictEqual([
      {
        method: 'loadCodeAssist',
        accessToken: firstIssuedToken,
        body: {
          metadata: { ideType: 'IDE_UNSPECIFIED', platform: 'PLATFORM_UNSPECIFIED', pluginType: 'GEMINI' },
        },
      },
    ]);
    expect(google.calls.map((call) => call.project)).toStrictEqual([
      'discovered-project',
      'discovered-project',
    ]);
  });

  it('onboards a new free-tier user without a project and polls the operation until the project is ready', async () => {
    // Prepare
    const { client, google } = await start({
      accounts: { 'acct-a': { credentials: { refresh_token: 'rt-a' } } },
    });
    google.setCodeAssistUser({
      onboarded: false,
      tierId: 'free-tier',
      project: 'managed-project',
      operationPolls: 2,
    });

    // Act
    await client.chat.completions.create(chat);

    // Assess
    expect(google.setupCalls.map(({ method, body }) => ({ method, body }))).toStrictEqual([
      { method: 'loadCodeAssist', body: expect.any(Object) },
      { method: 'onboardUser', body: { tierId: 'free-tier', metadata: expect.any(Object) } },
      { method: 'getOperation', body: undefined },
      { method: 'getOperation', body: undefined },
    ]);
    expect(google.calls.map((call) => call.project)).toStrictEqual(['managed-project']);
  });

  it('disables an account whose refresh token is revoked, says so, and never shows a secret', async () => {
    // Prepare
    const { url, google, logger } = await start({
      accounts: { 'acct-a': { projectId: 'p-a', credentials: { refresh_token: 'rt-secret-a' } } },
    });
    google.revokeRefreshToken('rt-secret-a');

    // Act
    const first = await readJsonAnswer(await postChat({ url, body: chat }));
    const second = await readJsonAnswer(await postChat({ url, body: chat }));

    // Assess
    expect(first).toStrictEqual({
      status: 503,
      contentType: 'application/json; charset=utf-8',
      body: {
        error: {
          message: expect.stringMatching(
            /^Every account of the gateway is disabled \(acct-a: .*invalid_grant/,
          ),
          type: 'server_error',
          param: null,
          code: 'accounts_disabled',
        },
      },
    });
    expect(second).toStrictEqual(first);
    expect(google.tokenCalls).toHaveLength(1);
    expect(google.calls).toStrictEqual([]);
    expect(`${JSON.stringify(first)} ${logger.text()}`).not.toMatch(/rt-secret-a|fake-client-secret/);
  });
});
