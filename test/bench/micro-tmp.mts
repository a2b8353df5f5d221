import { createParser } from 'eventsource-parser';
import { sseEvent } from '../../lambda/core/respond.js';
import { generateContentResponseSchema } from '../../lambda/gemini/generate-content.js';
import { ChunkTranslator } from '../../lambda/translate/chunk-translator.js';
import { geminiSseEvents } from './gemini-stream.js';
import { measureTranslationThroughput } from './translation-throughput.js';

const events = 200,
  streams = 200;
const bytes = Buffer.from(geminiSseEvents({ events }).join(''));
const reads = Array.from({ length: Math.ceil(bytes.length / 16384) }, (_, i) =>
  bytes.subarray(i * 16384, (i + 1) * 16384),
);
const tr = () =>
  new ChunkTranslator({
    id: 'chatcmpl-bench',
    created: 0,
    model: 'gemini-2.5-flash',
    includeUsage: false,
    newToolCallNonce: () => 'n',
  });
function variant(name: string, opts: { zod: boolean; translate: boolean; stringify: boolean }) {
  let best = Infinity;
  let out = 0;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (let s = 0; s < streams; s++) {
      const t = tr();
      const dec = new TextDecoder();
      const parser = createParser({
        onEvent: (e) => {
          let v: any = JSON.parse(e.data);
          if (opts.zod) v = generateContentResponseSchema.parse(v);
          if (opts.translate) {
            const c = t.translate(v);
            if (opts.stringify) out += c.map(sseEvent).join('').length;
          }
        },
      });
      for (const r of reads) parser.feed(dec.decode(r, { stream: true }));
    }
    best = Math.min(best, performance.now() - t0);
  }
  console.log(
    name.padEnd(30),
    ((best * 1000) / (events * streams)).toFixed(2),
    'µs/event',
    out > 0 ? '' : '',
  );
}
variant('sse+JSON.parse', { zod: false, translate: false, stringify: false });
variant('+zod', { zod: true, translate: false, stringify: false });
variant('+translate', { zod: true, translate: true, stringify: false });
variant('+stringify (sync total)', { zod: true, translate: true, stringify: true });
const r = await measureTranslationThroughput({ streams, events, rounds: 5 });
console.log(
  'async pipeline'.padEnd(30),
  (1e6 / r.eventsPerSecond).toFixed(2),
  'µs/event',
  r.megabytesPerSecond.toFixed(1),
  'MB/s',
);
