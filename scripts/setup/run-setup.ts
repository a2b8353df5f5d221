/**
 * `npm run setup`: parses the command line, finds the target, and runs one action from flags or the
 * interactive menu. Everything from the outside world comes in as a dependency, so tests drive the
 * real flows against the fake Google, mocked AWS clients and a real DynamoDB implementation.
 */
import type { Dispatcher } from 'undici';
import type { Clock } from '../../lambda/core/ports.js';
import { readEnvironmentConfig } from '../targets/read-environment-config.js';
import { type AwsClients, resolveTarget } from '../targets/resolve-target.js';
import { addAccount } from './add-account.js';
import type { BrowserOpener } from './browser-opener.js';
import { changeAccountState } from './change-account-state.js';
import { importAccount } from './import-account.js';
import { listAccounts } from './list-accounts.js';
import { manageClientKeys } from './manage-client-keys.js';
import { parseSetupArguments, setupUsage } from './parse-setup-arguments.js';
import type { Output, Prompter } from './prompter.js';
import { reauthoriseAccount } from './reauthorise-account.js';
import { removeAccount } from './remove-account.js';
import { runMenu } from './run-menu.js';
import { SetupError } from './setup-error.js';
import { testAccount } from './test-account.js';
import type { WizardContext } from './wizard-context.js';

const defaultAuthorizationUrl = 'https://accounts.google.com/o/oauth2/v2/auth';

export interface SetupDependencies {
  argv: readonly string[];
  /** The process environment: the same variables as `npm start`, plus GOOGLE_OAUTH_AUTH_URL. */
  environment: Record<string, string | undefined>;
  /** Whether a person is at a terminal (the menu needs one). */
  interactive: boolean;
  prompter: Prompter;
  output: Output;
  clock: Clock;
  dispatcher: Dispatcher;
  aws: AwsClients;
  browser: BrowserOpener;
  settingsDir: string;
  /** How long a sign-in waits for the user (default 5 minutes). */
  signInTimeoutMs?: number;
}

/**
 * @example
 * await runSetup({ argv: process.argv.slice(2), environment: process.env, interactive, prompter, output, clock: systemClock, dispatcher, aws, browser, settingsDir });
 * @throws SetupError for every failure the operator can act on.
 */
export async function runSetup(dependencies: SetupDependencies): Promise<void> {
  const { command, options } = parseSetupArguments(dependencies.argv);
  const { output } = dependencies;
  if (command.name === 'help') {
    output.print(setupUsage);
    return;
  }
  if (command.name === 'menu' && !dependencies.interactive) {
    throw new SetupError(`No command given, and no terminal for the menu.\n\n${setupUsage}`);
  }
  const config = readEnvironmentConfig(dependencies.environment);
  const target = await resolveTarget({
    options,
    local: config,
    aws: dependencies.aws,
    clock: dependencies.clock,
    output,
  });
  const context: WizardContext = {
    target,
    options,
    prompter: dependencies.prompter,
    output,
    clock: dependencies.clock,
    dispatcher: dependencies.dispatcher,
    google: {
      authorizationUrl: readAuthorizationUrl(dependencies.environment),
      upstream: config.upstream,
    },
    browser: dependencies.browser,
    settingsDir: dependencies.settingsDir,
    signInTimeoutMs: dependencies.signInTimeoutMs ?? 5 * 60_000,
  };
  try {
    switch (command.name) {
      case 'menu':
        return await runMenu(context);
      case 'add':
        return await addAccount(context);
      case 'import':
        return await importAccount(context);
      case 'list':
        return await listAccounts(context);
      case 'test':
        return await testAccount(context);
      case 'reauth':
        return await reauthoriseAccount(context);
      case 'disable':
      case 'enable':
        return await changeAccountState({ context, change: command.name });
      case 'remove':
        return await removeAccount(context);
      case 'keys':
        return await manageClientKeys({ context, action: command.action });
      default:
        return command satisfies never;
    }
  } finally {
    await target.close();
  }
}

/** GOOGLE_OAUTH_AUTH_URL: Google's consent page unless set (tests point it at the fake). */
function readAuthorizationUrl(environment: Record<string, string | undefined>): string {
  const url = environment.GOOGLE_OAUTH_AUTH_URL || defaultAuthorizationUrl;
  if (!URL.canParse(url)) throw new SetupError('Invalid configuration: GOOGLE_OAUTH_AUTH_URL is not a URL');
  return url;
}
