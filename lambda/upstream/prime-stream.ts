/**
 * Holds a Google stream until its first event with content, so the pool can still fail over to
 * another account (nothing has reached the client yet), then hands over the rest of the stream in the
 * batches its events arrived in (read-gemini-events.ts).
 */
import type { GenerateContentResponse } from '../gemini/generate-content.js';
import { classifyEvent } from './classify-event.js';
import { UpstreamError } from './upstream-error.js';

export interface PrimedStream {
  /** The first event with content (parts, a finish reason or prompt feedback). */
  first: GenerateContentResponse;
  /**
   * The events after `first`, in the batches they arrived in (never an empty one). Iterating to the
   * end, leaving the loop early, or calling `return()` (even without iterating) releases the upstream
   * connection. Failures after the first event are thrown from here as `UpstreamError` (or the abort
   * reason when the caller's signal aborted), after the events that came before them.
   */
  rest: AsyncIterableIterator<GenerateContentResponse[]>;
}

export interface PrimeStreamInput {
  events: AsyncIterator<GenerateContentResponse[]>;
  /** Called once when the stream is over: `completed` after a clean end, otherwise it must cancel the request. */
  close: (completed: boolean) => void;
}

/**
 * Reads `events` up to the first with content: an end before it is `empty_response`, a
 * MALFORMED_FUNCTION_CALL is `malformed_response`, events without content are skipped.
 *
 * @example const { first, rest } = await primeStream({ events, close: (completed) => release(completed) });
 */
export async function primeStream({ events, close }: PrimeStreamInput): Promise<PrimedStream> {
  let closed = false;
  const finish = async (completed: boolean) => {
    if (closed) return;
    closed = true;
    close(completed);
    // Cancel first, then unwind the generators so their body readers are released too.
    if (!completed) await events.return?.();
  };

  let first: GenerateContentResponse | undefined;
  /** What arrived with `first`, after it. */
  let carried: GenerateContentResponse[] = [];
  try {
    while (!first) {
      const next = await events.next();
      if (next.done) {
        throw new UpstreamError({
          failure: 'empty_response',
          message: 'Google ended the stream without any content',
        });
      }
      const index = next.value.findIndex((event) => classifyEvent({ event }) !== 'empty');
      if (index < 0) continue;
      first = next.value[index] as GenerateContentResponse;
      if (classifyEvent({ event: first }) === 'malformed') throw malformedFunctionCall();
      carried = next.value.slice(index + 1);
    }
  } catch (error) {
    await finish(false).catch(() => {});
    throw error;
  }

  /** A broken function call ends the stream, after the events before it in its batch. */
  let failure: UpstreamError | undefined;
  const upToFailure = (batch: GenerateContentResponse[]) => {
    const malformed = batch.findIndex((event) => classifyEvent({ event }) === 'malformed');
    if (malformed < 0) return batch;
    failure = malformedFunctionCall();
    return batch.slice(0, malformed);
  };

  const rest = new RestOfStream({
    next: async () => {
      if (closed) return { done: true, value: undefined };
      try {
        for (;;) {
          if (failure) throw failure;
          let batch = carried;
          carried = [];
          if (batch.length === 0) {
            const next = await events.next();
            if (next.done) {
              await finish(true);
              return next;
            }
            batch = next.value;
          }
          const delivered = upToFailure(batch);
          if (delivered.length > 0) return { done: false, value: delivered };
        }
      } catch (error) {
        await finish(false).catch(() => {});
        throw error;
      }
    },
    release: () => finish(false),
  });
  return { first, rest };
}

/**
 * The iterator protocol around `next` and `release`. A class, not an object literal: on Node 20 a
 * literal with a computed key (`[Symbol.asyncIterator]`) is built in V8's runtime on every call.
 */
class RestOfStream implements AsyncIterableIterator<GenerateContentResponse[]> {
  readonly #next: () => Promise<IteratorResult<GenerateContentResponse[], undefined>>;
  readonly #release: () => Promise<void>;

  constructor({
    next,
    release,
  }: {
    next: () => Promise<IteratorResult<GenerateContentResponse[], undefined>>;
    release: () => Promise<void>;
  }) {
    this.#next = next;
    this.#release = release;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<GenerateContentResponse[], undefined>> {
    return this.#next();
  }

  async return(): Promise<IteratorResult<GenerateContentResponse[], undefined>> {
    await this.#release();
    return { done: true, value: undefined };
  }
}

function malformedFunctionCall(): UpstreamError {
  return new UpstreamError({
    failure: 'malformed_response',
    message: 'Gemini produced a function call it could not encode (MALFORMED_FUNCTION_CALL)',
  });
}
