/**
 * A fake Google on 127.0.0.1 (random port) that speaks Google's wire format, for every integration and
 * end-to-end test. Nothing in a test reaches the internet.
 *
 * ```ts
 * const google = await startFakeGoogle();
 * google.baseUrl;   // CODE_ASSIST_ENDPOINT (also GEMINI_API_ENDPOINT and VERTEX_ENDPOINT)
 * google.tokenUrl;  // GOOGLE_OAUTH_TOKEN_URL; the OAuth client is `fakeOAuthClient`
 * google.addRefreshToken('rt-a');            // the token endpoint now refreshes it
 * google.revokeRefreshToken('rt-a');         // ... and answers invalid_grant
 * google.acceptAccessToken('at-preset');     // a bearer the generate endpoints accept without a refresh
 * google.addServiceAccount('sa@p.iam.gserviceaccount.com', publicKey);  // jwt-bearer grants signed by its key
 * google.authorizationUrl;                   // OAuth consent page: approves at once (PKCE S256 required)
 * google.denyAuthorization();                // ... the next consent redirects with error=access_denied
 * google.enqueue(stream(textEvent('Hi'), finishEvent('STOP')), rateLimited());  // next answers, in order
 * google.setHandler((call) => (call.model === 'gemini-2.5-pro' ? notFound() : undefined));
 * google.calls;       // recorded generate calls: backend, model, project, access token, parsed body
 * google.setupCalls;  // loadCodeAssist / onboardUser / getOperation calls
 * google.tokenCalls;  // token endpoint calls
 * await google.until(() => google.abortedCalls === 1);  // no sleeps: wait for a state change
 * await google.close();
 * ```
 *
 * Generate calls (`:streamGenerateContent?alt=sse` and `:generateContent`) are answered from the queue,
 * then the handler, then `defaultAnswer` (a short greeting). A bearer the fake did not issue (or that
 * expired by the injected clock, or was preset) gets Google's 401 without consuming an answer; so does
 * an unknown API key on the Gemini API path (Google's 400 API_KEY_INVALID). Code Assist streams are framed
 * like Google's: `data: {"response":{...},"traceId":"..."}\r\n\r\n`; Gemini API / Vertex streams carry
 * the bare response. The Code Assist user (tier, project, onboarding) is set with `setCodeAssistUser`.
 *
 * The token endpoint answers refresh-token grants (with `fakeOAuthClient`) and service-account
 * jwt-bearer grants: the assertion's RS256 signature is checked against the public key registered for
 * its `iss`, its `aud` must be Google's token URL and it must ask for a scope; otherwise Google's
 * `invalid_grant` / `invalid_scope`. The assertion's times are not checked (they come from the real
 * clock inside google-auth-library, the fake runs on the test's).
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Clock, systemClock } from '../../lambda/core/ports.js';
import { finishEvent, textEvent, usage } from './gemini-events.js';
import {
  type Answer,
  apiKeyInvalid,
  Gate,
  googleError,
  type StreamStep,
  stream,
  unauthenticated,
} from './google-answers.js';

export const fakeOAuthClient = {
  clientId: 'fake-client-id.apps.example',
  clientSecret: 'fake-client-secret',
};

export type FakeBackend = 'code-assist' | 'gemini-api' | 'vertex';

export interface GenerateCall {
  backend: FakeBackend;
  path: string;
  /** The query string, e.g. `?alt=sse`. */
  search: string;
  stream: boolean;
  model: string | undefined;
  /** Code Assist: the envelope's `project`; Vertex: the path's project. */
  project: string | undefined;
  accessToken: string | undefined;
  apiKey: string | undefined;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body as sent (the Code Assist envelope included). */
  body: Record<string, unknown>;
  /** The inner GenerateContent request (the envelope's `request` for Code Assist). */
  request: Record<string, unknown>;
}

export interface SetupCall {
  method: 'loadCodeAssist' | 'onboardUser' | 'getOperation';
  accessToken: string | undefined;
  body: Record<string, unknown> | undefined;
}

export interface TokenCall {
  grantType: string | null;
  refreshToken: string | null;
  clientId: string | null;
  /** jwt-bearer grants: the assertion's `iss` (the service account's email). */
  issuer?: string;
}

/** One visit of the consent page, as the browser sent it. */
export interface AuthorizationCall {
  query: Record<string, string>;
}

