/**
 * A user at a browser, for OAuth sign-in tests: opens the consent page the wizard printed (the fake
 * Google approves at once) and either follows the redirect to the wizard's loopback receiver, or
 * returns the redirect address for the test to paste, as a user on a headless server does.
 */
import { request } from 'undici';

/** The consent page's redirect: where Google sends the browser next, with the code and state. */
export async function approveConsent(consentUrl: string): Promise<string> {
  const response = await request(consentUrl, { method: 'GET' });
  await response.body.dump();
  const location = response.headers.location;
  if (response.statusCode !== 302 || typeof location !== 'string') {
    throw new Error(`the consent page answered ${response.statusCode} without a redirect`);
  }
  return location;
}

/** Follows a redirect to the loopback receiver; resolves with the page the user sees. */
export async function visit(url: string): Promise<{ status: number; text: string }> {
  const response = await request(url, { method: 'GET' });
  return { status: response.statusCode, text: await response.body.text() };
}

/** The first URL in printed text (the wizard prints the consent URL on a line of its own). */
export function findUrl({ text, startingWith }: { text: string; startingWith: string }): string {
  const url = text.split(/\s+/).find((word) => word.startsWith(startingWith));
  if (!url) throw new Error(`no URL starting with ${startingWith} was printed`);
  return url;
}
