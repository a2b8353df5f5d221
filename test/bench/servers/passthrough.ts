/**
 * Child process: the physical limit of proxying in Node. A byte-for-byte proxy on BENCH_PORT to
 * BENCH_UPSTREAM_URL with no translation, no validation and no pool, on the same HTTP client (undici,
 * keep-alive) the gateway uses upstream. The request body streams up with its length (so it is not
 * re-framed in chunks), and each read of the answer is written back as it arrives, honouring the
 * client's backpressure. (`stream.pipeline` does the same with about twice the CPU per streamed answer:
 * the limit is the cheapest correct proxy, not the most idiomatic one.)
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
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
        'content-length': incoming.headers['content-length'],
        'x-goog-api-key': incoming.headers['x-goog-api-key'] ?? '',
      },
      body: incoming,
    });
    response.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type']) });
    response.socket?.setNoDelay(true);
    for await (const piece of answer.body) {
      if (!response.write(piece)) await once(response, 'drain');
    }
    response.end();
  } catch {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
