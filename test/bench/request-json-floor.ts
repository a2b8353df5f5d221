/**
 * The work any translating gateway must do to a request body before it can send it on, alone on one
 * core: decode the UTF-8, parse the JSON, serialise the translated request, encode it as UTF-8. A
 * byte-for-byte proxy does none of it and streams the body through as it arrives, so for a large
 * prompt this floor, not the gateway's own code, bounds how close a translator can come to it.
 */
import { performance } from 'node:perf_hooks';
import { percentile } from './measure.js';

/**
 * @example const floorMs = measureRequestJsonFloor({ body: JSON.stringify(largeBody), rounds: 15 });
 */
export function measureRequestJsonFloor({ body, rounds }: { body: string; rounds: number }): number {
  const bytes = Buffer.from(body);
  const timesMs: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (Buffer.from(JSON.stringify(parsed)).length !== bytes.length) throw new Error('the body changed');
    timesMs.push(performance.now() - started);
  }
  return percentile(timesMs, 0.5);
}
