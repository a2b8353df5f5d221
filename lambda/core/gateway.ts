/**
 * The gateway core: one function from a runtime-agnostic request to a response written on a sink.
 * Routing, client auth and error shaping live here; each endpoint is its own module.
 *
 * @example
 * const handle = createGateway(deps);
 * await handle(request, sink); // never throws: every failure becomes an OpenAI-shaped error
 */
import type { Pool } from '../pool/pool.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import { type ChatCompletionsDeps, handleChatCompletions } from './chat-completions.js';
import type { ClientAuth } from './client-auth.js';
import type { ClientRateLimit } from './client-rate-limit.js';
import type { GatewayRequest, ResponseSink } from './http.js';
import { HttpError } from './http-error.js';
import { describe, internalError } from './internal-error.js';
import { sendJson } from './respond.js';
import { upstreamErrorResponse } from './upstream-error-response.js';

export interface GatewayDeps extends ChatCompletionsDeps {
  auth: ClientAuth;
  /** CLIENT_KEY_RATE_LIMIT; absent, clients are not limited. */
  rateLimit?: ClientRateLimit;
  pool: Pool;
}

export type Gateway = (request: GatewayRequest, sink: ResponseSink) => Promise<void>;

export function createGateway(deps: GatewayDeps): Gateway {
  return async (request, sink) => {
    const started = deps.clock.now();
    let status = 200;
    const recordingSink: ResponseSink = {
      start: (code, headers) => {
        status = code;
        sink.start(code, headers);
      },
      write: (chunk) => sink.write(chunk),
      end: (lastChunk) => sink.end(lastChunk),
    };
    try {
      await route(deps, request, recordingSink);
    } catch (error) {
      const response = request.signal.aborted ? clientClosedRequest() : toHttpError(error, deps);
      await sendJson(recordingSink, response.status, response.toJSON(), response.headers);
    }
    deps.logger.info('request', {
      method: request.method,
      path: request.path,
      status,
      durationMs: deps.clock.now() - started,
    });
  };
}

async function route(deps: GatewayDeps, request: GatewayRequest, sink: ResponseSink): Promise<void> {
  const path = request.path.replace(/\/+$/, '') || '/';
  if (path === '/healthz') {
    requireMethod(request, 'GET');
    return sendJson(sink, 200, { status: 'ok' });
  }
  if (path === '/v1/chat/completions') {
    requireMethod(request, 'POST');
    admit(deps, request);
    return handleChatCompletions(deps, request, sink);
  }
  if (path === '/v1/models') {
    requireMethod(request, 'GET');
    admit(deps, request);
    return sendJson(sink, 200, { object: 'list', data: await deps.models.list() });
  }
  if (path.startsWith('/v1/models/')) {
    requireMethod(request, 'GET');
    admit(deps, request);
    return sendJson(sink, 200, await deps.models.get(decodePathSegment(path.slice('/v1/models/'.length))));
  }
  throw new HttpError({
    status: 404,
    type: 'not_found_error',
    code: 'unknown_url',
    message: `Unknown request URL: ${request.method} ${truncate(request.path)}. Supported: POST /v1/chat/completions, GET /v1/models, GET /v1/models/{id}, GET /healthz.`,
  });
}

/** Lets the client in: a configured key (401 otherwise), within its rate limit (429 otherwise). */
function admit(deps: GatewayDeps, request: GatewayRequest): void {
  const client = deps.auth.check(request.headers);
  deps.rateLimit?.take(client);
}

function requireMethod(request: GatewayRequest, method: string): void {
  if (request.method === method) return;
  throw new HttpError({
    status: 405,
    type: 'invalid_request_error',
    code: 'method_not_allowed',
    message: `Method ${truncate(request.method)} is not allowed on ${truncate(request.path)}; use ${method}.`,
    headers: { allow: method },
  });
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Nobody is listening any more; the status is for the log line (nginx's 499). */
function clientClosedRequest(): HttpError {
  return new HttpError({ status: 499, type: 'invalid_request_error', message: 'Client closed the request.' });
}

function toHttpError(error: unknown, deps: GatewayDeps): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof UpstreamError) return upstreamErrorResponse(error, deps.clock.now());
  deps.logger.error('unexpected failure', describe(error));
  return internalError();
}
