import { ReadableStream } from 'node:stream/web';
import { describe, expect, it } from 'vitest';
import { parseSseJson } from './sse.js';
import { UpstreamError } from './upstream-error.js';

const encoder = new TextEncoder();

async function* chunksOf(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const text of texts) yield encoder.encode(text);
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const batch of parseSseJson({ source })) values.push(...batch);
  return values;
}

describe('parseSseJson', () => {
  it('parses CRLF-framed events split anywhere across chunks', async () => {
    // Prepare
    const text = 'data: {"response":{"a":1}}\r\n\r\ndata: {"response":{"b":"é"}}\r\n\r\n';
    const bytes = encoder.encode(text);
    const source = (async function* () {
      for (let index = 0; index < bytes.length; index += 5) yield bytes.slice(index, index + 5);
    })();

    // Act
    const values = await collect(source);

    // Assess
    expect(values).toStrictEqual([{ response: { a: 1 } }, { response: { b: 'é' } }]);
  });

  it('joins multi-line data and ignores comments and empty data', async () => {
    // Act
    const values = await collect(chunksOf(': keep-alive\n\ndata: {"a":\ndata: 2}\n\ndata:\n\n'));

    // Assess
    expect(values).toStrictEqual([{ a: 2 }]);
  });

  it('reads a web ReadableStream', async () => {
    // Prepare
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: [1,2]\n\n'));
        controller.close();
      },
    });

    // Act
    const values = await collect(source);

    // Assess
    expect(values).toStrictEqual([[1, 2]]);
  });

  it('yields the first event alone, then the events each chunk completes together', async () => {
    // Prepare
    const batches: unknown[][] = [];
    const source = chunksOf('data: 1\n\ndata: 2\n\ndata: 3\n\ndata: ', '4', '\n\ndata: 5\n\ndata: 6\n\n');

    // Act
    for await (const batch of parseSseJson({ source })) batches.push(batch);

    // Assess
    expect(batches).toStrictEqual([[1], [2, 3], [4, 5, 6]]);
  });

  it('drops an unterminated last event, as the SSE rules say', async () => {
    // Act
    const values = await collect(chunksOf('data: {"a":1}\n\ndata: {"b":2}'));

    // Assess
    expect(values).toStrictEqual([{ a: 1 }]);
  });

  it('throws malformed_response for a data line that is not JSON, after the good events', async () => {
    // Prepare
    const values: unknown[] = [];

    // Act
    const failure = await (async () => {
      for await (const batch of parseSseJson({ source: chunksOf('data: {"a":1}\n\ndata: {"secret":\n\n') }))
        values.push(...batch);
    })().catch((error: unknown) => error);

    // Assess
    expect(values).toStrictEqual([{ a: 1 }]);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).failure).toStrictEqual('malformed_response');
    expect((failure as UpstreamError).message).not.toContain('secret');
  });

  it('throws malformed_response for a body that is not SSE at all', async () => {
    // Act
    const failure = await collect(chunksOf('<html>\n<body>oops</body>\n')).catch((error: unknown) => error);

    // Assess
    expect((failure as UpstreamError).failure).toStrictEqual('malformed_response');
  });
});
