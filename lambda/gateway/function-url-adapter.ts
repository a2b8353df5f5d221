/**
 * Lambda Function URL (payload v2) ⇄ the core's GatewayRequest/ResponseSink, over response streaming.
 * Lambda does not tell a function that its client went away, so every request's signal aborts when its
 * time is nearly up instead (the invocation's remaining time, or the configured request timeout if
 * that comes first), with a `TimeUpError`: upstream calls never outlive the function, and
 * `answerTimeUp` turns the abort into an answer the still-waiting client can read.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { GatewayRequest, ResponseSink } from '../core/http.js';
import { type AbortSignalLike, LightAbortController } from '../core/light-abort-controller.js';
import { TimeUpError } from './answer-time-up.js';
import { HttpResponseStream, type LambdaContext, streamifyResponse } from './response-stream.js';

export interface FunctionUrlEvent {
  rawPath?: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string; path?: string } };
}

/** Serves one request on the sink; answers every failure itself. */
export type InvocationServer = (
  request: GatewayRequest,
  sink: ResponseSink,
  context: LambdaContext,
) => Promise<void>;

/** Calls `onTimeUp` after `ms` unless the returned function cancels it first. */
export type StartTimer = (ms: number, onTimeUp: () => void) => () => void;

export const startRealTimer: StartTimer = (ms, onTimeUp) => {
  const timer = setTimeout(onTimeUp, ms);
  return () => clearTimeout(timer);
};

export interface StreamingHandlerOptions {
  serve: InvocationServer;
  /** Longest a request may run, in ms; the invocation's remaining time bounds it in any case. */
  requestTimeoutMs?: number;
  /** Tests fire the time limit themselves. */
  startTimer?: StartTimer;
}

/** Time kept back to write the error event and close the stream before Lambda cuts the invocation. */
export const closingMarginMs = 1500;

/**
 * @example
 * export const handler = toStreamingHandler({ serve: (request, sink) => gateway(request, sink) });
 */
export function toStreamingHandler({
  serve,
  requestTimeoutMs,
  startTimer = startRealTimer,
}: StreamingHandlerOptions) {
  return streamifyResponse<FunctionUrlEvent>(async (event, responseStream, context) => {
    const limitMs = Math.max(
      0,
      Math.min(
        context.getRemainingTimeInMillis() - closingMarginMs,
        requestTimeoutMs ?? Number.POSITIVE_INFINITY,
      ),
    );
    const aborter = new LightAbortController();
    const cancelTimer = startTimer(limitMs, () => aborter.abort(new TimeUpError(limitMs)));
    try {
      await serve(toGatewayRequest(event, aborter.signal), toSink(responseStream), context);
    } finally {
      cancelTimer();
    }
  });
}

/** The core's request from a Function URL event: body decoded, header names lower-cased, no query. */
export function toGatewayRequest(event: FunctionUrlEvent, signal: AbortSignalLike): GatewayRequest {
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : undefined;
  const headers: Record<string, string | undefined> = Object.create(null);
  const received = event.headers ?? {};
  // Keys, not Object.entries: V8 (Node 20) builds entries in its runtime, several times slower.
  for (const name of Object.keys(received)) headers[name.toLowerCase()] = received[name];
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
    end: async (lastChunk) => {
      const target = opened();
      // The prelude (status and headers) goes out with the first write; end() alone would lose it.
      if (lastChunk !== undefined || !written) target.write(lastChunk ?? '');
      target.end();
      if (!target.writableFinished) await once(target, 'finish');
    },
  };
}
