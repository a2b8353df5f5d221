/**
 * The stream transformer alone, on one core: Gemini API SSE bytes → events (SSE parsing, JSON, the
 * response schema) → OpenAI chunks → `data:` lines, as chat-completions.ts chains them, with no
 * network and no pool. Reported in MB of upstream SSE per second.
 */
import { performance } from 'node:perf_hooks';
import type { ChatCompletionChunk } from '../../lambda/openai/chat-response.js';
import { chunkEventEncoder } from '../../lambda/openai/chunk-event-encoder.js';
import { ChunkTranslator } from '../../lambda/translate/chunk-translator.js';
import { readGeminiEvents } from '../../lambda/upstream/read-gemini-events.js';
import { geminiSseEvents } from './gemini-stream.js';

export interface TranslationThroughput {
  megabytesPerSecond: number;
  eventsPerSecond: number;
}

/** Reads of 16 KiB, what a socket typically hands over under load. */
const readSize = 16 * 1024;

/**
 * Translates `streams` streams of `events` events each, `rounds` times, and reports the best round
 * (the least disturbed by other work on the machine).
 *
 * @example const { megabytesPerSecond } = await measureTranslationThroughput({ streams: 200, events: 200, rounds: 5 });
 */
export async function measureTranslationThroughput({
  streams,
  events,
  rounds,
}: {
  streams: number;
  events: number;
  rounds: number;
}): Promise<TranslationThroughput> {
  const bytes = Buffer.from(geminiSseEvents({ events }).join(''));
  const reads = Array.from({ length: Math.ceil(bytes.length / readSize) }, (_, index) =>
    bytes.subarray(index * readSize, (index + 1) * readSize),
  );
  let best = Number.POSITIVE_INFINITY;
  let output = 0;
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    for (let stream = 0; stream < streams; stream += 1) output += await translateStream({ reads });
    best = Math.min(best, performance.now() - started);
  }
  if (output === 0) throw new Error('the transformer produced nothing');
  const seconds = best / 1000;
  return {
    megabytesPerSecond: (bytes.length * streams) / 1024 / 1024 / seconds,
    eventsPerSecond: (events * streams) / seconds,
  };
}

/** One stream through the transformer; returns the characters it wrote. */
async function translateStream({ reads }: { reads: readonly Uint8Array[] }): Promise<number> {
  const identity = { id: 'chatcmpl-bench', created: 0, model: 'gemini-2.5-flash' };
  const translator = new ChunkTranslator({
    ...identity,
    includeUsage: false,
    newToolCallNonce: () => 'nonce',
  });
  const encode = chunkEventEncoder(identity);
  let written = 0;
  const write = (chunks: ChatCompletionChunk[]) => {
    written += chunks.map(encode).join('').length;
  };
  const source = (async function* () {
    yield* reads;
  })();
  for await (const batch of readGeminiEvents({
    source,
    unwrapEvent: (payload) => payload,
    now: () => 0,
    mapFailure: (error) => error,
  })) {
    write(translator.translateAll(batch));
  }
  write(translator.finish());
  return written;
}
