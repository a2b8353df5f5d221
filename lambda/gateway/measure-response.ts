/**
 * A sink decorator that measures a response on its way out: the status it started with and, for a
 * stream that succeeded, the time from the request's start to its first event (time to first token).
 */
import type { ResponseSink } from '../core/http.js';
import type { Clock } from '../core/ports.js';

export interface ResponseMeasure {
  status: number;
  /** Only for a 200 event stream: ms from `startedAt` to the first chunk written. */
  firstTokenMs?: number;
}

/**
 * @example
 * const measured = measureResponse({ sink, clock, startedAt: clock.now(), onEnd: (measure) => record(measure) });
 */
export function measureResponse({
  sink,
  clock,
  startedAt,
  onEnd,
}: {
  sink: ResponseSink;
  clock: Clock;
  startedAt: number;
  /** Called once the response has ended (or failed to end). */
  onEnd: (measure: ResponseMeasure) => void;
}): ResponseSink {
  let measure: ResponseMeasure = { status: 0 };
  let streaming = false;
  const noteFirstToken = () => {
    if (streaming && measure.firstTokenMs === undefined) {
      measure = { ...measure, firstTokenMs: clock.now() - startedAt };
    }
  };
  return {
    start: (status, headers) => {
      measure = { status };
      streaming = status === 200 && (headers['content-type']?.startsWith('text/event-stream') ?? false);
      sink.start(status, headers);
    },
    write: async (chunk) => {
      noteFirstToken();
      await sink.write(chunk);
    },
    end: async (lastChunk) => {
      if (lastChunk !== undefined) noteFirstToken();
      try {
        await sink.end(lastChunk);
      } finally {
        onEnd(measure);
      }
    },
  };
}
