import { sign } from 'node:crypto';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGoogle, fakeOAuthClient, startFakeGoogle } from './fake-google.js';
import { finishEvent, textEvent, usage } from './gemini-events.js';
import { Delay, stream } from './google-answers.js';
import { createServiceAccountKey } from './service-account-key.js';
import { createTestClock, type TestClock } from './test-clock.js';

describe('fake Google', () => {
  let google: FakeGoogle;
  let clock: TestClock;

  beforeEach(async () => {
    clock = createTestClock();
    google = await startFakeGoogle({ clock });
  });

  afterEach(async () => {
    await google.close();
  });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await request(`${google.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.statusCode, text: await response.body.text() };
  }

  async function refresh(refreshToken: string, client = fakeOAuthClient) {
    const response = await request(google.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).toString(),
    });
    return { status: response.statusCode, json: await response.body.json() };
  }

  it('issues access tokens for known refresh tokens and invalid_grant for revoked ones', async () => {
    // Prepare
    google.addRefreshToken('rt-a', { accessTokenPrefix: 'at-a', expiresInSeconds: 60 });

    // Act
    const issued = await refresh('rt-a');
    google.revokeRefreshToken('rt-a');
    const revoked = await refresh('rt-a');
    const wrongClient = await refresh('rt-a', { clientId: 'x', clientSecret: 'y' });

    // Assess
    expect(issued).toStrictEqual({
      status: 200,
      json: { access_token: 'at-a-1', expires_in: 60, scope: expect.any(String), token_type: 'Bearer' },
    });
    expect(revoked).toStrictEqual({
      status: 400,
      json: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    });
    expect(wrongClient.status).toStrictEqual(401);
  });

  it('frames Code Assist events as data: {"response": ...} with CRLF', async () => {
    // Prepare
    google.acceptAccessToken('at');
    google.enqueue(stream(textEvent('Hi')));

    // Act
    const answer = await post(
      '/v1internal:streamGenerateContent?alt=sse',
      { model: 'm', request: {} },
      { authorization: 'Bearer at' },
    );

    // Assess
    expect(answer).toStrictEqual({
      status: 200,
      text: `data: ${JSON.stringify({ response: textEvent('Hi'), traceId: 'fake-trace-id' })}\r\n\r\n`,
    });
  });

  it('answers 401 to a bearer it did not issue or that expired, without using up the queue', async () => {
    // Prepare
    google.addRefreshToken('rt-a', { expiresInSeconds: 60 });
    const { json } = await refresh('rt-a');
    const token = (json as { access_token: string }).access_token;
    google.enqueue(stream(textEvent('kept')));

    // Act
    const unknown = await post(
      '/v1internal:streamGenerateContent?alt=sse',
      {},
      { authorization: 'Bearer forged' },
    );
    clock.advance(61_000);
    const expired = await post(
      '/v1internal:streamGenerateContent?alt=sse',
      {},
      { authorization: `Bearer ${token}` },
    );
    google.acceptAccessToken('at');
    const served = await post(
      '/v1internal:streamGenerateContent?alt=sse',
      {},
      { authorization: 'Bearer at' },
    );

    // Assess
    expect([unknown.status, expired.status, served.status]).toStrictEqual([401, 401, 200]);
    expect(served.text).toContain('kept');
  });

  it('answers :generateContent with the stream merged into one response', async () => {
    // Prepare
    google.acceptAccessToken('at');
    google.enqueue(
      stream(textEvent('Hel'), textEvent('lo'), finishEvent('STOP', usage({ prompt: 1, candidates: 2 }))),
    );

    // Act
    const answer = await post(
      '/v1internal:generateContent',
      { model: 'm', request: {} },
      { authorization: 'Bearer at' },
    );

    // Assess
    expect(JSON.parse(answer.text)).toStrictEqual({
      response: {
        candidates: [
          {
            content: { role: 'model', parts: [{ text: 'Hel' }, { text: 'lo' }, { text: '' }] },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: usage({ prompt: 1, candidates: 2 }),
        modelVersion: 'gemini-2.5-pro',
      },
      traceId: 'fake-trace-id',
    });
  });

  it('serves the Gemini API path with an API key and records the call', async () => {
    // Prepare
    google.acceptApiKey('AIza-test');
    google.enqueue(stream(new Delay(1), textEvent('Hi')));

    // Act
    const refused = await post(
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      {},
      { 'x-goog-api-key': 'wrong' },
    );
    const answer = await post(
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      { contents: [] },
      {
        'x-goog-api-key': 'AIza-test',
      },
    );

    // Assess
    expect(refused.status).toStrictEqual(400);
    expect(answer.text).toStrictEqual(`data: ${JSON.stringify(textEvent('Hi'))}\r\n\r\n`);
    expect(google.calls.map((call) => [call.backend, call.model, call.apiKey, call.request])).toStrictEqual([
      ['gemini-api', 'gemini-2.5-flash', 'wrong', {}],
      ['gemini-api', 'gemini-2.5-flash', 'AIza-test', { contents: [] }],
    ]);
  });

  it('records the project and model of a Vertex call', async () => {
    // Prepare
    google.acceptAccessToken('at');

    // Act
    await post(
      '/v1/projects/p-1/locations/us-central1/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
      {},
      {
        authorization: 'Bearer at',
      },
    );

    // Assess
    expect(google.calls.map((call) => [call.backend, call.project, call.model])).toStrictEqual([
      ['vertex', 'p-1', 'gemini-2.5-pro'],
    ]);
  });

  it('refuses a project when onboarding the free tier, as Google does', async () => {
    // Prepare
    google.acceptAccessToken('at');
    google.setCodeAssistUser({ onboarded: false, tierId: 'free-tier' });

    // Act
    const answer = await post(
      '/v1internal:onboardUser',
      { tierId: 'free-tier', cloudaicompanionProject: 'mine' },
      {
        authorization: 'Bearer at',
      },
    );

    // Assess
    expect(answer.status).toStrictEqual(400);
  });

  it('answers jwt-bearer grants signed by a registered service account, and refuses the rest as Google does', async () => {
    // Prepare
    const account = createServiceAccountKey({ name: 'sa' });
    const stranger = createServiceAccountKey({ name: 'sa' });
    google.addServiceAccount(account.key.client_email, account.publicKey, { accessTokenPrefix: 'ya29.sa' });
    const assertion = (claims: Record<string, unknown>, privateKey = account.key.private_key) => {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const signed = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
      return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), privateKey).toString('base64url')}`;
    };
    const claims = {
      iss: account.key.client_email,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      aud: 'https://oauth2.googleapis.com/token',
    };
    const grant = async (jwt: string) => {
      const response = await request(google.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: jwt,
        }).toString(),
      });
      return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
    };

    // Act
    const issued = await grant(assertion(claims));
    const forged = await grant(assertion(claims, stranger.key.private_key));
    const wrongAudience = await grant(assertion({ ...claims, aud: google.tokenUrl }));
    const noScope = await grant(assertion({ ...claims, scope: undefined }));
    google.revokeServiceAccount(account.key.client_email);
    const revoked = await grant(assertion(claims));

    // Assess
    expect(issued).toStrictEqual({
      status: 200,
      json: { access_token: 'ya29.sa-1', expires_in: 3599, token_type: 'Bearer' },
    });
    expect(
      [forged, wrongAudience, noScope, revoked].map(({ status, json }) => [status, json.error]),
    ).toStrictEqual([
      [400, 'invalid_grant'],
      [400, 'invalid_grant'],
      [400, 'invalid_scope'],
      [400, 'invalid_grant'],
    ]);
    expect(google.tokenCalls.map((call) => call.issuer)).toStrictEqual(
      Array.from({ length: 5 }, () => account.key.client_email),
    );
  });
});
