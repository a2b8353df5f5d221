import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecordingLogger, type RecordingLogger } from '../../test/fakes/recording-logger.js';
import { createLocalAccountStore } from './local-account-store.js';

describe('local account store', () => {
  let directory: string;
  let logger: RecordingLogger;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'accounts-'));
    logger = createRecordingLogger();
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function writeJson(name: string, value: unknown, mode = 0o600): Promise<void> {
    await writeFile(path.join(directory, name), JSON.stringify(value, null, 2), { mode });
    await chmod(path.join(directory, name), mode);
  }

  async function readJson(name: string): Promise<unknown> {
    return JSON.parse(await readFile(path.join(directory, name), 'utf8'));
  }

  it('accepts the seed format as it is, id from the file name, backend code-assist', async () => {
    // Prepare
    await writeJson('gemini-proxy-01.json', {
      projectId: 'gemini-proxy-01',
      credentials: {
        refresh_token: '1//seed',
        access_token: 'ya29.seed',
        expiry_date: 1764140000000,
        token_type: 'Bearer',
      },
    });

    // Act
    const accounts = await createLocalAccountStore({ directory, logger }).list();

    // Assess
    expect(accounts).toStrictEqual([
      {
        id: 'gemini-proxy-01',
        backend: 'code-assist',
        projectId: 'gemini-proxy-01',
        credentials: {
          refresh_token: '1//seed',
          access_token: 'ya29.seed',
          expiry_date: 1764140000000,
          token_type: 'Bearer',
        },
      },
    ]);
  });

  it('reads the full document with its own id, in file-name order', async () => {
    // Prepare
    await writeJson('b.json', { id: 'acct-b', backend: 'gemini-api', apiKey: 'AIza-key-b' });
    await writeJson('a.json', {
      id: 'acct-a',
      backend: 'vertex',
      projectId: 'p',
      location: 'us-central1',
      credentials: { refresh_token: '1//a' },
      oauthClient: { clientId: 'id', clientSecret: 'secret' },
    });

    // Act
    const accounts = await createLocalAccountStore({ directory, logger }).list();

    // Assess
    expect(accounts.map((account) => [account.id, account.backend])).toStrictEqual([
      ['acct-a', 'vertex'],
      ['acct-b', 'gemini-api'],
    ]);
  });

  it('skips invalid files and logs only their names and issue paths, never their content', async () => {
    // Prepare
    await writeFile(path.join(directory, 'broken.json'), '{"credentials": {"refresh_token": "1//leak-me"');
    await writeJson('wrong.json', {
      backend: 'azure',
      credentials: { refresh_token: 42 },
      apiKey: 'AIza-leak-me',
    });
    await writeFile(path.join(directory, 'notes.txt'), 'not an account');
    await writeJson('good.json', { credentials: { refresh_token: '1//good' } });

    // Act
    const accounts = await createLocalAccountStore({ directory, logger }).list();

    // Assess
    expect(accounts.map((account) => account.id)).toStrictEqual(['good']);
    expect(logger.entries).toStrictEqual([
      {
        level: 'warn',
        message: 'Skipping an account file that is not valid JSON',
        fields: { file: 'broken.json' },
      },
      {
        level: 'warn',
        message: 'Skipping an invalid account file',
        fields: { file: 'wrong.json', issues: ['backend', 'credentials.refresh_token'] },
      },
    ]);
    expect(logger.text()).not.toContain('leak-me');
  });

  it('skips a second file claiming an id already taken', async () => {
    // Prepare
    await writeJson('a.json', { id: 'same', credentials: { refresh_token: '1//a' } });
    await writeJson('b.json', { id: 'same', credentials: { refresh_token: '1//b' } });

    // Act
    const accounts = await createLocalAccountStore({ directory, logger }).list();

    // Assess
    expect(accounts.map((account) => account.credentials?.refresh_token)).toStrictEqual(['1//a']);
  });

  it('answers an empty list when the folder does not exist', async () => {
    // Act
    const accounts = await createLocalAccountStore({
      directory: path.join(directory, 'missing'),
      logger,
    }).list();

    // Assess
    expect(accounts).toStrictEqual([]);
  });

  it('writes refreshed credentials back keeping every other field and the file mode, atomically', async () => {
    // Prepare
    await writeJson(
      'seed.json',
      {
        projectId: 'p',
        note: 'kept',
        credentials: {
          refresh_token: '1//seed',
          access_token: 'ya29.old',
          expiry_date: 1,
          extra: 'kept too',
        },
      },
      0o640,
    );
    const store = createLocalAccountStore({ directory, logger });
    await store.list();

    // Act
    await store.saveCredentials('seed', { access_token: 'ya29.new', expiry_date: 2, token_type: 'Bearer' });

    // Assess
    expect(await readJson('seed.json')).toStrictEqual({
      projectId: 'p',
      note: 'kept',
      credentials: {
        refresh_token: '1//seed',
        access_token: 'ya29.new',
        expiry_date: 2,
        extra: 'kept too',
        token_type: 'Bearer',
      },
    });
    expect((await stat(path.join(directory, 'seed.json'))).mode & 0o777).toStrictEqual(0o640);
    expect(await readdir(directory)).toStrictEqual(['seed.json']);
  });

  it('writes to the file an id came from even when the id differs from the file name', async () => {
    // Prepare
    await writeJson('file-name.json', { id: 'acct-x', credentials: { refresh_token: '1//x' } });
    const store = createLocalAccountStore({ directory, logger });
    await store.list();

    // Act
    await store.saveCredentials('acct-x', { access_token: 'ya29.x' });

    // Assess
    expect(await readJson('file-name.json')).toStrictEqual({
      id: 'acct-x',
      credentials: { refresh_token: '1//x', access_token: 'ya29.x' },
    });
  });

  it('serialises concurrent saves to one file so none is lost or torn', async () => {
    // Prepare
    await writeJson('a.json', { credentials: { refresh_token: '1//a' } });
    const store = createLocalAccountStore({ directory, logger });
    await store.list();

    // Act
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.saveCredentials('a', { [`field${index}`]: index, expiry_date: index }),
      ),
    );

    // Assess
    const document = (await readJson('a.json')) as { credentials: Record<string, unknown> };
    expect(document.credentials.expiry_date).toStrictEqual(19);
    expect(Object.keys(document.credentials).filter((key) => key.startsWith('field')).length).toStrictEqual(
      20,
    );
    expect(await readdir(directory)).toStrictEqual(['a.json']);
  });

  it('refuses an id that would name a file outside the folder', async () => {
    // Act
    const error = await createLocalAccountStore({ directory, logger })
      .saveCredentials('../escape', { access_token: 'x' })
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(Error);
  });

  it('leaves the file untouched and no temp file behind when the file is not JSON any more', async () => {
    // Prepare
    await writeFile(path.join(directory, 'a.json'), 'garbage 1//secret');
    const store = createLocalAccountStore({ directory, logger });

    // Act
    const error = await store.saveCredentials('a', { access_token: 'x' }).catch((caught: unknown) => caught);

    // Assess
    expect((error as Error).message).toStrictEqual('a.json is not valid JSON');
    expect(await readFile(path.join(directory, 'a.json'), 'utf8')).toStrictEqual('garbage 1//secret');
    expect(await readdir(directory)).toStrictEqual(['a.json']);
  });
});
