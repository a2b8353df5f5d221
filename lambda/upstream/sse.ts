/**
 * Server-sent events → JSON values. Google streams `data: {json}\r\n\r\n` events; the parsing is
 * `eventsource-parser`'s (field rules, CRLF, multi-line data, events split across chunks), fed
 * synchronously from the byte stream. The events one read of bytes completes travel on together as one
 * batch: Google often packs several into one TCP segment, and handling them as one unit (one trip
 * through the async pipeline, one write to the client) costs a fraction of handling each alone, with
 * no waiting: a batch is only what had already arrived.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { createParser } from 'eventsource-parser';
import { UpstreamError } from './upstream-error.js';

/**
 * Parses the `data` of every event in `source` as JSON, yielding the values each chunk completes
 * (chunks that complete none yield nothing). A web `ReadableStream` works too: it is an async iterable
 * of bytes. Throws `UpstreamError` `malformed_response` on a data line that is not JSON or a line that
 * is not SSE at all, after yielding the good values before it. Leaving the loop early cancels `source`.
 *
 * @example
 * for await (const values of parseSseJson({ source: response.body })) for (const value of values) console.log(value);
 */
export async function* parseSseJson({
  source,
}: {
  source: AsyncIterable<Uint8Array>;
}): AsyncGenerator<unknown[]> {
  const decoder = new TextDecoder();
  let batch: unknown[] = [];
  let failure: UpstreamError | undefined;
  const parser = createParser({
    onEvent: (event) => {
      if (failure || event.data.trim() === '') return;
      try {
        batch.push(JSON.parse(event.data));
      } catch {
        // The data itself may echo the request, so only its size goes into the message.
        failure = malformed(
          `Google's stream carried an event that is not JSON (${event.data.length} characters)`,
        );
      }
    },
    onError: (error) => {
      failure ??= malformed(`Google's stream is not valid server-sent events (${error.type})`);
    },
  });
  for await (const chunk of source) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (batch.length > 0) {
      const values = batch;
      batch = [];
      yield values;
    }
    if (failure) throw failure;
  }
}

function malformed(message: string): UpstreamError {
  return new UpstreamError({ failure: 'malformed_response', message });
}
