/**
 * What a Lambda response stream received, byte for byte, split back into the streaming prelude and the
 * body, for tests that run handlers through the `awslambda` shim (response-stream.ts).
 */
import { Writable } from 'node:stream';
import type { LambdaContext } from '../response-stream.js';

export interface CollectedResponse {
  /** Stands in for the stream Lambda hands the handler. */
  stream: Writable;
  /** Every byte written, prelude included. */
  bytes(): Buffer;
  /** Resolves once the bytes written so far contain `text` (no polling: checked on every write). */
  waitFor(text: string): Promise<void>;
  /** The prelude's JSON and the body after the 8 NUL bytes; throws if the separator is missing. */
  parse(): { prelude: { statusCode: number; headers: Record<string, string> }; body: string };
}

export function collectResponse(): CollectedResponse {
  const chunks: Buffer[] = [];
  const waiters = new Set<() => void>();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      for (const check of waiters) check();
      callback();
    },
  });
  const bytes = () => Buffer.concat(chunks);
  return {
    stream,
    bytes,
    waitFor: (text) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!bytes().includes(text)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    parse: () => {
      const all = bytes();
      const separator = all.indexOf(Buffer.alloc(8));
      if (separator < 0) throw new Error(`no prelude separator in ${JSON.stringify(all.toString('utf8'))}`);
      return {
        prelude: JSON.parse(all.subarray(0, separator).toString('utf8')),
        body: all.subarray(separator + 8).toString('utf8'),
      };
    },
  };
}

/** A Lambda context whose remaining time is fixed. */
export function lambdaContext({ remainingMs = 900_000 }: { remainingMs?: number } = {}): LambdaContext {
  return { awsRequestId: 'request-1', getRemainingTimeInMillis: () => remainingMs };
}
