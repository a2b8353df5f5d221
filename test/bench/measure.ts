/**
 * The client side of the benchmark: one timed HTTP exchange (time to first body byte, to the last, and
 * for paced streams how long each event took from the fake to here), and a closed loop of concurrent
 * exchanges for a fixed time (saturation). All on one undici agent with keep-alive, as OpenAI SDKs do.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { readStamps } from './gemini-stream.js';

export interface Exchange {
  url: string;
  body: string;
  headers: Record<string, string>;
}

export interface Sample {
  firstByteMs: number;
  totalMs: number;
  /** The answer as text, to check it is the right one. */
  text: string;
  /** For stamped (paced) events: receive time minus the fake's send time, per event, in ms. */
  eventDelaysMs: number[];
}

const agent = new Agent({ keepAliveTimeout: 60_000, connections: 512 });

/** Wall-clock epoch ms with sub-ms precision, the clock the fake stamps paced events with. */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Sends one exchange and reads its answer to the end; a non-200 answer throws with its start. */
export async function timeExchange(exchange: Exchange): Promise<Sample> {
  const started = performance.now();
  const response = await request(exchange.url, {
    method: 'POST',
    body: exchange.body,
    headers: exchange.headers,
    dispatcher: agent,
  });
  let firstByteMs = 0;
  let text = '';
  let carry = '';
  const eventDelaysMs: number[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    const receivedAt = epochNow();
    if (firstByteMs === 0 && chunk.length > 0) firstByteMs = performance.now() - started;
    const decoded = decoder.decode(chunk, { stream: true });
    text += decoded;
    const read = readStamps({ text: carry + decoded });
    carry = read.carry;
    for (const stamp of read.stamps) eventDelaysMs.push(receivedAt - stamp);
  }
  if (response.statusCode !== 200) {
    throw new Error(`${exchange.url} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  }
  return { firstByteMs, totalMs: performance.now() - started, text, eventDelaysMs };
}

export interface SaturationResult {
  /** Exchanges read to the end within the window. */
  completed: number;
  /** Every exchange answered, those that finished after the window included. */
  served: number;
  failed: number;
  elapsedMs: number;
}

/**
 * Keeps `concurrency` exchanges in flight for `durationMs` (each worker sends its next one as soon as
 * its last is read), and counts those that completed within the window.
 */
export async function saturate({
  exchange,
  concurrency,
  durationMs,
}: {
  exchange: Exchange;
  concurrency: number;
  durationMs: number;
}): Promise<SaturationResult> {
  const started = performance.now();
  const endAt = started + durationMs;
  let completed = 0;
  let served = 0;
  let failed = 0;
  const worker = async () => {
    while (performance.now() < endAt) {
      try {
        const response = await request(exchange.url, {
          method: 'POST',
          body: exchange.body,
          headers: exchange.headers,
          dispatcher: agent,
        });
        for await (const _chunk of response.body) {
          // Read to the end, as a client does; the content was checked in the sequential runs.
        }
        if (response.statusCode !== 200) {
          failed += 1;
          continue;
        }
        served += 1;
        if (performance.now() <= endAt) completed += 1;
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { completed, served, failed, elapsedMs: Math.min(performance.now(), endAt) - started };
}

/** `count` exchanges, `concurrency` at a time; every answer must contain `expect`. */
export async function sendRequests({
  exchange,
  count,
  concurrency,
  expect,
}: {
  exchange: Exchange;
  count: number;
  concurrency: number;
  expect: string;
}): Promise<void> {
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left -= 1;
      const { text } = await timeExchange(exchange);
      if (!text.includes(expect))
        throw new Error(`${exchange.url} gave a wrong answer: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}
