/**
 * Imports an existing credentials file (formats in parse-credentials-file.ts). OAuth credentials are
 * proven before anything is stored: their refresh token is spent once with the OAuth client that will
 * refresh them (the file's own `oauthClient`, or the operator's), which also catches tokens issued to
 * another client, such as the Gemini CLI's own, which this gateway may not use. Code Assist accounts
 * then get their project and tier as when added.
 */
import { basename } from 'node:path';
import type { OAuthClient } from '../../lambda/credentials/account.js';
import { refreshAccessToken } from '../../lambda/credentials/refresh-access-token.js';
import { UpstreamError } from '../../lambda/upstream/upstream-error.js';
import type { NewAccountDocument } from '../targets/account-target.js';
import { askAccountId } from './ask-account-id.js';
import { parseCredentialsFile } from './parse-credentials-file.js';
import { readSecretFile } from './read-secret-file.js';
import { resolveOAuthClient } from './resolve-oauth-client.js';
import { setUpCodeAssist } from './set-up-code-assist.js';
import { SetupError } from './setup-error.js';
import type { WizardContext } from './wizard-context.js';

/** @example await importAccount(context); */
export async function importAccount(context: WizardContext): Promise<void> {
  const { options, prompter, target, output } = context;
  const path =
    options.file ??
    (await prompter.text({
      message: 'Credentials file (account JSON or oauth_creds.json):',
      flag: '--file',
    }));
  const text = await readSecretFile({ path, flag: '--file' });
  const { format, document } = parseCredentialsFile({ text, fileName: basename(path) });
  const backend = document.backend ?? 'code-assist';
  const id = await askAccountId({ context, ...(document.id ? { proposal: document.id } : {}) });
  const refreshToken = document.credentials?.refresh_token;
  const account: NewAccountDocument =
    refreshToken && !document.serviceAccount
      ? await proveCredentials({ context, document: { ...document, id, backend }, refreshToken })
      : { ...document, id, backend };
  await target.createAccount(account);
  output.print(
    `Imported ${id} (${backend}) from ${format === 'gemini-cli' ? "the Gemini CLI's oauth_creds.json" : 'an account document'}: ${target.locate(id)}.`,
  );
}

async function proveCredentials({
  context,
  document,
  refreshToken,
}: {
  context: WizardContext;
  document: NewAccountDocument;
  refreshToken: string;
}): Promise<NewAccountDocument> {
  const oauthClient = document.oauthClient ?? (await resolveOAuthClient(context));
  const fresh = await refresh({ context, accountId: document.id, refreshToken, oauthClient });
  const credentials = { ...document.credentials, ...fresh };
  const projectId =
    document.backend === 'code-assist'
      ? await setUpCodeAssist({ context, accessToken: fresh.access_token, project: document.projectId })
      : document.projectId;
  return { ...document, ...(projectId ? { projectId } : {}), credentials, oauthClient };
}

async function refresh(input: {
  context: WizardContext;
  accountId: string;
  refreshToken: string;
  oauthClient: OAuthClient;
}) {
  const { context, accountId, refreshToken, oauthClient } = input;
  try {
    return await refreshAccessToken({
      accountId,
      refreshToken,
      oauthClient,
      tokenUrl: context.google.upstream.tokenUrl,
      dispatcher: context.dispatcher,
      clock: context.clock,
      timeoutMs: 30_000,
    });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    if (error.reason === 'unauthorized_client') {
      throw new SetupError(
        `The refresh token was issued to another OAuth client than ${oauthClient.clientId} (unauthorized_client). Tokens issued to the Gemini CLI's own client cannot be used here (Google's terms): sign the account in with your own client instead (npm run setup -- add)`,
      );
    }
    throw new SetupError(
      error.reason === 'invalid_grant'
        ? 'The refresh token in the file has expired or been revoked (invalid_grant): sign the account in again (npm run setup -- add)'
        : `Could not check the credentials: ${error.message}`,
    );
  }
}
