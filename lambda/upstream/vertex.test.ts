import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { finishEvent, textEvent } from '../../test/fakes/gemini-events.js';
import {
  type Answer,
  badRequest,
  internalError,
  serviceDisabled,
  stream,
  vertexModelNotFound,
  vertexPermissionDenied,
  vertexResourceExhausted,
} from '../../test/fakes/google-answers.js';
import { createServiceAccountKey, type TestServiceAccount } from '../../test/fakes/service-account-key.js';
import { collectEvents, failureOf, pickFields } from '../../test/fakes/upstream-assertions.js';
import { startUpstreamRig, type UpstreamRig } from '../../test/fakes/upstream-rig.js';
import type { Account } from '../credentials/account.js';
import type { GenerateContentRequest } from '../gemini/generate-content.js';
import { createVertexBackend, vertexBaseUrl } from './vertex.js';

const request: GenerateContentRequest = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
const model = 'gemini-2.5-pro';
const modelPath = `publishers/google/models/${model}:streamGenerateContent`;

describe('Vertex AI backend', () => {
  function prepare(account: Account, endpoint?: string) {
    return createVertexBackend({ endpoint }).prepareStream({
      account,
      model,
      request,
      accessToken: 'ya29.vertex',
      signal: new AbortController().signal,
    });
  }

  it.each([
    ['global', 'https://aiplatform.googleapis.com'],
    ['us-central1', 'https://us-central1-aiplatform.googleapis.com'],
    ['europe-west4', 'https://europe-west4-aiplatform.googleapis.com'],
  ])('derives the host for the %s location', (location, expected) => {
    // Act
    const base = vertexBaseUrl({ location });

    // Assess
    expect(base).toStrictEqual(expected);
  });

  it('sends an account without a location to the global endpoint, with the bearer and the bare request', async () => {
    // Act
    const call = await prepare({ id: 'vertex-a', backend: 'vertex', projectId: 'my-project' });

    // Assess
    expect(call).toStrictEqual({
      url: `https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/${modelPath}?alt=sse`,
      headers: { authorization: 'Bearer ya29.vertex', accept: 'text/event-stream' },
      body: request,
    });
  });

  it('keeps the location in the path when VERTEX_ENDPOINT replaces the host', async () => {
    // Act
    const call = await prepare(
      { id: 'vertex-a', backend: 'vertex', projectId: 'my-project', location: 'us-east5' },
      'http://127.0.0.1:8080/',
    );

    // Assess
    expect(call.url).toStrictEqual(
      `http://127.0.0.1:8080/v1/projects/my-project/locations/us-east5/${modelPath}?alt=sse`,
    );
  });

  it.each<[string, Account, string]>([
    [
      'no project at all',
      { id: 'vertex-a', backend: 'vertex' },
      'Vertex account vertex-a has no "projectId" (nor a service-account key naming one)',
    ],
    [
      'a location that is not one',
      { id: 'vertex-a', backend: 'vertex', projectId: 'p', location: 'evil.example/x' },
      'Vertex account vertex-a has a "location" that is not a Google Cloud location: evil.example/x',
    ],
  ])('disables an account with %s', async (_label, account, message) => {
    // Act
    const error = await failureOf(prepare(account));

    // Assess
    expect([error.failure, error.message]).toStrictEqual(['credentials_revoked', message]);
  });
});