export interface CodeAssistUser {
  /** Tier the user is (or will be) on: `free-tier` is onboarded without a project. */
  tierId: string;
  /** Already onboarded: loadCodeAssist answers with `currentTier` and the project. */
  onboarded: boolean;
  project: string;
  /** How many getOperation polls answer `done: false` before the onboarding operation is done. */
  operationPolls: number;
  /** Set: the user may not use Code Assist (loadCodeAssist lists it as ineligible, onboardUser answers 403). */
  ineligibleReason?: string;
}

export interface RefreshTokenOptions {
  /** Issued tokens are `<prefix>-<n>`. */
  accessTokenPrefix?: string;
  expiresInSeconds?: number;
}

export interface FakeGoogle {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly calls: GenerateCall[];
  readonly setupCalls: SetupCall[];
  readonly tokenCalls: TokenCall[];
  /** GOOGLE_OAUTH_AUTH_URL: the consent page, which approves at once by redirecting with a code. */
  readonly authorizationUrl: string;
  readonly authorizationCalls: AuthorizationCall[];
  /** Connections accepted since start (keep-alive reuse shows as fewer connections than calls). */
  readonly connections: number;
  readonly openConnections: number;
  /** Generate calls whose client went away before the answer was complete. */
  readonly abortedCalls: number;
  enqueue(...answers: Answer[]): void;
  setHandler(handler: ((call: GenerateCall) => Answer | undefined) | undefined): void;
  /** Next answers of the token endpoint (an error, reset or hang) before normal service resumes. */
  enqueueTokenAnswer(...answers: Answer[]): void;
  addRefreshToken(refreshToken: string, options?: RefreshTokenOptions): void;
  revokeRefreshToken(refreshToken: string): void;
  acceptAccessToken(accessToken: string): void;
  acceptApiKey(apiKey: string): void;
  /** jwt-bearer grants whose assertion `iss` is `clientEmail` and is signed by the matching private key now get tokens. */
  addServiceAccount(clientEmail: string, publicKey: string | KeyObject, options?: RefreshTokenOptions): void;
  /** ... and now get invalid_grant, as when the key is deleted or the account disabled. */
  revokeServiceAccount(clientEmail: string): void;
  /** The next consent redirects with `error` (the user clicked Cancel) instead of a code. */
  denyAuthorization(error?: string): void;
  /** Every access token issued or accepted so far now gets a 401. */
  expireAccessTokens(): void;
  setCodeAssistUser(user: Partial<CodeAssistUser>): void;
  /** Resolves once `predicate` holds, re-checked after every request, answer and connection change. */
  until(predicate: () => boolean): Promise<void>;
  close(): Promise<void>;
}

/** What the fake answers when nothing was queued and no handler answered. */
export const defaultAnswer = (): Answer =>
  stream(textEvent('Hello from fake Google.'), finishEvent('STOP', usage({ prompt: 5, candidates: 4 })));

/** Google's consent page path (accounts.google.com/o/oauth2/v2/auth). */
const authorizationPath = '/o/oauth2/v2/auth';

/** Google's token URL: the `aud` every service-account assertion must carry, whatever URL it is posted to. */
const googleTokenAudience = 'https://oauth2.googleapis.com/token';
const jwtBearerGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

interface Grant extends Required<RefreshTokenOptions> {
  issued: number;
}

const generatePaths: Array<{ backend: FakeBackend; pattern: RegExp }> = [
  { backend: 'gemini-api', pattern: /^\/v1beta\/models\/(?<model>[^/:]+):(?<method>\w+)$/ },
  {
    backend: 'vertex',
    pattern:
      /^\/v1\/projects\/(?<project>[^/]+)\/locations\/[^/]+\/publishers\/google\/models\/(?<model>[^/:]+):(?<method>\w+)$/,
  },
  { backend: 'code-assist', pattern: /^\/[^/:]+:(?<method>\w+)$/ },
];

