import type { ResponseSink } from './http.js';

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

export async function sendJson(
  sink: ResponseSink,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<void> {
  sink.start(status, { ...jsonHeaders, ...headers });
  await sink.end(JSON.stringify(body));
}

/** One server-sent event carrying `data` as JSON (or the literal `[DONE]`). */
export function sseEvent(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};
