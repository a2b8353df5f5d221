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
  const decoder = new TextDecoder();
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
    parser.feed(decoder.decode(chunk, { stream: true }));
    // The stream's first event goes on alone, before the rest of its chunk is parsed: the gateway
    // waits for it to commit to an account, and it carries the client's first token.
    if (isFirst && pending.length > 0) {
      isFirst = false;
      yield* parseEach(pending.splice(0, 1));
    }
    if (pending.length > 0) yield* parseEach(pending.splice(0));
    if (failure) throw failure;
  }
}

/** Yields the values of `data` as one batch; one that is not JSON ends the stream after those before it. */
function* parseEach(data: string[]): Generator<unknown[]> {
  const values: unknown[] = [];
  for (const text of data) {
    try {
      values.push(JSON.parse(text));
    } catch {
      if (values.length > 0) yield values;
      // The data itself may echo the request, so only its size goes into the message.
      throw malformed(`Google's stream carried an event that is not JSON (${text.length} characters)`);
    }
  }
  yield values;
}

function malformed(message: string): UpstreamError {
  return new UpstreamError({ failure: 'malformed_response', message });
}