describe('gemini client (Vertex AI) against the fake Google', () => {
  let serviceAccount: TestServiceAccount;
  let rig: UpstreamRig;
  const userAccount: Account = {
    id: 'vertex-user',
    backend: 'vertex',
    projectId: 'user-project',
    location: 'us-central1',
    credentials: { refresh_token: '1//rt-vertex' },
  };

  beforeAll(() => {
    serviceAccount = createServiceAccountKey({ name: 'gateway', projectId: 'sa-project' });
  });

  beforeEach(async () => {
    rig = await startUpstreamRig();
    rig.google.addRefreshToken('1//rt-vertex', { accessTokenPrefix: 'ya29.user' });
    rig.google.addServiceAccount(serviceAccount.key.client_email, serviceAccount.publicKey, {
      accessTokenPrefix: 'ya29.sa',
    });
  });

  afterEach(() => rig.close());

  function serviceAccountAccount(): Account {
    return { id: 'vertex-sa', backend: 'vertex', serviceAccount: serviceAccount.key };
  }

  function open(account: Account = userAccount) {
    return rig.gemini.open({ account, model, request, signal: rig.signal() });
  }

  it('streams bare events for a user account refreshed with its refresh token', async () => {
    // Prepare
    rig.google.enqueue(stream(textEvent('Hel'), textEvent('lo'), finishEvent('STOP')));

    // Act
    const { first, rest } = await open();
    const others = await collectEvents(rest);

    // Assess
    expect([first, ...others]).toStrictEqual([textEvent('Hel'), textEvent('lo'), finishEvent('STOP')]);
    const [call] = rig.google.calls;
    expect({
      backend: call?.backend,
      path: call?.path,
      search: call?.search,
      project: call?.project,
      accessToken: call?.accessToken,
      body: call?.body,
    }).toStrictEqual({
      backend: 'vertex',
      path: `/v1/projects/user-project/locations/us-central1/${modelPath}`,
      search: '?alt=sse',
      project: 'user-project',
      accessToken: 'ya29.user-1',
      body: request,
    });
    expect(rig.saved.map(({ accountId }) => accountId)).toStrictEqual(['vertex-user']);
  });

  it('mints the bearer from a service-account key and takes the project from the key', async () => {
    // Act
    const { rest } = await open(serviceAccountAccount());
    await collectEvents(rest);

    // Assess
    expect(rig.google.calls.map((call) => [call.path, call.accessToken])).toStrictEqual([
      [`/v1/projects/sa-project/locations/global/${modelPath}`, 'ya29.sa-1'],
    ]);
    expect(rig.google.tokenCalls.map((call) => call.issuer)).toStrictEqual([serviceAccount.key.client_email]);
    expect(rig.saved).toStrictEqual([]);
  });

  it('mints a new token after a 401 and retries the same account once', async () => {
    // Prepare
    await collectEvents((await open(serviceAccountAccount())).rest);
    rig.google.expireAccessTokens();

    // Act
    const { first } = await open(serviceAccountAccount());

    // Assess
    expect(first).toStrictEqual(textEvent('Hello from fake Google.'));
    expect(rig.google.calls.map((call) => call.accessToken)).toStrictEqual([
      'ya29.sa-1',
      'ya29.sa-1',
      'ya29.sa-2',
    ]);
  });

  it('disables a service account whose key Google refuses, without calling Vertex', async () => {
    // Prepare
    rig.google.revokeServiceAccount(serviceAccount.key.client_email);

    // Act
    const error = await failureOf(open(serviceAccountAccount()));

    // Assess
    expect([error.failure, error.reason]).toStrictEqual(['credentials_revoked', 'invalid_grant']);
    expect(rig.google.calls).toStrictEqual([]);
  });

  describe('Google errors, as Vertex AI sends them', () => {
    it.each<[string, Answer, Record<string, unknown>]>([
      [
        'a 429 without details (array-wrapped)',
        vertexResourceExhausted(),
        {
          failure: 'rate_limited',
          status: 429,
          retryDelayMs: undefined,
          resetAt: undefined,
          isClientFault: false,
        },
      ],
      [
        'a missing IAM permission',
        vertexPermissionDenied({ project: 'user-project' }),
        { failure: 'forbidden', status: 403, reason: 'IAM_PERMISSION_DENIED', isClientFault: false },
      ],
      [
        'the Vertex AI API not enabled',
        serviceDisabled({ service: 'aiplatform.googleapis.com', serviceTitle: 'Vertex AI API' }),
        { failure: 'forbidden', status: 403, reason: 'SERVICE_DISABLED', isClientFault: false },
      ],
      ['an internal error', internalError(), { failure: 'server_error', status: 500, isClientFault: false }],
      [
        'a model the location does not serve',
        vertexModelNotFound({ project: 'user-project', location: 'us-central1' }),
        { failure: 'not_found', status: 404, isClientFault: true },
      ],
      [
        'a bad request',
        badRequest('Unable to submit request because it has an empty text parameter.'),
        { failure: 'bad_request', status: 400, isClientFault: true },
      ],
    ])('classifies %s', async (_label, answer, expected) => {
      // Prepare
      rig.google.enqueue(answer);

      // Act
      const error = await failureOf(open());

      // Assess
      expect(pickFields(error, expected)).toStrictEqual(expected);
    });
  });

  it('never puts a token or the private key in an error message or a log line', async () => {
    // Prepare
    rig.google.enqueue(vertexPermissionDenied());

    // Act
    const error = await failureOf(open(serviceAccountAccount()));

    // Assess
    const visible = `${error.message} ${rig.logger.text()}`;
    for (const secret of ['ya29.sa-1', 'PRIVATE KEY', '1//rt-vertex']) expect(visible).not.toContain(secret);
  });
});
