/**
 * Raw HTTP against the gateway, for what the `openai` SDK hides: status codes, headers, the exact SSE
 * framing and bodies that are not valid requests at all.
 *
 * @example
 * const response = await postChat({ url: rig.url, body: { model, messages, stream: true } });
 * const chunks = await readSseChunks(response); // [{ id: 'chatcmpl-…', object: 'chat.completion.chunk', … }, …]
 */

export interface PostChatInput {
  url: string;
  /** A value to send as JSON, or a string sent as it is (invalid JSON, an empty body). */
  body: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** `POST {url}/v1/chat/completions`. */
export function postChat({ url, body, headers = {}, signal }: PostChatInput): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

/**
 * The `data` of every event of an SSE body, in order, checking the framing on the way: every event is
 * one `data: ` line ended by a blank line, nothing else.
 */
async function readSseData(response: Response): Promise<string[]> {
  const text = await response.text();
  if (!text.endsWith('\n\n')) throw new Error(`SSE body does not end with a blank line: ${text.slice(-80)}`);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((event) => {
      if (!event.startsWith('data: ') || event.includes('\n')) throw new Error(`not one data line: ${event}`);
      return event.slice('data: '.length);
    });
}

export interface SseReader {
  /** The `data` of the next event as soon as it has arrived, or undefined at the end of the body. */
  next(): Promise<string | undefined>;
}

/** Reads an SSE body one event at a time, so a test can act between events (release a gate). */
export function readSseIncrementally(response: Response): SseReader {
  if (!response.body) throw new Error('the response has no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    async next() {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const event = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (!event.startsWith('data: ')) throw new Error(`not a data line: ${event}`);
          return event.slice('data: '.length);
        }
        const { done, value } = await reader.read();
        if (done) {
          if (buffered !== '') throw new Error(`SSE body ends inside an event: ${buffered}`);
          return undefined;
        }
        buffered += decoder.decode(value, { stream: true });
      }
    },
  };
}

/** The JSON chunks of an SSE body, after checking it ends with `data: [DONE]`. */
export async function readSseChunks(response: Response): Promise<unknown[]> {
  const data = await readSseData(response);
  if (data.at(-1) !== '[DONE]') throw new Error(`SSE body does not end with [DONE]: ${data.at(-1)}`);
  return data.slice(0, -1).map((event) => JSON.parse(event) as unknown);
}

/** Status, the headers a test looks at, and the parsed JSON body of an answer. */
export async function readJsonAnswer(
  response: Response,
): Promise<{ status: number; contentType: string | null; body: unknown }> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.json(),
  };
}

/** Every item of an async iterable (an SDK stream), in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}
