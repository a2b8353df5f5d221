/**
 * A lean stand-in for the Gemini API for benchmarks: answers every generate call at once from prepared
 * strings and does nothing else, so what a benchmark measures is the client's and the gateways' work,
 * not the fake's bookkeeping. The model name picks the answer (gemini-stream.ts). Each event of a
 * stream is its own write, as a real upstream sends tokens when they exist; paced events wait
 * `paceMs` between writes and carry their send time.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  eventText,
  geminiAnswer,
  geminiSseEvent,
  geminiSseEvents,
  parseBenchModel,
} from './gemini-stream.js';

export interface BenchUpstream {
  url: string;
  close(): Promise<void>;
}

const pathPattern = /^\/v1beta\/models\/([^/:]+):(streamGenerateContent|generateContent)/;

/**
 * @example
 * const upstream = await startBenchUpstream({ paceMs: 2, now: () => performance.timeOrigin + performance.now() });
 * // POST {upstream.url}/v1beta/models/gemini-bench-200:streamGenerateContent?alt=sse
 */
export async function startBenchUpstream({
  port = 0,
  paceMs,
  now,
}: {
  port?: number;
  paceMs: number;
  /** Epoch ms with sub-ms precision, stamped into paced events. */
  now: () => number;
}): Promise<BenchUpstream> {
  const streams = new Map<number, string[]>();
  const answers = new Map<number, string>();
  const prepared = <T>(cache: Map<number, T>, events: number, build: () => T): T => {
    let value = cache.get(events);
    if (value === undefined) {
      value = build();
      cache.set(events, value);
    }
    return value;
  };

  const server = createServer((request, response) => {
    const match = pathPattern.exec(request.url ?? '');
    const workload = match ? parseBenchModel({ model: decodeURIComponent(match[1] ?? '') }) : undefined;
    // The whole request is read before answering, as Google does: a 1 MB prompt costs its upload.
    request.resume();
    request.on('end', () => {
      if (!match || !workload) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"error":{"code":404,"message":"unknown bench model","status":"NOT_FOUND"}}');
        return;
      }
      response.socket?.setNoDelay(true);
      const { events, paced } = workload;
      if (match[2] === 'generateContent') {
        response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        response.end(prepared(answers, events, () => geminiAnswer({ events })));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (paced) {
        void sendPaced({ response, events, paceMs, now });
        return;
      }
      for (const event of prepared(streams, events, () => geminiSseEvents({ events }))) response.write(event);
      response.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sendPaced({
  response,
  events,
  paceMs,
  now,
}: {
  response: ServerResponse;
  events: number;
  paceMs: number;
  now: () => number;
}): Promise<void> {
  for (let index = 0; index < events && !response.destroyed; index += 1) {
    if (index > 0) await delay(paceMs);
    const text = eventText({ index, sentAt: now() });
    response.write(geminiSseEvent({ text, index, last: index === events - 1 }));
  }
  response.end();
}
