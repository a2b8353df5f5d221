import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Dispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../lambda/upstream/http-client.js';
import { approveConsent, findUrl, visit } from '../../test/fakes/fake-browser.js';
import { type FakeGoogle, fakeOAuthClient, startFakeGoogle } from '../../test/fakes/fake-google.js';
import { createPatientClock } from '../../test/fakes/patient-clock.js';
import {
  createRecordingOutput,
  createScriptedPrompter,
  type RecordingOutput,
} from '../../test/fakes/scripted-prompter.js';
import { createTestClock } from '../../test/fakes/test-clock.js';
import { type RunOAuthFlowInput, runOAuthFlow } from './run-oauth-flow.js';
import { SetupError } from './setup-error.js';

const now = Date.parse('2026-07-04T12:00:00Z');

const patientClock = createPatientClock({ now });

describe('runOAuthFlow', () => {
  let google: FakeGoogle;
  let dispatcher: Dispatcher;
  let output: RecordingOutput;

  beforeEach(async () => {
    google = await startFakeGoogle({ clock: patientClock });
    dispatcher = createDispatcher({});
    output = createRecordingOutput();
  });

  afterEach(async () => {
    await dispatcher.close();
    await google.close();
  });

  function flowInput(overrides: Partial<RunOAuthFlowInput> = {}): RunOAuthFlowInput {
    return {
      oauthClient: fakeOAuthClient,
      authorizationUrl: google.authorizationUrl,
      tokenUrl: google.tokenUrl,
      port: 0,
      headless: false,
      timeoutMs: 300_000,
      dispatcher,
      clock: patientClock,
      output,
      prompter: createScriptedPrompter(),
      openBrowser: async () => false,
      ...overrides,
    };
  }

  /** A browser that approves and follows the redirect back to the receiver, optionally tampering with it. */
  function browser(tamper: (redirect: URL) => void = () => {}) {
    const pages: Array<{ status: number; text: string }> = [];
    const openBrowser = async (url: string) => {
      const redirect = new URL(await approveConsent(url));
      tamper(redirect);
      pages.push(await visit(redirect.toString()));
      return true;
    };
    return { openBrowser, pages };
  }

  const pastedRedirect = () =>
    approveConsent(findUrl({ text: output.text(), startingWith: google.authorizationUrl }));

  const signedIn = {
    refresh_token: '1//fake-refresh-code-1',
    access_token: 'ya29.fake-code-1-1',
    expiry_date: now + 3_599_000,
    token_type: 'Bearer',
    scope: 'https://www.googleapis.com/auth/cloud-platform',
  };

  it('signs in through the loopback redirect with PKCE S256, offline access and a state', async () => {
    // Prepare
    const user = browser();

    // Act
    const credentials = await runOAuthFlow(flowInput({ openBrowser: user.openBrowser }));

    // Assess
    expect(credentials).toStrictEqual(signedIn);
    expect(user.pages.map((page) => page.status)).toStrictEqual([200]);
    const { query } = google.authorizationCalls[0] ?? { query: {} };
    expect({
      method: query.code_challenge_method,
      access: query.access_type,
      prompt: query.prompt,
      redirect: query.redirect_uri?.replace(/:\d+\//, ':PORT/'),
      hasState: (query.state ?? '').length >= 16,
    }).toStrictEqual({
      method: 'S256',
      access: 'offline',
      prompt: 'consent',
      redirect: 'http://127.0.0.1:PORT/oauth2callback',
      hasState: true,
    });
  });

  it('signs in headless from the pasted redirect address', async () => {
    // Prepare
    const prompter = createScriptedPrompter({ paste: pastedRedirect });

    // Act
    const credentials = await runOAuthFlow(flowInput({ headless: true, prompter }));

    // Assess
    expect(credentials).toStrictEqual(signedIn);
    expect(output.text()).toContain('Copy that whole address');
  });

  it('signs in headless from the pasted code alone', async () => {
    // Prepare
    const prompter = createScriptedPrompter({
      paste: async () => new URL(await pastedRedirect()).searchParams.get('code') ?? '',
    });

    // Act
    const credentials = await runOAuthFlow(flowInput({ headless: true, prompter }));

    // Assess
    expect(credentials).toStrictEqual(signedIn);
  });

  it('rejects a redirect whose state does not match, before any token is asked for', async () => {
    // Prepare
    const user = browser((redirect) => redirect.searchParams.set('state', 'forged-state-value'));

    // Act
    const error = await runOAuthFlow(flowInput({ openBrowser: user.openBrowser })).catch((caught) => caught);

    // Assess
    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toContain('state does not match');
    expect(user.pages.map((page) => page.status)).toStrictEqual([400]);
    expect(google.tokenCalls).toStrictEqual([]);
  });

  it('rejects a pasted redirect whose state does not match', async () => {
    // Prepare
    const prompter = createScriptedPrompter({
      paste: async () => (await pastedRedirect()).replace(/state=[^&]+/, 'state=stale'),
    });

    // Act
    const error = await runOAuthFlow(flowInput({ headless: true, prompter })).catch((caught) => caught);

    // Assess
    expect((error as Error).message).toContain('state does not match');
    expect(google.tokenCalls).toStrictEqual([]);
  });

  it('says so when the user denies access', async () => {
    // Prepare
    google.denyAuthorization();
    const user = browser();

    // Act
    const error = await runOAuthFlow(flowInput({ openBrowser: user.openBrowser })).catch((caught) => caught);

    // Assess
    expect(error).toStrictEqual(
      new SetupError(
        'Google sign-in was cancelled or access was denied (access_denied); run the command again and allow access',
      ),
    );
  });

  it('gives up when nobody answers in time', async () => {
    // Prepare: the test clock's sleep returns at once, so the wait is over as soon as it starts.
    const clock = createTestClock({ start: now });

    // Act
    const error = await runOAuthFlow(flowInput({ clock, timeoutMs: 120_000 })).catch((caught) => caught);

    // Assess
    expect(error).toStrictEqual(
      new SetupError(
        'No answer from the Google sign-in within 120 s; run the command again (on a machine without a browser, add --headless)',
      ),
    );
    expect(output.text()).toContain('No browser could be opened here');
  });

  it('names the busy port', async () => {
    // Prepare
    const squatter = createServer().listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    const { port } = squatter.address() as { port: number };

    // Act
    const error = await runOAuthFlow(flowInput({ port })).catch((caught) => caught);
    squatter.close();

    // Assess
    expect(error).toStrictEqual(
      new SetupError(
        `Port ${port} on 127.0.0.1 is already in use: pick another with --port, or stop the program using it`,
      ),
    );
  });

  it('reports a rejected OAuth client without quoting its secret', async () => {
    // Prepare
    const user = browser();
    const oauthClient = { clientId: fakeOAuthClient.clientId, clientSecret: 'wrong-secret-value' };

    // Act
    const error = await runOAuthFlow(flowInput({ openBrowser: user.openBrowser, oauthClient })).catch(
      (caught) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toContain('Google rejected the OAuth client (invalid_client)');
    expect((error as Error).message).not.toContain('wrong-secret-value');
  });

  it('prints nothing secret', async () => {
    // Prepare
    const user = browser();

    // Act
    await runOAuthFlow(flowInput({ openBrowser: user.openBrowser }));

    // Assess
    for (const secret of [signedIn.refresh_token, signedIn.access_token, fakeOAuthClient.clientSecret]) {
      expect(output.text()).not.toContain(secret);
    }
  });
});
