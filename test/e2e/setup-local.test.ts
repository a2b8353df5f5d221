/**
 * The setup wizard's flows end to end on the local target: the real commands (flags, environment
 * parsing, targets, OAuth, Code Assist setup, the gateway's upstream client) against the fake Google
 * and temporary folders, with a consenting browser or a pasted redirect.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveConsent, findUrl } from '../fakes/fake-browser.js';
import { fakeOAuthClient } from '../fakes/fake-google.js';
import { rateLimited } from '../fakes/google-answers.js';
import { createScriptedPrompter } from '../fakes/scripted-prompter.js';
import { findPrintedSecrets, rigNow, type SetupRig, setupFailure, startSetupRig } from './setup-rig.js';

const signedIn = {
  refresh_token: '1//fake-refresh-code-1',
  access_token: 'ya29.fake-code-1-1',
  expiry_date: rigNow + 3_599_000,
  token_type: 'Bearer',
  scope: 'https://www.googleapis.com/auth/cloud-platform',
};

describe('npm run setup, local target', () => {
  let rig: SetupRig;

  beforeEach(async () => {
    rig = await startSetupRig();
  });

  afterEach(async () => {
    await rig.close();
  });

  async function writeJson(name: string, value: unknown): Promise<string> {
    const file = join(rig.settingsDir, '..', name);
    await writeFile(file, JSON.stringify(value));
    return file;
  }

  it('adds a Code Assist account through the browser and the loopback redirect', async () => {
    // Act
    await rig.setup(['add', '--backend', 'code-assist', '--id', 'ca1', '--target', 'local']);

    // Assess
    expect(await rig.readAccountFile('ca1')).toStrictEqual({
      id: 'ca1',
      backend: 'code-assist',
      projectId: 'fake-project-123',
      credentials: signedIn,
      oauthClient: fakeOAuthClient,
    });
    expect(rig.output.text()).toContain('Code Assist: tier free-tier, project fake-project-123.');
    expect(rig.output.text()).toContain(`Added ca1 (code-assist): ${join(rig.accountsDir, 'ca1.json')}.`);
    const secrets = [signedIn.refresh_token, signedIn.access_token, fakeOAuthClient.clientSecret];
    expect(findPrintedSecrets({ output: rig.output, secrets })).toStrictEqual([]);
  });

  it('adds a Code Assist account headless, from the pasted redirect, onboarding a new user', async () => {
    // Prepare
    rig.google.setCodeAssistUser({ onboarded: false, tierId: 'free-tier', project: 'managed-42' });
    const prompter = createScriptedPrompter({
      paste: () =>
        approveConsent(findUrl({ text: rig.output.text(), startingWith: rig.google.authorizationUrl })),
    });

    // Act
    await rig.setup(['add', '--backend', 'code-assist', '--id', 'ca2', '--headless'], { prompter });

    // Assess
    expect(prompter.asked).toStrictEqual(['paste']);
    expect(await rig.readAccountFile('ca2')).toStrictEqual({
      id: 'ca2',
      backend: 'code-assist',
      projectId: 'managed-42',
      credentials: signedIn,
      oauthClient: fakeOAuthClient,
    });
    expect(rig.output.text()).toContain('Code Assist: tier Gemini Code Assist for individuals (free-tier)');
  });

  it('says so when the account is not eligible for Code Assist, and stores nothing', async () => {
    // Prepare
    rig.google.setCodeAssistUser({ onboarded: false, ineligibleReason: 'Your account is not supported.' });

    // Act
    const error = await setupFailure(rig.setup(['add', '--backend', 'code-assist', '--id', 'ca3']));

    // Assess
    expect(error.message).toStrictEqual(
      'This account cannot use Code Assist: Google answered 403 PERMISSION_DENIED: Your account is not supported.',
    );
    await expect(readdir(rig.accountsDir)).rejects.toThrow('ENOENT');
  });

  it('adds a Gemini API key account from a file, printing nothing of the key', async () => {
    // Prepare
    const apiKey = 'AIzaSyFAKE-key-for-the-setup-test-0001';
    const keyFile = join(rig.settingsDir, '..', 'key.txt');
    await writeFile(keyFile, `${apiKey}\n`);

    // Act
    await rig.setup([
      'add',
      '--backend',
      'gemini-api',
      '--id',
      'k1',
      '--api-key-file',
      keyFile,
      '--target',
      'local',
    ]);

    // Assess
    expect(await rig.readAccountFile('k1')).toStrictEqual({ id: 'k1', backend: 'gemini-api', apiKey });
    expect(findPrintedSecrets({ output: rig.output, secrets: [apiKey] })).toStrictEqual([]);
  });

  it('adds a Vertex AI account with a service-account key, its project taken from the key', async () => {
    // Prepare
    const serviceAccount = {
      type: 'service_account',
      project_id: 'vertex-project-7',
      client_email: 'gateway@vertex-project-7.iam.gserviceaccount.com',
      private_key: '-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----\n',
    };
    const keyFile = await writeJson('vertex-key.json', serviceAccount);

    // Act
    await rig.setup([
      'add',
      '--backend',
      'vertex',
      '--id',
      'v1',
      '--service-account-file',
      keyFile,
      '--location',
      'europe-west4',
    ]);

    // Assess
    expect(await rig.readAccountFile('v1')).toStrictEqual({
      id: 'v1',
      backend: 'vertex',
      projectId: 'vertex-project-7',
      location: 'europe-west4',
      serviceAccount,
    });
    expect(findPrintedSecrets({ output: rig.output, secrets: ['not-a-real-key'] })).toStrictEqual([]);
  });

  it('adds a Vertex AI account signed in with the OAuth client, in the default location', async () => {
    // Act
    await rig.setup(['add', '--backend', 'vertex', '--id', 'v2', '--project', 'my-vertex-project']);

    // Assess
    expect(await rig.readAccountFile('v2')).toStrictEqual({
      id: 'v2',
      backend: 'vertex',
      projectId: 'my-vertex-project',
      location: 'us-central1',
      credentials: signedIn,
      oauthClient: fakeOAuthClient,
    });
  });

  it('asks for the OAuth client when none is configured, and remembers it for the next sign-in', async () => {
    // Prepare
    rig.environment.OAUTH_CLIENT_ID = undefined;
    rig.environment.OAUTH_CLIENT_SECRET = undefined;
    const prompter = createScriptedPrompter({
      '--oauth-client-id (or OAUTH_CLIENT_ID)': fakeOAuthClient.clientId,
      '--oauth-client-secret-file (or OAUTH_CLIENT_SECRET)': fakeOAuthClient.clientSecret,
    });

    // Act
    await rig.setup(['add', '--backend', 'code-assist', '--id', 'first'], { prompter });
    await rig.setup(['add', '--backend', 'code-assist', '--id', 'second']);

    // Assess
    expect(prompter.asked).toStrictEqual([
      '--oauth-client-id (or OAUTH_CLIENT_ID)',
      '--oauth-client-secret-file (or OAUTH_CLIENT_SECRET)',
    ]);
    expect((await rig.readAccountFile('second')).oauthClient).toStrictEqual(fakeOAuthClient);
    expect(rig.output.text()).toContain(
      `Remembered the OAuth client in ${join(rig.settingsDir, 'oauth-client.json')}`,
    );
    expect(findPrintedSecrets({ output: rig.output, secrets: [fakeOAuthClient.clientSecret] })).toStrictEqual(
      [],
    );
  });

  it('refuses a taken id before anyone signs in, leaving the existing file alone', async () => {
    // Prepare
    await mkdir(rig.accountsDir, { recursive: true });
    await writeFile(
      join(rig.accountsDir, 'k1.json'),
      JSON.stringify({ backend: 'gemini-api', apiKey: 'AIza-first' }),
    );

    // Act
    const error = await setupFailure(rig.setup(['add', '--backend', 'code-assist', '--id', 'k1']));

    // Assess
    expect(error.message).toStrictEqual(
      `An account with id k1 already exists in local: accounts in ${rig.accountsDir}, pool state in ${rig.stateDir}: choose another id, or remove it first`,
    );
    expect(rig.google.authorizationCalls).toStrictEqual([]);
    expect(await rig.readAccountFile('k1')).toStrictEqual({ backend: 'gemini-api', apiKey: 'AIza-first' });
  });

  it("imports the original project's account file, checking its token and verifying its project", async () => {
    // Prepare
    rig.google.addRefreshToken('1//seed-refresh', { accessTokenPrefix: 'ya29.seed' });
    const file = await writeJson('gemini-proxy-01.json', {
      projectId: 'seed-project',
      credentials: { refresh_token: '1//seed-refresh' },
    });

    // Act
    await rig.setup(['import', '--file', file, '--id', 'seed1']);

    // Assess
    expect(await rig.readAccountFile('seed1')).toStrictEqual({
      projectId: 'seed-project',
      credentials: {
        refresh_token: '1//seed-refresh',
        access_token: 'ya29.seed-1',
        expiry_date: rigNow + 3_599_000,
        token_type: 'Bearer',
        scope:
          'https://www.googleapis.com/auth/cloud-platform openid https://www.googleapis.com/auth/userinfo.email',
      },
      id: 'seed1',
      backend: 'code-assist',
      oauthClient: fakeOAuthClient,
    });
    expect(rig.google.setupCalls[0]?.body?.cloudaicompanionProject).toStrictEqual('seed-project');
    expect(
      findPrintedSecrets({ output: rig.output, secrets: ['1//seed-refresh', 'ya29.seed-1'] }),
    ).toStrictEqual([]);
  });

  it("imports the Gemini CLI's oauth_creds.json as a Code Assist account with the next free id", async () => {
    // Prepare
    rig.google.addRefreshToken('1//cli-refresh', { accessTokenPrefix: 'ya29.cli' });
    const file = await writeJson('oauth_creds.json', {
      access_token: 'ya29.expired',
      refresh_token: '1//cli-refresh',
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      token_type: 'Bearer',
      id_token: 'eyJhbGciOiJSUzI1NiJ9.profile.signature',
      expiry_date: 1,
    });

    // Act
    await rig.setup(['import', '--file', file]);

    // Assess
    expect(await rig.readAccountFile('acct-1')).toStrictEqual({
      backend: 'code-assist',
      credentials: {
        access_token: 'ya29.cli-1',
        refresh_token: '1//cli-refresh',
        scope:
          'https://www.googleapis.com/auth/cloud-platform openid https://www.googleapis.com/auth/userinfo.email',
        token_type: 'Bearer',
        expiry_date: rigNow + 3_599_000,
      },
      id: 'acct-1',
      projectId: 'fake-project-123',
      oauthClient: fakeOAuthClient,
    });
    expect(rig.output.text()).toContain(
      "Imported acct-1 (code-assist) from the Gemini CLI's oauth_creds.json",
    );
  });

  it('refuses credentials issued to another OAuth client, such as the Gemini CLI’s own', async () => {
    // Prepare
    rig.google.enqueueTokenAnswer({
      kind: 'error',
      status: 401,
      body: { error: 'unauthorized_client', error_description: 'Unauthorized' },
    });
    const file = await writeJson('oauth_creds.json', { refresh_token: '1//issued-to-someone-else' });

    // Act
    const error = await setupFailure(rig.setup(['import', '--file', file, '--id', 'other']));

    // Assess
    expect(error.message).toContain(
      `The refresh token was issued to another OAuth client than ${fakeOAuthClient.clientId}`,
    );
    expect(error.message).not.toContain('1//issued-to-someone-else');
    await expect(readdir(rig.accountsDir)).rejects.toThrow('ENOENT');
  });

  it('tests an account with one request through the upstream client, and reports a failure', async () => {
    // Prepare
    rig.google.acceptApiKey('AIza-test-key');
    await mkdir(rig.accountsDir, { recursive: true });
    await writeFile(
      join(rig.accountsDir, 'k1.json'),
      JSON.stringify({ backend: 'gemini-api', apiKey: 'AIza-test-key' }),
    );

    // Act
    await rig.setup(['test', '--id', 'k1']);
    rig.google.enqueue(rateLimited());
    const error = await setupFailure(rig.setup(['test', '--id', 'k1', '--model', 'gemini-2.5-pro']));

    // Assess
    expect(rig.output.text()).toContain(
      'k1 works: gemini-2.5-flash answered in 0 ms: "Hello from fake Google."',
    );
    expect(rig.google.calls.map((call) => [call.backend, call.model])).toStrictEqual([
      ['gemini-api', 'gemini-2.5-flash'],
      ['gemini-api', 'gemini-2.5-pro'],
    ]);
    expect(error.message).toMatch(/^k1 failed the test with gemini-2\.5-pro: rate_limited \(HTTP 429\): /);
  });

  it('disables an account with a reason the status shows, enables it, and removes it with its pool state', async () => {
    // Prepare
    await mkdir(rig.accountsDir, { recursive: true });
    await writeFile(
      join(rig.accountsDir, 'k1.json'),
      JSON.stringify({ backend: 'gemini-api', apiKey: 'AIza-k1' }),
    );

    // Act
    await rig.setup(['disable', '--id', 'k1', '--reason', 'quota sold out']);
    await rig.status(['--json']);
    const disabled = JSON.parse(rig.output.text().slice(rig.output.text().indexOf('{')));
    await rig.setup(['enable', '--id', 'k1']);
    const unconfirmed = await setupFailure(rig.setup(['remove', '--id', 'k1']));
    await rig.setup(['disable', '--id', 'k1']);
    await rig.setup(['remove', '--id', 'k1', '--yes']);
    await rig.setup(['list']);

    // Assess
    expect(disabled.accounts).toStrictEqual([
      {
        id: 'k1',
        backend: 'gemini-api',
        configured: true,
        enabled: false,
        disabledReason: 'quota sold out',
        disabledAt: '2026-07-04T12:00:00.000Z',
        tokenExpiresAt: null,
        models: [],
      },
    ]);
    expect(unconfirmed.message).toStrictEqual(
      `Remove k1? This deletes ${join(rig.accountsDir, 'k1.json')} and its pool state. Pass --yes to confirm without a terminal.`,
    );
    expect(await readdir(rig.accountsDir)).toStrictEqual([]);
    expect(rig.output.text()).toContain('No accounts yet.');
  });

  it('signs a revoked account in again, keeping its other fields, and enables it', async () => {
    // Prepare
    await mkdir(rig.accountsDir, { recursive: true });
    await writeFile(
      join(rig.accountsDir, 'ca1.json'),
      JSON.stringify({
        backend: 'code-assist',
        projectId: 'kept',
        credentials: { refresh_token: '1//revoked' },
      }),
    );
    await rig.setup(['disable', '--id', 'ca1', '--reason', 'credentials revoked (invalid_grant)']);

    // Act
    await rig.setup(['reauth', '--id', 'ca1']);
    await rig.status(['--json']);

    // Assess
    expect(await rig.readAccountFile('ca1')).toStrictEqual({
      backend: 'code-assist',
      projectId: 'kept',
      credentials: signedIn,
    });
    const status = JSON.parse(rig.output.text().slice(rig.output.text().lastIndexOf('{\n  "target"')));
    expect(status.accounts[0].enabled).toStrictEqual(true);
  });

  it('makes a client key for GATEWAY_API_KEYS and lists the configured ones by hint only', async () => {
    // Prepare
    rig.environment.GATEWAY_API_KEYS = 'sk-local-configured-key-1';

    // Act
    await rig.setup(['keys', 'create']);
    await rig.setup(['keys', 'list']);
    const revoke = await setupFailure(rig.setup(['keys', 'revoke', '--key-id', 'key-x', '--yes']));

    // Assess
    const printed = rig.output.text();
    expect(printed).toMatch(
      /New client key key-[0-9a-f]{8} \(shown this once; keep it now\):\n\n {2}gw-[\w-]{40}\n/,
    );
    expect(printed).toContain('add this key there (comma-separated) and restart npm start');
    expect(printed).toMatch(/key-[0-9a-f]{8} {2}sk-…ey-1/);
    expect(printed).not.toContain('sk-local-configured-key-1');
    expect(revoke.message).toContain('Local client keys live in GATEWAY_API_KEYS');
  });
});
