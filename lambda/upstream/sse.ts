/**
 * Server-sent events → JSON values. Google streams `data: {json}\r\n\r\n` events; the parsing is
 * `eventsource-parser`'s (field rules, CRLF, multi-line data, events split across chunks), fed
 * synchronously from the byte stream so each event is yielded as soon as its bytes arrive.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { UpstreamError } from './upstream-error.js';

/**
 * Parses the `data` of every event in `source` as JSON. A web `ReadableStream` works too: it is an
 * async iterable of bytes. Throws `UpstreamError` `malformed_response` on a data line that is not
 * JSON or a line that is not SSE at all. Leaving the loop early cancels `source`.
 *
 * @example
 * for await (const value of parseSseJson({ source: response.body })) console.log(value);
 */
export async function* parseSseJson({
  source,
}: {
  source: AsyncIterable<Uint8Array>;
}): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  const pending: EventSourceMessage[] = [];
  let failure: UpstreamError | undefined;
  const parser = createParser({
    onEvent: (event) => void pending.push(event),
    onError: (error) => {
      failure ??= new UpstreamError({
        failure: 'malformed_response',
        message: `Google's stream is not valid server-sent events (${error.type})`,
      });
    },
  });
  for await (const chunk of source) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (failure) throw failure;
    while (pending.length > 0) {
      const event = pending.shift() as EventSourceMessage;
      if (event.data.trim() !== '') yield parseData(event.data);
    }
  }
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    // The data itself may echo the request, so only its size goes into the message.
    throw new UpstreamError({
      failure: 'malformed_response',
      message: `Google's stream carried an event that is not JSON (${data.length} characters)`,
    });
  }
}
