/**
 * Lambda never sees its client leave, so on Lambda a request's signal aborts for one reason only: the
 * invocation's time (or the configured request timeout) is nearly up, and the client is still waiting.
 * The core treats any abort as a client that left: it answers 499 if nothing was sent yet, and ends a
 * stream without an error event or `[DONE]`. This sink decorator gives the waiting client a proper end
 * instead: a 504 in place of the 499, or an error event and `[DONE]` closing the stream.
 */
import type { ResponseSink } from '../core/http.js';
import { HttpError } from '../core/http-error.js';
import type { AbortSignalLike } from '../core/light-abort-controller.js';
import { sseEvent } from '../core/respond.js';

/** The reason a request's signal aborts with when its time is up. */
export class TimeUpError extends Error {
  override readonly name = 'TimeUpError';

  constructor(limitMs: number) {
    super(`The request reached its time limit of ${limitMs} ms`);
  }
}

const done = sseEvent('[DONE]');

/**
 * @example
 * await gateway(request, answerTimeUp({ sink, signal: request.signal }));
 */
export function answerTimeUp({
  sink,
  signal,
}: {
  sink: ResponseSink;
  signal: AbortSignalLike;
}): ResponseSink {
  const timedOut = () => signal.aborted && signal.reason instanceof TimeUpError;
  /** The core's 499 is being replaced: its body is dropped. */
  let replacing = false;
  let streaming = false;
  let lastChunk = '';
  return {
    start: (status, headers) => {
      if (status === 499 && timedOut()) {
        replacing = true;
        sink.start(504, { 'content-type': 'application/json; charset=utf-8' });
        return;
      }
      streaming = headers['content-type']?.startsWith('text/event-stream') ?? false;
      sink.start(status, headers);
    },
    write: async (chunk) => {
      if (replacing) return;
      lastChunk = chunk;
      await sink.write(chunk);
    },
    end: async (finalChunk) => {
      if (replacing) return sink.end(JSON.stringify(timeUpError().toJSON()));
      const cutShort = streaming && timedOut() && !(finalChunk ?? lastChunk).endsWith(done);
      await sink.end(cutShort ? `${finalChunk ?? ''}${sseEvent(timeUpError().toJSON())}${done}` : finalChunk);
    },
  };
}

function timeUpError(): HttpError {
  return new HttpError({
    status: 504,
    type: 'api_error',
    code: 'gateway_timeout',
    message: 'The gateway ran out of time for this request; try again, or ask for a shorter answer.',
  });
}
