/**
 * The operator's own OAuth client, which signs accounts in and refreshes their tokens (this project
 * embeds nobody's client: see the README on Google's terms). In order: `--oauth-client-id` with
 * `--oauth-client-secret-file`; OAUTH_CLIENT_ID / OAUTH_CLIENT_SECRET; the client remembered from an
 * earlier run; asked for, then remembered (owner-only file) so the next run does not ask again.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type OAuthClient, oauthClientSchema } from '../../lambda/credentials/account.js';
import { readSecretFile } from './read-secret-file.js';
import { SetupError } from './setup-error.js';
import type { WizardContext } from './wizard-context.js';

const rememberedFileName = 'oauth-client.json';

/** @example const oauthClient = await resolveOAuthClient(context); */
export async function resolveOAuthClient(context: WizardContext): Promise<OAuthClient> {
  const { options, prompter, output, settingsDir } = context;
  if (options.oauthClientId !== undefined || options.oauthClientSecretFile !== undefined) {
    if (options.oauthClientId === undefined || options.oauthClientSecretFile === undefined) {
      throw new SetupError('--oauth-client-id and --oauth-client-secret-file go together');
    }
    const clientSecret = await readSecretFile({
      path: options.oauthClientSecretFile,
      flag: '--oauth-client-secret-file',
    });
    return { clientId: options.oauthClientId, clientSecret };
  }
  const configured = context.google.upstream.oauthClient ?? (await readRemembered(settingsDir));
  if (configured) return configured;
  output.print(
    [
      'Signing in needs an OAuth client of your own (type "Desktop app"), created at',
      'https://console.cloud.google.com/apis/credentials in a project with the APIs you will use enabled.',
    ].join('\n'),
  );
  const clientId = await prompter.text({
    message: 'OAuth client id:',
    flag: '--oauth-client-id (or OAUTH_CLIENT_ID)',
    validate: (text) => /^\S+$/.test(text) || 'paste the client id, e.g. 123-abc.apps.googleusercontent.com',
  });
  const clientSecret = await prompter.secret({
    message: 'OAuth client secret:',
    flag: '--oauth-client-secret-file (or OAUTH_CLIENT_SECRET)',
  });
  const file = join(settingsDir, rememberedFileName);
  await mkdir(settingsDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify({ clientId, clientSecret }, null, 2)}\n`, { mode: 0o600 });
  output.print(`Remembered the OAuth client in ${file} (readable by you only).`);
  return { clientId, clientSecret };
}

async function readRemembered(settingsDir: string): Promise<OAuthClient | undefined> {
  let text: string;
  try {
    text = await readFile(join(settingsDir, rememberedFileName), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = oauthClientSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Reported below, without the text.
  }
  throw new SetupError(
    `${join(settingsDir, rememberedFileName)} is not a valid OAuth client: delete it to be asked again`,
  );
}
