/**
 * One Google sign-in for an OAuth account (add, re-authorise): headless when asked, or when there is
 * no browser here.
 */
import type { OAuthClient } from '../../lambda/credentials/account.js';
import type { SignedInCredentials } from './exchange-authorization-code.js';
import { runOAuthFlow } from './run-oauth-flow.js';
import type { WizardContext } from './wizard-context.js';

/** @example const credentials = await signIn({ context, oauthClient }); */
export function signIn({
  context,
  oauthClient,
}: {
  context: WizardContext;
  oauthClient: OAuthClient;
}): Promise<SignedInCredentials> {
  const { options, browser, google } = context;
  return runOAuthFlow({
    oauthClient,
    authorizationUrl: google.authorizationUrl,
    tokenUrl: google.upstream.tokenUrl,
    port: options.port,
    headless: options.headless || !browser.available,
    timeoutMs: context.signInTimeoutMs,
    dispatcher: context.dispatcher,
    clock: context.clock,
    output: context.output,
    prompter: context.prompter,
    openBrowser: (url) => browser.open(url),
  });
}
