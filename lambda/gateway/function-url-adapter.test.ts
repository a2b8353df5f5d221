import { describe, expect, it } from 'vitest';
import type { GatewayRequest } from '../core/http.js';
import { TimeUpError } from './answer-time-up.js';
import {
  closingMarginMs,
  type FunctionUrlEvent,
  toGatewayRequest,
  toStreamingHandler,
} from './function-url-adapter.js';
import { collectResponse, lambdaContext } from './testing/collect-response.js';

/** A Function URL (payload v2) event as Lambda delivers it. */
function functionUrlEvent(overrides: Partial<FunctionUrlEvent> = {}): FunctionUrlEvent {
  return {
    rawPath: '/v1/chat/completions',
    rawQueryString: 'debug=1',
    headers: { 'content-type': 'application/json', authorization: 'Bearer key' },
    requestContext: { http: { method: 'POST', path: '/v1/chat/completions' } },
    body: Buffer.from('{"model":"gemini-2.5-flash"}').toString('base64'),
    isBase64Encoded: true,
    ...overrides,
  };
}

async function readBody(request: GatewayRequest): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of request.body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('toGatewayRequest', () => {
  it('decodes a base64 body, lower-cases header names and leaves the query out of the path', async () => {
    // Prepare
    const event = functionUrlEvent({ headers: { 'X-Api-Key': 'key', Accept: 'text/event-stream' } });

    // Act
    const request = toGatewayRequest(event, new AbortController().signal);

    // Assess
    expect({ ...request, headers: { ...request.headers }, body: await readBody(request) }).toStrictEqual({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { 'x-api-key': 'key', accept: 'text/event-stream' },
      body: '{"model":"gemini-2.5-flash"}',
      signal: request.signal,
    });
  });

  it('takes a plain body as UTF-8 and an event without body, headers or method as an empty GET', async () => {
    // Prepare
    const plain = functionUrlEvent({ body: '{"text":"héllo"}', isBase64Encoded: false });
    const bare: FunctionUrlEvent = { rawPath: '/healthz' };

    // Act
    const plainRequest = toGatewayRequest(plain, new AbortController().signal);
    const bareRequest = toGatewayRequest(bare, new AbortController().signal);

    // Assess
    expect(await readBody(plainRequest)).toBe('{"text":"héllo"}');
    expect([
      bareRequest.method,
      bareRequest.path,
      { ...bareRequest.headers },
      await readBody(bareRequest),
    ]).toStrictEqual(['GET', '/healthz', {}, '']);
  });
});

describe('toStreamingHandler', () => {
  it('writes the status and headers the server chose as the prelude, then its body', async () => {
    // Prepare
    const response = collectResponse();
    const handler = toStreamingHandler({
      serve: async (_request, sink) => {
        sink.start(201, { 'content-type': 'text/plain' });
        await sink.write('first ');
        await sink.write('second');
        await sink.end();
      },
    });

    // Act
    await handler(functionUrlEvent(), response.stream, lambdaContext());

    // Assess
    expect(response.parse()).toStrictEqual({
      prelude: { statusCode: 201, headers: { 'content-type': 'text/plain' } },
      body: 'first second',
    });
  });

  it('keeps the prelude of a response that ends without a body', async () => {
    // Prepare
    const response = collectResponse();
    const handler = toStreamingHandler({
      serve: async (_request, sink) => {
        sink.start(204, {});
        await sink.end();
      },
    });

    // Act
    await handler(functionUrlEvent(), response.stream, lambdaContext());

    // Assess
    expect(response.parse()).toStrictEqual({ prelude: { statusCode: 204, headers: {} }, body: '' });
  });

  it('aborts the request with a TimeUpError when the invocation is about to run out of time', async () => {
    // Prepare
    const response = collectResponse();
    let reason: unknown;
    const handler = toStreamingHandler({
      serve: async (request, sink) => {
        await new Promise<void>((resolve) =>
          request.signal.addEventListener('abort', resolve, { once: true }),
        );
        reason = request.signal.reason;
        sink.start(504, {});
        await sink.end();
      },
    });

    // Act
    await handler(functionUrlEvent(), response.stream, lambdaContext({ remainingMs: closingMarginMs + 1 }));

    // Assess
    expect(reason).toStrictEqual(new TimeUpError(1));
    expect((reason as Error).message).toBe('The request reached its time limit of 1 ms');
  });

  it('aborts at the configured request timeout when that comes first', async () => {
    // Prepare
    const response = collectResponse();
    let reason: unknown;
    const handler = toStreamingHandler({
      requestTimeoutMs: 2,
      serve: async (request, sink) => {
        await new Promise<void>((resolve) =>
          request.signal.addEventListener('abort', resolve, { once: true }),
        );
        reason = request.signal.reason;
        sink.start(504, {});
        await sink.end();
      },
    });

    // Act
    await handler(functionUrlEvent(), response.stream, lambdaContext({ remainingMs: 900_000 }));

    // Assess
    expect((reason as Error).message).toBe('The request reached its time limit of 2 ms');
  });
});
