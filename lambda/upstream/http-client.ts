/**
 * Outbound HTTP to Google. One undici dispatcher per process, so TLS connections are reused across
 * requests (keep-alive), or a `ProxyAgent` when a proxy is configured. Every request carries an abort
 * signal (usually a LightAbortController's, which undici takes as it takes an AbortSignal): aborting it
 * (client gone, timeout) cancels the upstream request and closes its socket.
 * https://undici.nodejs.org/#/docs/api/Agent  https://undici.nodejs.org/#/docs/api/ProxyAgent
 *
 * The agents are loaded from their own files, not from undici's index: the index loads all of undici
 * (fetch, WebSocket, EventSource, mocks, cookies), and its cookie module reads `globalThis.Headers` as
 * it loads, which makes Node load its own bundled copy of undici too. Without them a gateway process
 * rests about 3 MB smaller, and the Lambda handler's import takes about a fifth less time
 * (test/bench/lambda-cold-start.ts). Their types are declared in undici-files.d.ts.
 */
import api from 'undici/lib/api/index.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import type { AbortSignalLike } from '../core/light-abort-controller.js';
import { UpstreamError } from './upstream-error.js';

// What undici's index does first: every dispatcher gets `request`, `stream`, `pipeline`, `upgrade`
// and `connect` (a ProxyAgent opens its tunnel with `connect`).
Object.assign(Dispatcher.prototype, api);

/** Idle sockets stay open this long; Google keeps them for minutes, so reuse is common under load. */
const keepAliveTimeoutMs = 60_000;
const keepAliveMaxTimeoutMs = 10 * 60_000;

/**
 * The proxy to use: `PROXY` (the gateway's own setting), else the conventional `HTTPS_PROXY` /
 * `https_proxy`. Takes the environment as a parameter so the core never reads `process.env`.
 */
export function resolveProxyUrl({
  environment,
}: {
  environment: Record<string, string | undefined>;
}): string | undefined {
  const candidates = [environment.PROXY, environment.HTTPS_PROXY, environment.https_proxy];
  return candidates.find((value) => value !== undefined && value.trim() !== '')?.trim();
}

/** A new dispatcher; prefer `sharedDispatcher` outside tests. */
export function createDispatcher({ proxyUrl }: { proxyUrl?: string }): Dispatcher {
  const keepAlive = { keepAliveTimeout: keepAliveTimeoutMs, keepAliveMaxTimeout: keepAliveMaxTimeoutMs };
  return proxyUrl ? new ProxyAgent({ uri: proxyUrl, ...keepAlive }) : new Agent(keepAlive);
}

const dispatchers = new Map<string, Dispatcher>();

/**
 * The process-wide dispatcher for a proxy setting (a warm Lambda container reuses it too).
 *
 * @example const dispatcher = sharedDispatcher({ proxyUrl: config.proxyUrl });
 */
export function sharedDispatcher({ proxyUrl }: { proxyUrl?: string }): Dispatcher {
  const key = proxyUrl ?? '';
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    dispatcher = createDispatcher({ proxyUrl });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

export interface SendRequestInput {
  dispatcher: Dispatcher;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Serialised as JSON. */
  body?: unknown;
  signal: AbortSignalLike;
}

/**
 * Sends one request and resolves with the status, headers and an unread body stream. Connection
 * failures become `UpstreamError` `network`; an aborted `signal` rejects with its reason. The caller
 * must read the body to the end or destroy it, or the socket stays busy.
 */
export async function sendRequest(input: SendRequestInput): Promise<Dispatcher.ResponseData> {
  const { dispatcher, url, method, headers, body, signal } = input;
  try {
    const { origin, pathname, search } = new URL(url);
    return await dispatcher.request({
      origin,
      path: `${pathname}${search}`,
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    throw toNetworkError({ error, url, signal });
  }
}

/**
 * Turns a failure while talking to Google into what the pool understands: an `UpstreamError` as it is
 * (a timeout aborts with one as its reason), the signal's own reason when it was aborted, anything
 * else (refused, reset, closed early) as `network`. The message names the host and error code only.
 */
export function toNetworkError({
  error,
  url,
  signal,
}: {
  error: unknown;
  url: string;
  signal: AbortSignalLike;
}): unknown {
  if (error instanceof UpstreamError) return error;
  if (signal.aborted) return signal.reason;
  const code = (error as { code?: unknown } | undefined)?.code;
  return new UpstreamError({
    failure: 'network',
    message: `Connection to ${new URL(url).host} failed${typeof code === 'string' ? ` (${code})` : ''}`,
    cause: error,
  });
}

/**
 * Reads at most `limit` bytes of a body as text; past that, leaving the loop destroys the body (error
 * answers are small; a huge one is not worth reading).
 */
export async function readBodyText({
  body,
  limit = 64 * 1024,
}: {
  body: AsyncIterable<Uint8Array>;
  limit?: number;
}): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
