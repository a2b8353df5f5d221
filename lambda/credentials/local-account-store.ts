/**
 * Accounts as JSON files in a folder (ACCOUNTS_DIR): every `*.json` is one account document
 * (DESIGN.md §3.3), its id defaulting to the file name. Refreshed credentials are written back into the
 * same file atomically (temp file in the same folder, fsync, rename), every other field and the file's
 * mode kept; saves to one file are serialised so concurrent refreshes never lose a write.
 */
import { randomUUID } from 'node:crypto';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../core/ports.js';
import { type Account, accountDocumentSchema, type OAuthCredentials, toAccount } from './account.js';
import type { AccountStore } from './account-store.js';

export interface LocalAccountStoreOptions {
  directory: string;
  logger: Logger;
}

/**
 * @example
 * const store = createLocalAccountStore({ directory: './accounts', logger });
 * const accounts = await store.list();
 */
export function createLocalAccountStore({ directory, logger }: LocalAccountStoreOptions): AccountStore {
  /** Account id → file, for ids that differ from their file name. */
  const filesById = new Map<string, string>();
  /** File → the save in progress, so saves to one file run one after another. */
  const saving = new Map<string, Promise<void>>();

  async function list(): Promise<Account[]> {
    const names = await readJsonFileNames({ directory, logger });
    const accounts: Account[] = [];
    filesById.clear();
    for (const name of names) {
      const account = await readAccount({ file: path.join(directory, name), name, logger });
      if (!account) continue;
      if (filesById.has(account.id)) {
        logger.warn('Skipping an account file whose id is already taken', {
          file: name,
          accountId: account.id,
        });
        continue;
      }
      filesById.set(account.id, path.join(directory, name));
      accounts.push(account);
    }
    return accounts;
  }

  // Everything before the first await runs at call time, so saves queue in call order.
  async function saveCredentials(accountId: string, credentials: OAuthCredentials): Promise<void> {
    const file = filesById.get(accountId) ?? fileForId({ directory, accountId });
    const previous = saving.get(file) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => writeCredentials({ file, credentials }));
    saving.set(file, next);
    const forget = () => {
      if (saving.get(file) === next) saving.delete(file);
    };
    next.then(forget, forget);
    await next;
  }

  return { list, saveCredentials };
}

async function readJsonFileNames({
  directory,
  logger,
}: {
  directory: string;
  logger: Logger;
}): Promise<string[]> {
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    logger.warn('The accounts folder does not exist; no accounts loaded', { directory });
    return [];
  }
}

/** One account, or undefined (logged) when the file is not a valid account document. */
async function readAccount(input: {
  file: string;
  name: string;
  logger: Logger;
}): Promise<Account | undefined> {
  const { file, name, logger } = input;
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    // JSON.parse messages quote the text, which holds secrets: say only which file.
    logger.warn('Skipping an account file that is not valid JSON', { file: name });
    return undefined;
  }
  const parsed = accountDocumentSchema.safeParse(document);
  if (!parsed.success) {
    logger.warn('Skipping an invalid account file', {
      file: name,
      issues: parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'),
    });
    return undefined;
  }
  return toAccount(parsed.data, name.slice(0, -'.json'.length));
}

function fileForId({ directory, accountId }: { directory: string; accountId: string }): string {
  if (accountId !== path.basename(accountId) || accountId.startsWith('.')) {
    throw new Error(`Account id ${JSON.stringify(accountId)} cannot name a file`);
  }
  return path.join(directory, `${accountId}.json`);
}

/** Re-reads the file so fields edited since it was listed are kept, then replaces it atomically. */
async function writeCredentials({
  file,
  credentials,
}: {
  file: string;
  credentials: OAuthCredentials;
}): Promise<void> {
  const document = await readJsonObject(file);
  const current = document as { credentials?: OAuthCredentials };
  const updated = { ...current, credentials: { ...current.credentials, ...credentials } };
  const { mode } = await stat(file);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'wx', mode & 0o777);
    try {
      await handle.writeFile(`${JSON.stringify(updated, null, 2)}\n`, 'utf8');
      // The umask may have narrowed the mode given to open().
      await handle.chmod(mode & 0o777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function readJsonObject(file: string): Promise<Record<string, unknown>> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    // As above: the parser's message would quote secrets.
    throw new Error(`${path.basename(file)} is not valid JSON`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new Error(`${path.basename(file)} is not a JSON object`);
  }
  return document as Record<string, unknown>;
}
