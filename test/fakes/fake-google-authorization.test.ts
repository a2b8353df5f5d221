import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveConsent } from './fake-browser.js';
import { type FakeGoogle, fakeOAuthClient, startFakeGoogle } from './fake-google.js';

describe('fake Google consent and authorization-code grant', () => {
  let google: FakeGoogle;
  const verifier = 'a-code-verifier-of-at-least-forty-three-characters-0000';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://127.0.0.1:1/oauth2callback';

  beforeEach(async () => {
    google = await startFakeGoogle();
  });

  afterEach(async () => {
    await google.close();
  });

  function consentUrl(overrides: Record<string, string> = {}): string {
    const query = new URLSearchParams({
      client_id: fakeOAuthClient.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    });
    return `${google.authorizationUrl}?${query}`;
  }

  async function exchange(code: string, codeVerifier: string) {
    const response = await request(google.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        code_verifier: codeVerifier,
        redirect_uri: redirectUri,
        client_id: fakeOAuthClient.clientId,
        client_secret: fakeOAuthClient.clientSecret,
      }).toString(),
    });
    return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
  }

  it('trades a code once, and only with the verifier of its challenge', async () => {
    // Prepare
    const code = new URL(await approveConsent(consentUrl())).searchParams.get('code') ?? '';

    // Act
    const wrongVerifier = await exchange(code, `${verifier}x`);
    const traded = await exchange(code, verifier);
    const replayed = await exchange(code, verifier);

    // Assess
    expect([wrongVerifier.status, wrongVerifier.json.error]).toStrictEqual([400, 'invalid_grant']);
    expect([traded.status, traded.json.refresh_token, traded.json.access_token]).toStrictEqual([
      200,
      '1//fake-refresh-code-1',
      'ya29.fake-code-1-1',
    ]);
    expect([replayed.status, replayed.json.error]).toStrictEqual([400, 'invalid_grant']);
  });

  it('refuses a consent request without PKCE S256, and redirects with the error after a denial', async () => {
    // Prepare
    google.denyAuthorization();

    // Act
    const denied = new URL(await approveConsent(consentUrl()));
    const plain = await request(consentUrl({ code_challenge_method: 'plain' }));
    await plain.body.dump();

    // Assess
    expect(Object.fromEntries(denied.searchParams)).toStrictEqual({ error: 'access_denied', state: 'st' });
    expect(plain.statusCode).toStrictEqual(400);
  });
});
