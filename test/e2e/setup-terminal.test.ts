/**
 * `npm run setup` as a person uses it: the real entry point in a real pseudo-terminal, arrow keys and
 * Enter through the menu, a masked API key typed at the prompt, a test request to the fake Google, the
 * health table, Exit.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGoogle, startFakeGoogle } from '../fakes/fake-google.js';
import { keys, startTerminalSession, type TerminalSession } from './terminal-session.js';

describe('npm run setup in a terminal', () => {
  let google: FakeGoogle;
  let root: string;
  let session: TerminalSession | undefined;

  beforeEach(async () => {
    google = await startFakeGoogle();
    root = await mkdtemp(join(tmpdir(), 'gateway-terminal-'));
  });

  afterEach(async () => {
    session?.kill();
    await google.close();
    await rm(root, { recursive: true, force: true });
  });

  it('adds an API-key account from the menu, tests it, lists it and exits', { timeout: 90_000 }, async () => {
    // Prepare
    const apiKey = 'AIzaSyTYPED-at-the-prompt-000000000';
    google.acceptApiKey(apiKey);
    session = startTerminalSession({
      command: [process.execPath, '--import', 'tsx', 'scripts/setup.ts', '--target', 'local'],
      env: {
        PATH: process.env.PATH,
        HOME: root,
        TERM: 'xterm-256color',
        ACCOUNTS_DIR: join(root, 'accounts'),
        STATE_DIR: join(root, 'state'),
        GEMINI_API_ENDPOINT: google.baseUrl,
      },
    });
    const { waitFor, type } = session;

    // Act
    await waitFor('What would you like to do?');
    type(keys.enter);
    await waitFor('Backend:');
    type(keys.down + keys.enter);
    await waitFor('Account id:');
    type(`k1${keys.enter}`);
    await waitFor('Gemini API key');
    type(apiKey + keys.enter);
    await waitFor('Added k1 (gemini-api)');
    await waitFor('What would you like to do?');
    type(keys.down.repeat(3) + keys.enter);
    await waitFor('Account to test:');
    type(keys.enter);
    await waitFor('k1 works: gemini-2.5-flash answered');
    await waitFor('What would you like to do?');
    type(keys.down.repeat(2) + keys.enter);
    await waitFor('k1  gemini-api   enabled');
    await waitFor('What would you like to do?');
    type(keys.up + keys.enter);
    const exitCode = await session.exited();

    // Assess
    expect(exitCode).toStrictEqual(0);
    expect(JSON.parse(await readFile(join(root, 'accounts', 'k1.json'), 'utf8'))).toStrictEqual({
      id: 'k1',
      backend: 'gemini-api',
      apiKey,
    });
    expect(session.screen()).toContain('✔ Gemini API key (https://aistudio.google.com/apikey): ****');
    expect(session.screen()).not.toContain(apiKey);
    expect(google.calls.map((call) => [call.backend, call.model, call.apiKey])).toStrictEqual([
      ['gemini-api', 'gemini-2.5-flash', apiKey],
    ]);
  });
});
