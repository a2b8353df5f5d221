/**
 * The runtime-agnostic HTTP shape the core speaks. Adapters (node:http locally, Lambda response
 * streaming on AWS) turn their native request into a `GatewayRequest` and give the core a
 * `ResponseSink`; no Node-http or AWS types cross this line.
 */
import type { AbortSignalLike } from './light-abort-controller.js';

export interface GatewayRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  /** The body as it arrives, so size limits apply before it is buffered whole. */
  body: AsyncIterable<Uint8Array>;
  /** Aborts when the client goes away (where the runtime can tell) or the request's time is up. */
  signal: AbortSignalLike;
}

export interface ResponseSink {
  /** Fixes status and headers. Called exactly once, before the first write. */
  start(status: number, headers: Record<string, string>): void;
  /** Resolves once the chunk is handed on (honouring backpressure). */
  write(chunk: string): Promise<void>;
  /**
   * Ends the response, after `lastChunk` when given; resolves when the body is flushed. A body given
   * whole this way (no write before it) leaves in one piece with its length, not in chunks.
   */
  end(lastChunk?: string): Promise<void>;
}
