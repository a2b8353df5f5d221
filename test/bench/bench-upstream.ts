/**
 * A lean stand-in for Google for benchmarks: answers every Code Assist generate call at once with a
 * fixed SSE stream, and does nothing else, so what a benchmark measures is the client's and the
 * gateway's work, not the fake's bookkeeping.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchUpstream {
  url: string;
  close(): Promise<void>;
}

/** `events` Code Assist SSE events of a few words each, the last with STOP and usage. */
export function codeAssistStream(events: number): string {
  let body = '';
  for (let index = 0; index < events; index += 1) {
    const last = index === events - 1;
    const response = {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: `word${index} ` }] },
          ...(last ? { finishReason: 'STOP' } : {}),
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 12, candidatesTokenCount: index + 1, totalTokenCount: 13 + index },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'bench',
    };
    body += `data: ${JSON.stringify({ response, traceId: 'bench' })}\r\n\r\n`;
  }
  return body;
}

export async function startBenchUpstream({ events }: { events: () => number }): Promise<BenchUpstream> {
  const bodies = new Map<number, string>();
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const count = events();
      let body = bodies.get(count);
      if (!body) {
        body = codeAssistStream(count);
        bodies.set(count, body);
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
