/** A ResponseSink that keeps what it was given, for tests of sink decorators. */
import type { ResponseSink } from '../../core/http.js';

export interface RecordingSink extends ResponseSink {
  readonly status: number | undefined;
  readonly chunks: string[];
  readonly ended: boolean;
}

export function createRecordingSink(): RecordingSink {
  const recorded = {
    status: undefined as number | undefined,
    chunks: [] as string[],
    ended: false,
  };
  return {
    get status() {
      return recorded.status;
    },
    get chunks() {
      return recorded.chunks;
    },
    get ended() {
      return recorded.ended;
    },
    start: (status) => {
      recorded.status = status;
    },
    write: async (chunk) => {
      recorded.chunks.push(chunk);
    },
    end: async (lastChunk) => {
      if (lastChunk !== undefined) recorded.chunks.push(lastChunk);
      recorded.ended = true;
    },
  };
}
