/**
 * Signs a Google account in with the operator's own OAuth client, the way installed apps do: PKCE
 * (S256) and a random `state`, the consent screen in a browser, the redirect caught on 127.0.0.1, the
 * code traded for a refresh token. Headless (a server without a browser): the URL is printed, the user
 * opens it anywhere and pastes back the address the browser was sent to (or just its code); the
 * loopback receiver keeps listening too, for those who forward the port over SSH.
 * https://developers.google.com/identity/protocols/oauth2/native-app
 */
import { randomBytes } from 'node:crypto';
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../lambda/core/ports.js';
import type { OAuthClient } from '../../lambda/credentials/account.js';
import { exchangeAuthorizationCode, type SignedInCredentials } from './exchange-authorization-code.js';
import type { Output, Prompter } from './prompter.js';
import { readPastedAuthorizationCode } from './read-authorization-code.js';
import { SetupError } from './setup-error.js';
import { startLoopbackReceiver } from './start-loopback-receiver.js';

/** What Code Assist and Vertex AI need (the Gemini CLI asks for the same). */
const oauthScopes = [
  'https://www.googleapis.com/auth/cloud-platform',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile',
];

export interface RunOAuthFlowInput {
  oauthClient: OAuthClient;
  /** GOOGLE_OAUTH_AUTH_URL, the consent page. */
  authorizationUrl: string;
  /** GOOGLE_OAUTH_TOKEN_URL. */
  tokenUrl: string;
  /** Loopback port; 0 picks a free one. */
  port: number;
  headless: boolean;
  /** How long to wait for the user. */
  timeoutMs: number;
  dispatcher: Dispatcher;
  clock: Clock;
  output: Output;
  prompter: Prompter;
  /** Opens the URL in the user's browser; false when there is none. */
  openBrowser: (url: string) => Promise<boolean>;
}

/**
 * @example
 * const credentials = await runOAuthFlow({ oauthClient, authorizationUrl, tokenUrl, port: 0, headless: false, timeoutMs: 300_000, dispatcher, clock, output, prompter, openBrowser });
 * @throws SetupError when the user denies access, the state does not match, nobody answers in time or the port is taken.
 */
export async function runOAuthFlow(input: RunOAuthFlowInput): Promise<SignedInCredentials> {
  const { output, clock } = input;
  const state = randomBytes(16).toString('base64url');
  const receiver = await startLoopbackReceiver({ port: input.port, expectedState: state });
  const stop = new AbortController();
  try {
    const client = new OAuth2Client({
      clientId: input.oauthClient.clientId,
      endpoints: { oauth2AuthBaseUrl: input.authorizationUrl },
    });
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      access_type: 'offline',
      // Without it Google sends a refresh token only the first time a user allows the client.
      prompt: 'consent',
      scope: oauthScopes,
      state,
      code_challenge: codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
      redirect_uri: receiver.redirectUri,
    });
    const answers = [receiver.code];
    if (input.headless) {
      output.print(headlessInstructions({ url, redirectUri: receiver.redirectUri }));
      const pasted = input.prompter.paste({ message: 'Redirect URL or code:', signal: stop.signal });
      answers.push(pasted.then((text) => readPastedAuthorizationCode({ text, expectedState: state })));
    } else {
      output.print(`Sign in with Google in your browser. If it does not open, visit:\n\n  ${url}\n`);
      if (!(await input.openBrowser(url))) {
        output.print(
          'No browser could be opened here: open the address above yourself, or run again with --headless.',
        );
      }
    }
    const timeout = clock.sleep(input.timeoutMs, stop.signal).then(() => {
      throw new SetupError(
        `No answer from the Google sign-in within ${Math.round(input.timeoutMs / 1000)} s; run the command again${input.headless ? '' : ' (on a machine without a browser, add --headless)'}`,
      );
    });
    const code = await Promise.race([...answers, timeout]);
    return await exchangeAuthorizationCode({
      ...input,
      code,
      codeVerifier,
      redirectUri: receiver.redirectUri,
    });
  } finally {
    stop.abort(new Error('sign-in finished'));
    await receiver.close();
  }
}

function headlessInstructions({ url, redirectUri }: { url: string; redirectUri: string }): string {
  const port = new URL(redirectUri).port;
  return [
    'Open this address in a browser on any machine and allow access:',
    '',
    `  ${url}`,
    '',
    `The browser then goes to ${redirectUri}?…, a page that does not load unless that browser runs here`,
    `(or you forwarded the port: ssh -L ${port}:127.0.0.1:${port} this-server). Copy that whole address`,
    'from the address bar and paste it below.',
  ].join('\n');
}
