/**
 * Local mode (`npm start`): every account is a file `ACCOUNTS_DIR/<id>.json`, the pool state is the
 * embedded store under STATE_DIR, the client keys are GATEWAY_API_KEYS. A running gateway picks up a
 * new file on its next listing of the folder; nothing needs a restart.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../lambda/core/ports.js';
import type { Account } from '../../lambda/credentials/account.js';
import { createLocalAccountStore } from '../../lambda/credentials/local-account-store.js';
import { localPoolName, localPoolTableName } from '../../lambda/local/local-pool-state.js';
import type { Output } from '../setup/prompter.js';
import { SetupError } from '../setup/setup-error.js';
import type { AccountTarget, NewAccountDocument } from './account-target.js';
import { createEnvironmentClientKeyStore } from './client-key-store.js';
import { openLocalPool } from './open-local-pool.js';
import { createPoolAccess } from './pool-access.js';

export interface LocalTargetOptions {
  accountsDir: string;
  stateDir: string;
  /** GATEWAY_API_KEYS. */
  apiKeys: readonly string[];
  /** Where warnings about unreadable account files go. */
  output: Output;
}

/** @example const target = createLocalTarget({ accountsDir: './accounts', stateDir: './.gateway-state', apiKeys: [], output }); */
export function createLocalTarget(options: LocalTargetOptions): AccountTarget {
  const { accountsDir, stateDir, output } = options;
  const accounts = createLocalAccountStore({ directory: accountsDir, logger: printWarnings(output) });
  const locate = (accountId: string) => join(accountsDir, `${accountId}.json`);

  async function readAccount(accountId: string): Promise<Account> {
    const account = (await accounts.list()).find(({ id }) => id === accountId);
    if (!account) throw new SetupError(`No account ${accountId} in ${accountsDir}`);
    return account;
  }

  const target: AccountTarget = {
    kind: 'local',
    description: `local: accounts in ${accountsDir}, pool state in ${stateDir}`,
    locate,
    async listAccounts() {
      return (await accounts.list()).map(({ id, backend, credentials }) => ({
        id,
        backend,
        ...(credentials?.expiry_date === undefined ? {} : { tokenExpiresAt: credentials.expiry_date }),
      }));
    },
    readAccount,
    async createAccount(document) {
      if ((await accounts.list()).some(({ id }) => id === document.id)) throw duplicate(document.id);
      await mkdir(accountsDir, { recursive: true, mode: 0o700 });
      await writeNewFile({ file: locate(document.id), document });
    },
    async saveCredentials(accountId, credentials) {
      // Listing first maps ids to their files, for accounts whose file is named otherwise.
      await readAccount(accountId);
      await accounts.saveCredentials(accountId, credentials);
    },
    async removeAccount(accountId) {
      try {
        await rm(locate(accountId));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        await readAccount(accountId);
        throw new SetupError(
          `The file of account ${accountId} is not named ${accountId}.json: delete it by hand`,
        );
      }
      // In-memory state dies with the gateway; there is nothing to forget.
      if (stateDir !== 'memory') await target.withPool((pool) => pool.forgetAccount(accountId));
    },
    async withPool(use) {
      const connection = await openLocalPool({ stateDir });
      try {
        return await use(
          createPoolAccess({
            client: connection.client,
            tableName: localPoolTableName,
            poolName: localPoolName,
          }),
        );
      } finally {
        await connection.close();
      }
    },
    clientKeys: createEnvironmentClientKeyStore({ keys: options.apiKeys }),
    close: async () => {},
  };
  return target;

  function duplicate(accountId: string): SetupError {
    return new SetupError(
      `An account with id ${accountId} already exists in ${accountsDir}: choose another id, or remove it first`,
    );
  }

  /**
   * Written whole or not at all, and never over an existing file: a temporary file (owner-only, it
   * holds secrets) linked into place, which fails if the name is taken.
   */
  async function writeNewFile({
    file,
    document,
  }: {
    file: string;
    document: NewAccountDocument;
  }): Promise<void> {
    const temporary = join(accountsDir, `.${document.id}.${randomUUID()}.tmp`);
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await link(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw duplicate(document.id);
      throw error;
    } finally {
      await rm(temporary, { force: true });
    }
  }
}

/**
 * The account store logs the files it skips (names and field paths only): the operator should see
 * those. A missing folder is no news to the wizard, which creates it with the first account.
 */
function printWarnings(output: Output): Logger {
  const print = (message: string, fields?: Record<string, unknown>) => {
    if (typeof fields?.file === 'string') output.print(`! ${message}: ${fields.file}`);
  };
  return { debug: () => {}, info: () => {}, warn: print, error: print };
}
