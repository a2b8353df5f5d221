/** Timing one HTTP exchange from the client's side: time to first body byte and to the last. */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';

export interface Sample {
  firstByteMs: number;
  totalMs: number;
}

const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

export async function timeRequest(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Sample> {
  const started = performance.now();
  const response = await request(url, { method: 'POST', body, headers, dispatcher: agent });
  let firstByteMs = 0;
  for await (const chunk of response.body) {
    if (firstByteMs === 0 && chunk.length > 0) firstByteMs = performance.now() - started;
  }
  if (response.statusCode !== 200) throw new Error(`benchmark request failed with ${response.statusCode}`);
  return { firstByteMs, totalMs: performance.now() - started };
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}
