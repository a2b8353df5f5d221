import type { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpResponseStream, streamifyResponse } from './response-stream.js';
import { collectResponse } from './testing/collect-response.js';

const prelude = { statusCode: 201, headers: { 'content-type': 'text/plain', 'x-test': 'yes' } };
const preludeBytes = Buffer.concat([Buffer.from(JSON.stringify(prelude)), Buffer.alloc(8)]);

async function finish(stream: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.end(resolve);
  });
}

describe('the awslambda shim', () => {
  it('sends the JSON prelude and 8 NUL bytes with the first write, then the body as written', async () => {
    // Prepare
    const response = collectResponse();
    const stream = HttpResponseStream.from(response.stream, prelude);

    // Act
    stream.write('hello, ');
    stream.write(Buffer.from('world'));
    await finish(stream);

    // Assess
    expect(response.bytes()).toStrictEqual(Buffer.concat([preludeBytes, Buffer.from('hello, world')]));
  });

  it('still sends the prelude for an empty first write or an end without any write', async () => {
    // Prepare
    const emptyWrite = collectResponse();
    const endOnly = collectResponse();
    const first = HttpResponseStream.from(emptyWrite.stream, prelude);
    const second = HttpResponseStream.from(endOnly.stream, prelude);

    // Act
    first.write('');
    await finish(first);
    await finish(second);

    // Assess
    expect([emptyWrite.bytes(), endOnly.bytes()]).toStrictEqual([preludeBytes, preludeBytes]);
  });

  it('leaves the handler as it is, for tests to call with a stream and a context', () => {
    // Prepare
    const handler = async () => {};

    // Act
    const wrapped = streamifyResponse(handler);

    // Assess
    expect(wrapped).toBe(handler);
  });

  describe('inside the Lambda runtime', () => {
    const global = globalThis as { awslambda?: unknown };
    const before = global.awslambda;

    afterEach(() => {
      global.awslambda = before;
    });

    it('hands over to the runtime’s awslambda when it has one', () => {
      // Prepare
      const marked = async () => {};
      const calls: unknown[] = [];
      global.awslambda = {
        streamifyResponse: (handler: unknown) => {
          calls.push(handler);
          return marked;
        },
        HttpResponseStream: {
          from: (stream: Writable, streamPrelude: unknown) => {
            calls.push(streamPrelude);
            return stream;
          },
        },
      };
      const handler = async () => {};
      const response = collectResponse();

      // Act
      const wrapped = streamifyResponse(handler);
      const stream = HttpResponseStream.from(response.stream, prelude);

      // Assess
      expect([wrapped, stream, calls]).toStrictEqual([marked, response.stream, [handler, prelude]]);
    });

    it('keeps to the shim when awslambda is only the empty object @aws/lambda-invoke-store leaves', async () => {
      // Prepare
      global.awslambda = {};
      const response = collectResponse();

      // Act
      const stream = HttpResponseStream.from(response.stream, prelude);
      stream.write('body');
      await finish(stream);

      // Assess
      expect(response.bytes()).toStrictEqual(Buffer.concat([preludeBytes, Buffer.from('body')]));
    });
  });
});
