/**
 * Google's answer to the consent screen arrives as the redirect's query string: `code` and the `state`
 * we sent, or `error` (access_denied when the user cancels). It comes to the loopback receiver, or, on
 * a machine without a browser, is pasted by the user: the whole redirect URL, its query string, or the
 * bare code. A state that does not match this sign-in is refused (a stale tab, or a forged redirect:
 * RFC 6749 §10.12); a bare code carries no state, and PKCE still binds it to this sign-in.
 * https://developers.google.com/identity/protocols/oauth2/native-app#handlingresponse
 */
import { SetupError } from './setup-error.js';

/**
 * The authorization code in a redirect's query parameters.
 *
 * @example
 * readAuthorizationCode({ params: new URL(redirect).searchParams, expectedState: state });
 * @throws SetupError when Google answered with an error, the state does not match or there is no code.
 */
export function readAuthorizationCode({
  params,
  expectedState,
}: {
  params: URLSearchParams;
  expectedState: string;
}): string {
  const error = params.get('error');
  if (error !== null) {
    throw new SetupError(
      error === 'access_denied'
        ? 'Google sign-in was cancelled or access was denied (access_denied); run the command again and allow access'
        : `Google refused the sign-in (${/^[a-z_]{1,64}$/.test(error) ? error : 'unknown error'})`,
    );
  }
  if (params.get('state') !== expectedState) {
    throw new SetupError(
      'The sign-in answer does not belong to this sign-in (its state does not match: a stale browser tab, or a forged redirect); nothing was saved, start again',
    );
  }
  const code = params.get('code');
  if (!code) throw new SetupError('The redirect carries no authorization code');
  return code;
}

/**
 * The code in what the user pasted: the redirect URL from the browser's address bar, its query
 * string, or the code alone.
 *
 * @example
 * readPastedAuthorizationCode({ text: 'http://127.0.0.1:8085/oauth2callback?state=…&code=4/0Ab…', expectedState });
 */
export function readPastedAuthorizationCode({
  text,
  expectedState,
}: {
  text: string;
  expectedState: string;
}): string {
  const pasted = text.trim();
  if (/^https?:\/\//i.test(pasted)) {
    let url: URL;
    try {
      url = new URL(pasted);
    } catch {
      throw new SetupError('The pasted text looks like a URL but is not a valid one');
    }
    return readAuthorizationCode({ params: url.searchParams, expectedState });
  }
  if (/(^|[?&])(code|error)=/.test(pasted)) {
    return readAuthorizationCode({ params: new URLSearchParams(pasted.replace(/^\?/, '')), expectedState });
  }
  const code = safelyDecode(pasted);
  if (!/^[\w/.-]{10,}$/.test(code)) {
    throw new SetupError(
      'That is neither the redirect URL nor an authorization code; paste the whole address',
    );
  }
  return code;
}

/** Codes copied from an address bar are percent-encoded (`4%2F0Ab…`). */
function safelyDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
