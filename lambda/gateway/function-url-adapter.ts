/**
 * Lambda Function URL (payload v2) ⇄ the core's GatewayRequest/ResponseSink, over response streaming.
 * Lambda does not tell a function that its client went away, so every request's signal aborts when the
 * invocation's time is nearly up instead: upstream calls never outlive the function.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Gateway } from '../core/gateway.js';
import type { GatewayRequest, ResponseSink } from '../core/http.js';
import { HttpResponseStream, streamifyResponse } from './response-stream.js';

export interface FunctionUrlEvent {
  rawPath?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string; path?: string } };
}

/** Time kept back to write the error event and close the stream before Lambda cuts the invocation. */
const closingMarginMs = 1500;

export function toStreamingHandler(gatewayFor: () => Promise<Gateway>) {
  return streamifyResponse<FunctionUrlEvent>(async (event, responseStream, context) => {
    const gateway = await gatewayFor();
    const aborter = new AbortController();
    const timer = setTimeout(
      () => aborter.abort(new Error('invocation time is up')),
      Math.max(0, context.getRemainingTimeInMillis() - closingMarginMs),
    );
    try {
      await gateway(toGatewayRequest(event, aborter.signal), toSink(responseStream));
    } finally {
      clearTimeout(timer);
    }
  });
}

export function toGatewayRequest(event: FunctionUrlEvent, signal: AbortSignal): GatewayRequest {
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : undefined;
  const headers: Record<string, string | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    method: event.requestContext?.http?.method ?? 'GET',
    path: event.rawPath ?? event.requestContext?.http?.path ?? '/',
    headers,
    body: (async function* () {
      if (body) yield body;
    })(),
    signal,
  };
}

function toSink(responseStream: Writable): ResponseSink {
  let stream: Writable | undefined;
  let written = false;
  const opened = () => {
    if (!stream) throw new Error('response written before start()');
    return stream;
  };
  return {
    start: (statusCode, headers) => {
      stream = HttpResponseStream.from(responseStream, { statusCode, headers });
    },
    write: async (chunk) => {
      const target = opened();
      written = true;
      if (!target.write(chunk)) await once(target, 'drain');
    },
    end: async () => {
      const target = opened();
      // The prelude (status and headers) goes out with the first write; end() alone would lose it.
      if (!written) target.write('');
      target.end();
      if (!target.writableFinished) await once(target, 'finish');
    },
  };
}
