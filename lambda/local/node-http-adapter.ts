/**
 * The local adapter: node:http request/response ⇄ the core's GatewayRequest/ResponseSink. A client that
 * disconnects aborts the request's signal, which cancels the upstream call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gateway } from '../core/gateway.js';
import type { GatewayRequest, ResponseSink } from '../core/http.js';
import { LightAbortController } from '../core/light-abort-controller.js';
import { ReadableChunks } from './readable-chunks.js';

export function toNodeListener(
  gateway: Gateway,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (incoming, response) => {
    const aborter = new LightAbortController();
    response.on('close', () => {
      if (!response.writableFinished) aborter.abort(new Error('client disconnected'));
    });
    const body = new ReadableChunks(incoming, { length: declaredLength(incoming) });
    const url = incoming.url ?? '/';
    const queryStart = url.indexOf('?');
    const request: GatewayRequest = {
      method: incoming.method ?? 'GET',
      path: queryStart < 0 ? url : url.slice(0, queryStart),
      headers: flattenHeaders(incoming.headers),
      body,
      signal: aborter.signal,
    };
    gateway(request, toSink(body, response)).catch((error: unknown) => {
      // The core answers every failure itself; reaching here means the socket broke mid-write.
      if (!response.headersSent) response.writeHead(500);
      response.destroy(error instanceof Error ? error : undefined);
    });
  };
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = Object.create(null);
  // Keys, not Object.entries: V8 (Node 20) builds entries in its runtime, several times slower.
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function toSink(body: ReadableChunks, response: ServerResponse): ResponseSink {
  return {
    start: (status, headers) => {
      // Set, not written: node sends them with the first write, and when that is `end` with the whole
      // body, with its length.
      response.statusCode = status;
      for (const name of Object.keys(headers)) response.setHeader(name, headers[name]);
      // An answer before the whole body arrived (a 413) leaves the rest unread, so the connection cannot
      // carry another request: without `connection: close` the client reuses it and meets a reset.
      if (!body.received) response.setHeader('connection', 'close');
      // Stream events must leave at once, not wait for Nagle's algorithm to fill a packet.
      response.socket?.setNoDelay(true);
    },
    write: (chunk) =>
      new Promise<void>((resolve) => {
        if (response.destroyed) return resolve();
        if (response.write(chunk)) return resolve();
        const done = () => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.on('drain', done);
        response.on('close', done);
      }),
    end: (lastChunk) =>
      new Promise<void>((resolve) => {
        if (response.destroyed) return resolve();
        response.once('close', resolve);
        response.end(lastChunk, resolve);
      }),
  };
}

/**
 * How many bytes the body has: its `content-length`, or 0 for a request that declares neither a length
 * nor chunks (a GET; node's parser reads no body then). Unknown for chunks, whose end says.
 */
function declaredLength(incoming: IncomingMessage): number | undefined {
  const { 'content-length': length, 'transfer-encoding': encoding } = incoming.headers;
  if (encoding !== undefined) return undefined;
  return length === undefined ? 0 : Number(length);
}
