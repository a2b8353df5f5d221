/**
 * One rig for driving the setup wizard end to end in-process: the fake Google (consent page, token
 * endpoint, Code Assist setup, generate calls), temporary ACCOUNTS_DIR, STATE_DIR and settings folder,
 * a consenting browser, a recording output, and `runSetup` / `runStatus` with the same environment
 * parsing as the real commands, answering like a run without a terminal unless a test scripts the
 * answers. AWS clients come from the test (mocks and a real DynamoDB implementation); by default there
 * are no AWS credentials, so the target is local.
 *
 * @example
 * const rig = await startSetupRig();
 * await rig.setup(['add', '--backend', 'code-assist', '--id', 'ca1']);
 * await rig.readAccountFile('ca1');
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Dispatcher } from 'undici';
import { createDispatcher } from '../../lambda/upstream/http-client.js';
import type { BrowserOpener } from '../../scripts/setup/browser-opener.js';
import { createFlagsPrompter } from '../../scripts/setup/create-flags-prompter.js';
import type { Prompter } from '../../scripts/setup/prompter.js';
import { runSetup } from '../../scripts/setup/run-setup.js';
import { SetupError } from '../../scripts/setup/setup-error.js';
import { runStatus } from '../../scripts/status/run-status.js';
import type { AwsClients } from '../../scripts/targets/resolve-target.js';
import { approveConsent, visit } from '../fakes/fake-browser.js';
import { type FakeGoogle, fakeOAuthClient, startFakeGoogle } from '../fakes/fake-google.js';
import { createPatientClock } from '../fakes/patient-clock.js';
import { createRecordingOutput, type RecordingOutput } from '../fakes/scripted-prompter.js';

export const rigNow = Date.parse('2026-07-04T12:00:00Z');

export interface SetupRig {
  google: FakeGoogle;
  accountsDir: string;
  stateDir: string;
  settingsDir: string;
  output: RecordingOutput;
  /** The environment the commands see; tests may change it before a run. */
  environment: Record<string, string | undefined>;
  setup(argv: string[], overrides?: { prompter?: Prompter; browser?: BrowserOpener }): Promise<void>;
  status(argv: string[]): Promise<void>;
  readAccountFile(id: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A browser that approves the consent page and follows Google's redirect back to the wizard. */
export const consentingBrowser: BrowserOpener = {
  available: true,
  open: async (url) => {
    await visit(await approveConsent(url));
    return true;
  },
};

/** AWS as seen from a machine without AWS credentials: the default target falls back to local. */
export const noStackAws: AwsClients = {
  cloudFormation: () =>
    new CloudFormationClient({
      region: 'eu-west-1',
      credentials: () =>
        Promise.reject(
          Object.assign(new Error('Could not load credentials from any providers'), {
            name: 'CredentialsProviderError',
          }),
        ),
    }),
  secretsManager: (region) => new SecretsManagerClient({ region }),
  dynamoDb: (region) => new DynamoDBClient({ region }),
};

export async function startSetupRig({ aws = noStackAws }: { aws?: AwsClients } = {}): Promise<SetupRig> {
  const clock = createPatientClock({ now: rigNow });
  const google = await startFakeGoogle({ clock });
  const root = await mkdtemp(join(tmpdir(), 'gateway-setup-'));
  const accountsDir = join(root, 'accounts');
  const stateDir = join(root, 'state');
  const settingsDir = join(root, 'settings');
  const dispatcher: Dispatcher = createDispatcher({});
  const output = createRecordingOutput();
  const environment: Record<string, string | undefined> = {
    ACCOUNTS_DIR: accountsDir,
    STATE_DIR: stateDir,
    CODE_ASSIST_ENDPOINT: google.baseUrl,
    GEMINI_API_ENDPOINT: google.baseUrl,
    VERTEX_ENDPOINT: google.baseUrl,
    GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    GOOGLE_OAUTH_AUTH_URL: google.authorizationUrl,
    OAUTH_CLIENT_ID: fakeOAuthClient.clientId,
    OAUTH_CLIENT_SECRET: fakeOAuthClient.clientSecret,
  };
  return {
    google,
    accountsDir,
    stateDir,
    settingsDir,
    output,
    environment,
    setup: (argv, overrides = {}) =>
      runSetup({
        argv,
        environment,
        interactive: false,
        prompter: overrides.prompter ?? createFlagsPrompter({ input: new PassThrough() }),
        output,
        clock,
        dispatcher,
        aws,
        browser: overrides.browser ?? consentingBrowser,
        settingsDir,
      }),
    status: (argv) => runStatus({ argv, environment, output, clock, aws }),
    readAccountFile: async (id) => JSON.parse(await readFile(join(accountsDir, `${id}.json`), 'utf8')),
    close: async () => {
      await dispatcher.close();
      await google.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The strings of `secrets` that the wizard printed (tests expect none). */
export function findPrintedSecrets({
  output,
  secrets,
}: {
  output: RecordingOutput;
  secrets: string[];
}): string[] {
  const printed = output.text();
  return secrets.filter((secret) => printed.includes(secret));
}

/** The `SetupError` a command ends with; anything else (or success) fails the test. */
export async function setupFailure(run: Promise<void>): Promise<SetupError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SetupError)) throw new Error(`expected a SetupError, got ${String(error)}`);
  return error;
}
