/**
 * Server-sent events → JSON values. Google streams `data: {json}\r\n\r\n` events; the parsing is
 * `eventsource-parser`'s (field rules, CRLF, multi-line data, events split across chunks), fed
 * synchronously from the byte stream. The events one read of bytes completes travel on together as one
 * batch: several often share a read (a busy gateway reads less often than Google writes), and handling
 * them as one unit (one trip through the async pipeline, one write to the client) costs a fraction of
 * handling each alone, with no waiting: a batch is only what had already arrived.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { createParser } from 'eventsource-parser';
import { Utf8ChunkDecoder } from '../core/utf8-chunk-decoder.js';
import { UpstreamError } from './upstream-error.js';

/**
 * Parses the `data` of every event in `source` as JSON, yielding the values each chunk completes
 * (chunks that complete none yield nothing), the stream's first value in a batch of its own. A web `ReadableStream` works too: it is an async iterable
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
  const decoder = new Utf8ChunkDecoder();
  /** The data of events complete but not yet parsed. */
  const pending: string[] = [];
  let failure: UpstreamError | undefined;
  const parser = createParser({
    onEvent: (event) => {
      if (event.data.trim() !== '') pending.push(event.data);
    },
    onError: (error) => {
      failure ??= malformed(`Google's stream is not valid server-sent events (${error.type})`);
    },
  });
  let isFirst = true;
  for await (const chunk of source) {
    parser.feed(decoder.decode(chunk));
    while (pending.length > 0) {
      // The stream's first event goes on alone, before the rest of its chunk is parsed: the gateway
      // waits for it to commit to an account, and it carries the client's first token.
      const parsed = parseEach(pending.splice(0, isFirst ? 1 : pending.length));
      isFirst = false;
      if (parsed.values.length > 0) yield parsed.values;
      if (parsed.failure) throw parsed.failure;
    }
    if (failure) throw failure;
  }
}

/**
 * The values of `data`, up to the first that is not JSON, and the failure that one makes. A plain
 * function, not a generator: `yield*` of a sync generator inside an async one awaits every step.
 */
function parseEach(data: string[]): { values: unknown[]; failure?: UpstreamError } {
  const values: unknown[] = [];
  for (const text of data) {
    try {
      values.push(JSON.parse(text));
    } catch {
      // The data itself may echo the request, so only its size goes into the message.
      return {
        values,
        failure: malformed(`Google's stream carried an event that is not JSON (${text.length} characters)`),
      };
    }
  }
  return { values };
}

function malformed(message: string): UpstreamError {
  return new UpstreamError({ failure: 'malformed_response', message });
}
