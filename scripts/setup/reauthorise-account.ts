/**
 * Signs an OAuth account in again (its refresh token was revoked or expired): new credentials replace
 * the old ones, every other field kept, and the account is enabled again in the pool, which disabled
 * it when Google answered invalid_grant. API-key and service-account accounts are re-added instead.
 */
import { pickAccount } from './pick-account.js';
import { resolveOAuthClient } from './resolve-oauth-client.js';
import { SetupError } from './setup-error.js';
import { signIn } from './sign-in.js';
import type { WizardContext } from './wizard-context.js';

/** @example await reauthoriseAccount(context); */
export async function reauthoriseAccount(context: WizardContext): Promise<void> {
  const { target, output } = context;
  const accountId = await pickAccount({ context, message: 'Account to sign in again:' });
  const account = await target.readAccount(accountId);
  if (account.backend === 'gemini-api' || account.serviceAccount) {
    const kind = account.serviceAccount ? 'a service-account key' : 'an API key';
    throw new SetupError(
      `${accountId} uses ${kind}, not a sign-in: remove it and add it again with the new key`,
    );
  }
  // The refresh token belongs to the client that issued it: keep the account's own client if it has one.
  const oauthClient = account.oauthClient ?? (await resolveOAuthClient(context));
  const credentials = await signIn({ context, oauthClient });
  await target.saveCredentials(accountId, credentials);
  await target.withPool((pool) => pool.store.enableAccount({ accountId }));
  output.print(`Signed ${accountId} in again; it is enabled in the pool.`);
}
