/**
 * `npm run setup`: the account wizard (interactive menu, or one command from flags; `--help` lists
 * them). See scripts/setup/run-setup.ts.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../lambda/core/ports.js';
import { resolveProxyUrl, sharedDispatcher } from '../lambda/upstream/http-client.js';
import { runCli } from './run-cli.js';
import { createBrowserOpener } from './setup/browser-opener.js';
import { createFlagsPrompter } from './setup/create-flags-prompter.js';
import { createTerminalPrompter } from './setup/create-terminal-prompter.js';
import { runSetup } from './setup/run-setup.js';
import { defaultAwsClients } from './targets/default-aws-clients.js';

const environment = process.env;
const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);

await runCli(() =>
  runSetup({
    argv: process.argv.slice(2),
    environment,
    interactive,
    prompter: interactive ? createTerminalPrompter() : createFlagsPrompter({ input: process.stdin }),
    output: { print: (text) => void process.stdout.write(`${text}\n`) },
    clock: systemClock,
    dispatcher: sharedDispatcher({ proxyUrl: resolveProxyUrl({ environment }) }),
    aws: defaultAwsClients,
    browser: createBrowserOpener({ platform: process.platform, environment }),
    settingsDir: join(environment.XDG_CONFIG_HOME || join(homedir(), '.config'), 'gemini-gateway'),
  }),
);