export async function startFakeGoogle(options: { clock?: Clock } = {}): Promise<FakeGoogle> {
  const clock = options.clock ?? systemClock;
  const queue: Answer[] = [];
  const tokenQueue: Answer[] = [];
  const refreshTokens = new Map<string, Grant>();
  const serviceAccounts = new Map<string, Grant & { publicKey: KeyObject }>();
  const accessTokens = new Map<string, number>();
  const apiKeys = new Set<string>();
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  const calls: GenerateCall[] = [];
  const setupCalls: SetupCall[] = [];
  const tokenCalls: TokenCall[] = [];
  const authorizationCalls: AuthorizationCall[] = [];
  /** Authorization codes not yet exchanged, with what the token call must match. */
  const authorizationCodes = new Map<string, { redirectUri: string; codeChallenge: string }>();
  const denials: string[] = [];
  let codesIssued = 0;
  let codeGrants = 0;
  let handler: ((call: GenerateCall) => Answer | undefined) | undefined;
  let user: CodeAssistUser = {
    tierId: 'free-tier',
    onboarded: true,
    project: 'fake-project-123',
    operationPolls: 0,
  };
  let pendingPolls = 0;
  let connections = 0;
  let abortedCalls = 0;

  const changed = () => {
    for (const check of [...waiters]) check();
  };

  const server = createServer((request, response) => {
    handle(request, response)
      .catch((error: unknown) => {
        if (response.headersSent) response.destroy();
        else respondJson(response, 500, { error: { code: 500, message: String(error) } });
      })
      .finally(changed);
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      changed();
    });
    changed();
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const text = await readBody(request);
    if (request.method === 'POST' && url.pathname === '/token') return answerToken(text, response);
    if (request.method === 'GET' && url.pathname === authorizationPath) {
      return answerAuthorization(url, response);
    }
    if (request.method === 'GET' && /^\/[^/:]+\/operations\/[^/]+$/.test(url.pathname)) {
      return answerSetup('getOperation', request, undefined, response);
    }
    const route = generatePaths
      .map(({ backend, pattern }) => ({ backend, match: pattern.exec(url.pathname) }))
      .find(({ match }) => match !== null);
    const method = route?.match?.groups?.method;
    if (request.method !== 'POST' || !route || !method) {
      return respondJson(response, 404, notFoundBody(url.pathname));
    }
    const body = parseObject(text);
    if (method === 'loadCodeAssist' || method === 'onboardUser') {
      return answerSetup(method, request, body, response);
    }
    if (method !== 'streamGenerateContent' && method !== 'generateContent') {
      return respondJson(response, 404, notFoundBody(url.pathname));
    }
    const call = recordCall({
      backend: route.backend,
      groups: route.match?.groups ?? {},
      request,
      url,
      body,
      method,
    });
    calls.push(call);
    changed();
    const refusal = refuseCredentials(call);
    const answer = refusal ?? queue.shift() ?? handler?.(call) ?? defaultAnswer();
    if (!refusal) trackAbort(response);
    await sendAnswer({ answer, response, backend: call.backend, streaming: call.stream });
  }

  function recordCall(input: {
    backend: FakeBackend;
    groups: Record<string, string>;
    request: IncomingMessage;
    url: URL;
    body: Record<string, unknown>;
    method: string;
  }): GenerateCall {
    const { backend, groups, request, url, body, method } = input;
    const isCodeAssist = backend === 'code-assist';
    return {
      backend,
      path: url.pathname,
      search: url.search,
      stream: method === 'streamGenerateContent',
      model: isCodeAssist ? stringField(body, 'model') : groups.model,
      project: isCodeAssist ? stringField(body, 'project') : groups.project,
      accessToken: bearerOf(request.headers),
      apiKey: headerValue(request.headers['x-goog-api-key']) ?? url.searchParams.get('key') ?? undefined,
      headers: request.headers,
      body,
      request: isCodeAssist ? parseObject(JSON.stringify(body.request ?? {})) : body,
    };
  }

  function refuseCredentials(call: GenerateCall): Answer | undefined {
    if (call.backend === 'gemini-api') {
      return call.apiKey && apiKeys.has(call.apiKey) ? undefined : apiKeyInvalid();
    }
    return isValidAccessToken(call.accessToken) ? undefined : unauthenticated();
  }

  function isValidAccessToken(token: string | undefined): boolean {
    const expiresAt = token === undefined ? undefined : accessTokens.get(token);
    return expiresAt !== undefined && expiresAt > clock.now();
  }

  function trackAbort(response: ServerResponse): void {
    response.on('close', () => {
      if (!response.writableFinished && !resetByServer.has(response)) abortedCalls += 1;
      changed();
    });
  }

  async function answerToken(text: string, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(text);
    const refreshToken = form.get('refresh_token');
    const grantType = form.get('grant_type');
    const assertion = grantType === jwtBearerGrant ? readAssertion(form.get('assertion')) : undefined;
    tokenCalls.push({
      grantType,
      refreshToken,
      clientId: form.get('client_id'),
      ...(assertion ? { issuer: assertion.issuer } : {}),
    });
    changed();
    const queued = tokenQueue.shift();
    if (queued) return sendAnswer({ answer: queued, response, backend: 'code-assist', streaming: false });
    if (grantType === jwtBearerGrant) return answerJwtGrant(assertion, response);
    if (
      form.get('client_id') !== fakeOAuthClient.clientId ||
      form.get('client_secret') !== fakeOAuthClient.clientSecret
    ) {
      return respondJson(response, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
    }
    if (form.get('grant_type') === 'authorization_code') return answerAuthorizationCode(form, response);
    const grant = refreshToken === null ? undefined : refreshTokens.get(refreshToken);
    if (form.get('grant_type') !== 'refresh_token' || !grant) {
      return respondJson(response, 400, {
        error: 'invalid_grant',
        error_description: 'Token has been expired or revoked.',
      });
    }
    respondJson(response, 200, {
      ...issueAccessToken(grant),
      scope:
        'https://www.googleapis.com/auth/cloud-platform openid https://www.googleapis.com/auth/userinfo.email',
      token_type: 'Bearer',
    });
  }

  /** Google's answers to a service account's signed assertion (the answer carries no scope). */
  function answerJwtGrant(assertion: Assertion | undefined, response: ServerResponse): void {
    const account = assertion ? serviceAccounts.get(assertion.issuer) : undefined;
    if (!assertion || !account || !isSignedBy(assertion, account.publicKey)) {
      respondJson(response, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    } else if (assertion.audience !== googleTokenAudience) {
      respondJson(response, 400, {
        error: 'invalid_grant',
        error_description: `Invalid JWT: Failed audience check. The expected audience is ${googleTokenAudience}.`,
      });
    } else if (!assertion.scope) {
      respondJson(response, 400, {
        error: 'invalid_scope',
        error_description: 'Invalid OAuth scope or ID token audience provided.',
      });
    } else {
      respondJson(response, 200, { ...issueAccessToken(account), token_type: 'Bearer' });
    }
  }

  function issueAccessToken(grant: Grant): { access_token: string; expires_in: number } {
    grant.issued += 1;
    const accessToken = `${grant.accessTokenPrefix}-${grant.issued}`;
    accessTokens.set(accessToken, clock.now() + grant.expiresInSeconds * 1000);
    return { access_token: accessToken, expires_in: grant.expiresInSeconds };
  }

  /**
   * The consent page, approved at once: a 302 to `redirect_uri` with a code and the `state` echoed
   * (or with `error` after `denyAuthorization`). Like Google for a native client it insists on PKCE S256.
   * https://developers.google.com/identity/protocols/oauth2/native-app#step-2:-send-a-request-to-googles-oauth-2.0-server
   */
  function answerAuthorization(url: URL, response: ServerResponse): void {
    const query = Object.fromEntries(url.searchParams);
    authorizationCalls.push({ query });
    const { client_id, redirect_uri, response_type, code_challenge, code_challenge_method, state } = query;
    if (
      client_id !== fakeOAuthClient.clientId ||
      !redirect_uri ||
      response_type !== 'code' ||
      !code_challenge ||
      code_challenge_method !== 'S256'
    ) {
      respondJson(response, 400, { error: 'invalid_request' });
      return;
    }
    const target = new URL(redirect_uri);
    const denial = denials.shift();
    if (denial) {
      target.searchParams.set('error', denial);
    } else {
      codesIssued += 1;
      const code = `4/fake-code-${codesIssued}`;
      authorizationCodes.set(code, { redirectUri: redirect_uri, codeChallenge: code_challenge });
      target.searchParams.set('code', code);
      target.searchParams.set('scope', query.scope ?? '');
    }
    if (state !== undefined) target.searchParams.set('state', state);
    response.writeHead(302, { location: target.toString() });
    response.end();
  }

  /** Trades a code once, for the same redirect URI, with the verifier whose S256 digest was the challenge. */
  function answerAuthorizationCode(form: URLSearchParams, response: ServerResponse): void {
    const code = form.get('code') ?? '';
    const issued = authorizationCodes.get(code);
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (!issued || issued.redirectUri !== form.get('redirect_uri') || issued.codeChallenge !== challenge) {
      respondJson(response, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
      return;
    }
    authorizationCodes.delete(code);
    codeGrants += 1;
    const refreshToken = `1//fake-refresh-code-${codeGrants}`;
    const grant = { accessTokenPrefix: `ya29.fake-code-${codeGrants}`, expiresInSeconds: 3599, issued: 0 };
    refreshTokens.set(refreshToken, grant);
    respondJson(response, 200, {
      ...issueAccessToken(grant),
      refresh_token: refreshToken,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      token_type: 'Bearer',
    });
  }

  async function answerSetup(
    method: SetupCall['method'],
    request: IncomingMessage,
    body: Record<string, unknown> | undefined,
    response: ServerResponse,
  ): Promise<void> {
    const accessToken = bearerOf(request.headers);
    setupCalls.push({ method, accessToken, body });
    changed();
    if (!isValidAccessToken(accessToken)) {
      return sendAnswer({ answer: unauthenticated(), response, backend: 'code-assist', streaming: false });
    }
    const tiers = [
      { id: 'free-tier', name: 'Gemini Code Assist for individuals', isDefault: user.tierId === 'free-tier' },
      { id: 'standard-tier', name: 'Gemini Code Assist', isDefault: user.tierId === 'standard-tier' },
    ];
    if (user.ineligibleReason !== undefined) {
      const reasonMessage = user.ineligibleReason;
      if (method === 'loadCodeAssist') {
        respondJson(response, 200, {
          allowedTiers: [],
          ineligibleTiers: [{ reasonCode: 'INELIGIBLE_ACCOUNT', reasonMessage }],
        });
        return;
      }
      const answer = googleError(403, { message: reasonMessage, status: 'PERMISSION_DENIED' });
      return sendAnswer({ answer, response, backend: 'code-assist', streaming: false });
    }
    if (method === 'loadCodeAssist') {
      return respondJson(
        response,
        200,
        user.onboarded
          ? { currentTier: { id: user.tierId }, allowedTiers: tiers, cloudaicompanionProject: user.project }
          : { allowedTiers: tiers },
      );
    }
    if (method === 'onboardUser') {
      // Google refuses a project on the free tier: it runs on a managed project.
      if (body?.tierId === 'free-tier' && body.cloudaicompanionProject !== undefined) {
        return sendAnswer({
          answer: googleError(400, { message: 'Precondition check failed.', status: 'FAILED_PRECONDITION' }),
          response,
          backend: 'code-assist',
          streaming: false,
        });
      }
      pendingPolls = user.operationPolls;
    } else {
      pendingPolls -= 1;
    }
    if (pendingPolls > 0) return respondJson(response, 200, { name: 'operations/onboard-1', done: false });
    user = { ...user, onboarded: true };
    respondJson(response, 200, {
      name: 'operations/onboard-1',
      done: true,
      response: { cloudaicompanionProject: { id: user.project, name: user.project } },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    tokenUrl: `${baseUrl}/token`,
    authorizationUrl: `${baseUrl}${authorizationPath}`,
    authorizationCalls,
    calls,
    setupCalls,
    tokenCalls,
    get connections() {
      return connections;
    },
    get openConnections() {
      return sockets.size;
    },
    get abortedCalls() {
      return abortedCalls;
    },
    enqueue: (...answers) => void queue.push(...answers),
    setHandler: (next) => {
      handler = next;
    },
    enqueueTokenAnswer: (...answers) => void tokenQueue.push(...answers),
    addRefreshToken: (refreshToken, tokenOptions = {}) =>
      void refreshTokens.set(refreshToken, {
        accessTokenPrefix: tokenOptions.accessTokenPrefix ?? `ya29.fake-${refreshTokens.size + 1}`,
        expiresInSeconds: tokenOptions.expiresInSeconds ?? 3599,
        issued: 0,
      }),
    revokeRefreshToken: (refreshToken) => void refreshTokens.delete(refreshToken),
    acceptAccessToken: (accessToken) => void accessTokens.set(accessToken, Number.POSITIVE_INFINITY),
    acceptApiKey: (apiKey) => void apiKeys.add(apiKey),
    addServiceAccount: (clientEmail, publicKey, tokenOptions = {}) =>
      void serviceAccounts.set(clientEmail, {
        publicKey: typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey,
        accessTokenPrefix: tokenOptions.accessTokenPrefix ?? `ya29.fake-sa-${serviceAccounts.size + 1}`,
        expiresInSeconds: tokenOptions.expiresInSeconds ?? 3599,
        issued: 0,
      }),
    revokeServiceAccount: (clientEmail) => void serviceAccounts.delete(clientEmail),
    denyAuthorization: (error = 'access_denied') => void denials.push(error),
    expireAccessTokens: () => accessTokens.clear(),
    setCodeAssistUser: (next) => {
      user = { ...user, ...next };
    },
    until: (predicate) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!predicate()) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Connections the fake itself reset: not counted as client aborts. */
const resetByServer = new WeakSet<ServerResponse>();

async function sendAnswer(input: {
  answer: Answer;
  response: ServerResponse;
  backend: FakeBackend;
  streaming: boolean;
}): Promise<void> {
  const { answer, response, backend, streaming } = input;
  switch (answer.kind) {
    case 'error':
      return respondJson(response, answer.status, answer.body);
    case 'hang':
      return;
    case 'reset':
      if (answer.after.length > 0) await writeSteps({ steps: answer.after, response, backend });
      resetByServer.add(response);
      response.socket?.destroy();
      return;
    case 'stream':
      if (!streaming) return respondJson(response, 200, frame(backend, await mergeEvents(answer.steps)));
      await writeSteps({ steps: answer.steps, response, backend });
      response.end();
      return;
    default:
      return answer satisfies never;
  }
}

async function writeSteps(input: {
  steps: StreamStep[];
  response: ServerResponse;
  backend: FakeBackend;
}): Promise<void> {
  const { steps, response, backend } = input;
  if (!response.headersSent) {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'x-content-type-options': 'nosniff' });
    response.flushHeaders();
  }
  for (const step of steps) {
    if (response.destroyed) return;
    if (step instanceof Gate) await step.wait();
    else if (typeof step === 'string') response.write(step);
    else response.write(`data: ${JSON.stringify(frame(backend, step))}\r\n\r\n`);
  }
}

function frame(backend: FakeBackend, event: object): object {
  return backend === 'code-assist' ? { response: event, traceId: 'fake-trace-id' } : event;
}

/** A non-stream answer: the stream's parts in one candidate, finish reason and usage from the end. */
async function mergeEvents(steps: StreamStep[]): Promise<object> {
  const parts: unknown[] = [];
  let last: Record<string, unknown> = {};
  for (const step of steps) {
    if (step instanceof Gate) await step.wait();
    if (step instanceof Gate || typeof step === 'string') continue;
    const event = step as { candidates?: Array<{ content?: { parts?: unknown[] } }> };
    parts.push(...(event.candidates?.[0]?.content?.parts ?? []));
    last = step as Record<string, unknown>;
  }
  const finishReason = (last as { candidates?: Array<{ finishReason?: string }> }).candidates?.[0]
    ?.finishReason;
  return {
    ...last,
    candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 }],
  };
}

/** A jwt-bearer assertion, decoded but not yet verified. */
interface Assertion {
  issuer: string;
  audience: unknown;
  scope: unknown;
  algorithm: unknown;
  signedText: string;
  signature: Buffer;
}

function readAssertion(text: string | null): Assertion | undefined {
  const [header, payload, signature, ...extra] = (text ?? '').split('.');
  if (!header || !payload || !signature || extra.length > 0) return undefined;
  const headerFields = parseObject(Buffer.from(header, 'base64url').toString('utf8'));
  const claims = parseObject(Buffer.from(payload, 'base64url').toString('utf8'));
  if (typeof claims.iss !== 'string') return undefined;
  return {
    issuer: claims.iss,
    audience: claims.aud,
    scope: claims.scope,
    algorithm: headerFields.alg,
    signedText: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

function isSignedBy(assertion: Assertion, publicKey: KeyObject): boolean {
  return (
    assertion.algorithm === 'RS256' &&
    verify('RSA-SHA256', Buffer.from(assertion.signedText), publicKey, assertion.signature)
  );
}

function respondJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(JSON.stringify(body));
}

function notFoundBody(path: string): unknown {
  return {
    error: {
      code: 404,
      message: `The requested URL ${path} was not found on this server.`,
      status: 'NOT_FOUND',
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer (.+)$/i.exec(headerValue(headers.authorization) ?? '');
  return match?.[1];
}
