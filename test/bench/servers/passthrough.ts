/**
 * Child process: the physical limit of proxying in Node. A byte-for-byte proxy on BENCH_PORT to
 * BENCH_UPSTREAM_URL with no translation, no validation and no pool: the request body streams up, the
 * answer streams back, on the same HTTP client (undici, keep-alive) the gateway uses upstream.
 */
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';

const upstream = String(process.env.BENCH_UPSTREAM_URL);
const dispatcher = new Agent({ keepAliveTimeout: 60_000 });

const server = createServer(async (incoming, response) => {
  try {
    const answer = await request(`${upstream}${incoming.url}`, {
      dispatcher,
      method: 'POST',
      headers: {
        'content-type': incoming.headers['content-type'] ?? 'application/json',
        'x-goog-api-key': incoming.headers['x-goog-api-key'] ?? '',
      },
      body: incoming,
    });
    response.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type']) });
    response.socket?.setNoDelay(true);
    await pipeline(answer.body, response);
  } catch {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
