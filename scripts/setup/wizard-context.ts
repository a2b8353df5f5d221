/**
 * What every wizard action works with: where accounts live, the flags, how to ask and print, and the
 * Google settings (the same environment variables as `npm start`, plus the consent page's URL).
 */
import type { Dispatcher } from 'undici';
import type { Clock } from '../../lambda/core/ports.js';
import type { UpstreamConfig } from '../../lambda/upstream/gemini-client.js';
import type { AccountTarget } from '../targets/account-target.js';
import type { BrowserOpener } from './browser-opener.js';
import type { SetupOptions } from './parse-setup-arguments.js';
import type { Output, Prompter } from './prompter.js';

export interface GoogleSettings {
  /** GOOGLE_OAUTH_AUTH_URL (the wizard's own variable), default https://accounts.google.com/o/oauth2/v2/auth. */
  authorizationUrl: string;
  /** Everything `npm start` reads for Google: endpoints, token URL, proxy, OAUTH_CLIENT_ID/SECRET. */
  upstream: UpstreamConfig;
}

export interface WizardContext {
  target: AccountTarget;
  options: SetupOptions;
  prompter: Prompter;
  output: Output;
  clock: Clock;
  dispatcher: Dispatcher;
  google: GoogleSettings;
  browser: BrowserOpener;
  /** Where an OAuth client typed into the wizard is remembered for next time. */
  settingsDir: string;
  /** How long a sign-in waits for the user. */
  signInTimeoutMs: number;
}
