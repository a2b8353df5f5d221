/**
 * `npm run setup -- <command> [flags]`: every wizard action also runs from flags alone, for scripts and
 * CI. Without a command the interactive menu starts. Secrets are only ever read from files
 * (`--api-key-file`, `--oauth-client-secret-file`), never from the command line, where shell history
 * and the process list would keep them.
 */
import { parseArgs } from 'node:util';
import { type BackendKind, backendKinds } from '../../lambda/credentials/account.js';
import {
  dropUndefined,
  readTargetOptions,
  type TargetOptions,
  targetOptionConfig,
  targetUsage,
} from '../targets/target-options.js';
import { SetupError } from './setup-error.js';

const accountCommands = ['add', 'import', 'list', 'test', 'reauth', 'disable', 'enable', 'remove'] as const;
export type AccountCommand = (typeof accountCommands)[number];

const keysActions = ['create', 'list', 'revoke'] as const;
export type KeysAction = (typeof keysActions)[number];

export type SetupCommand =
  | { name: 'menu' }
  | { name: 'help' }
  | { name: AccountCommand }
  | { name: 'keys'; action: KeysAction };

export interface SetupOptions extends TargetOptions {
  backend?: BackendKind;
  id?: string;
  project?: string;
  location?: string;
  apiKeyFile?: string;
  serviceAccountFile?: string;
  /** `import`: the credentials file. */
  file?: string;
  headless: boolean;
  /** Loopback port for the OAuth redirect; 0 picks a free one. */
  port: number;
  oauthClientId?: string;
  oauthClientSecretFile?: string;
  model?: string;
  reason?: string;
  yes: boolean;
  keyId?: string;
}

export interface SetupArguments {
  command: SetupCommand;
  options: SetupOptions;
}

export const setupUsage = `Usage: npm run setup [-- <command> [flags]]

Without a command, an interactive menu. Commands:
  add        add an account: --backend code-assist|gemini-api|vertex --id ID
               code-assist / vertex (OAuth): [--project P] [--headless] [--port N]
                 [--oauth-client-id ID --oauth-client-secret-file FILE]
               gemini-api: --api-key-file FILE
               vertex: --project P [--location us-central1] [--service-account-file KEY.json]
  import     import a credentials file: --file FILE [--id ID]
               (an account document, the original project's {projectId, credentials}, or the
               Gemini CLI's oauth_creds.json)
  list       the accounts and their health
  test       one tiny request through Google: --id ID [--model gemini-2.5-flash]
  reauth     sign an OAuth account in again: --id ID [--headless] [--port N]
  disable    take an account out of the pool: --id ID [--reason TEXT]
  enable     put it back: --id ID
  remove     delete an account's credentials and pool state: --id ID --yes
  keys create | keys list | keys revoke --key-id ID
             the client keys OpenAI clients send

${targetUsage}`;

/**
 * @example
 * parseSetupArguments(['add', '--backend', 'gemini-api', '--id', 'k1', '--api-key-file', './key.txt', '--target', 'local']);
 * @throws SetupError naming the unknown command or the bad flag.
 */
export function parseSetupArguments(argv: readonly string[]): SetupArguments {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    // parseArgs explains the problem in its message ("Unknown option '--x'"); it holds no secret.
    throw new SetupError(`${error instanceof Error ? error.message : 'Invalid arguments'}\n\n${setupUsage}`);
  }
  const { values, positionals } = parsed;
  return {
    command: values.help ? { name: 'help' } : readCommand(positionals),
    options: readOptions(values),
  };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      ...targetOptionConfig,
      backend: { type: 'string' },
      id: { type: 'string' },
      project: { type: 'string' },
      location: { type: 'string' },
      'api-key-file': { type: 'string' },
      'service-account-file': { type: 'string' },
      file: { type: 'string' },
      headless: { type: 'boolean', default: false },
      port: { type: 'string' },
      'oauth-client-id': { type: 'string' },
      'oauth-client-secret-file': { type: 'string' },
      model: { type: 'string' },
      reason: { type: 'string' },
      yes: { type: 'boolean', short: 'y', default: false },
      'key-id': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

function readCommand(positionals: string[]): SetupCommand {
  const [name, action, ...extra] = positionals;
  if (name === undefined) return { name: 'menu' };
  if (name === 'keys') {
    if (!(keysActions as readonly string[]).includes(action ?? '') || extra.length > 0) {
      throw new SetupError(`Usage: keys create | keys list | keys revoke --key-id ID\n\n${setupUsage}`);
    }
    return { name, action: action as KeysAction };
  }
  if (!(accountCommands as readonly string[]).includes(name) || action !== undefined) {
    throw new SetupError(`Unknown command: ${positionals.join(' ')}\n\n${setupUsage}`);
  }
  return { name: name as AccountCommand };
}

function readOptions(values: ReturnType<typeof parseFlags>['values']): SetupOptions {
  const { backend, port } = values;
  if (backend !== undefined && !(backendKinds as readonly string[]).includes(backend)) {
    throw new SetupError(
      `--backend must be one of ${backendKinds.join(', ')}, not ${JSON.stringify(backend)}`,
    );
  }
  return {
    ...readTargetOptions(values),
    ...dropUndefined({
      backend: backend as BackendKind | undefined,
      id: values.id,
      project: values.project,
      location: values.location,
      apiKeyFile: values['api-key-file'],
      serviceAccountFile: values['service-account-file'],
      file: values.file,
      oauthClientId: values['oauth-client-id'],
      oauthClientSecretFile: values['oauth-client-secret-file'],
      model: values.model,
      reason: values.reason,
      keyId: values['key-id'],
    }),
    headless: values.headless,
    port: readPort(port),
    yes: values.yes,
  };
}

function readPort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new SetupError(`--port must be a port number from 1 to 65535, not ${JSON.stringify(text)}`);
  }
  return port;
}
