/**
 * The pool's DynamoDB for `npm start`: dynalite (a DynamoDB-compatible server in pure JavaScript)
 * started inside the gateway's own process on 127.0.0.1 and a random port, so the local gateway runs
 * the same store code as AWS with nothing to install. State persists in LevelDB under
 * `<STATE_DIR>/dynalite`, or in memory when STATE_DIR is `memory` (DESIGN.md §3.1).
 *
 * The server runs on a worker thread of its own: each write costs dynalite a few milliseconds of
 * parsing and LevelDB work, which on the gateway's event loop would delay the requests in flight (as
 * a real DynamoDB on another machine never does). The client stays on the main thread.
 *
 * The worker's young generation is capped: V8 grows it (to 32 MB, most of it resident) under the
 * parsing garbage of a stream of writes, and dynalite keeps little of what it allocates per request,
 * so a small one costs no measurable CPU and keeps the worker's memory near its resting size.
 */
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensurePoolTable } from './create-pool-table.js';
import { createPoolStoreClient } from './pool-store-client.js';

/**
 * The worker's code, CommonJS evaluated as is (no loader or bundler in the way): starts dynalite,
 * reports its port, and closes it (flushing LevelDB) when the gateway says so.
 */
const serverThread = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require(workerData.dynalite)(workerData.options);
server.once('error', (error) => parentPort.postMessage({ error: String(error) }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.once('message', () => {
  server.closeAllConnections();
  server.close((error) => {
    parentPort.postMessage({ closed: true, error: error ? String(error) : undefined });
    parentPort.close();
  });
});
`;

export interface EmbeddedDynamoDb {
  /** A client for the embedded server; pass it to `DynamoDbPoolStore`. */
  client: DynamoDBClient;
  endpoint: string;
  /** Stops the server and flushes the state to disk. */
  close(): Promise<void>;
}

/**
 * @example
 * const database = await startEmbeddedDynamoDb({ stateDir: process.env.STATE_DIR ?? './.gateway-state', tableName: 'gateway-pool' });
 * const store = new DynamoDbPoolStore({ client: database.client, tableName: 'gateway-pool', poolName: 'local' });
 */
export async function startEmbeddedDynamoDb({
  stateDir,
  tableName,
}: {
  stateDir: string;
  tableName: string;
}): Promise<EmbeddedDynamoDb> {
  const path = stateDir === 'memory' ? undefined : join(stateDir, 'dynalite');
  if (path) await mkdir(path, { recursive: true });
  const worker = new Worker(serverThread, {
    eval: true,
    resourceLimits: { maxYoungGenerationSizeMb: 2 },
    workerData: {
      dynalite: createRequire(import.meta.url).resolve('dynalite'),
      // Tables are usable at once: nobody here needs DynamoDB's CREATING delay imitated.
      options: { ...(path ? { path } : {}), createTableMs: 0 },
    },
  });
  const [started] = (await once(worker, 'message')) as [{ port?: number; error?: string }];
  if (started.port === undefined) {
    await worker.terminate();
    throw new Error(`dynalite did not start: ${started.error ?? 'no port'}`);
  }
  const endpoint = `http://127.0.0.1:${started.port}`;
  const client = createPoolStoreClient({
    endpoint,
    region: 'local',
    // dynalite checks that requests are signed, not by whom: these are placeholders, not secrets.
    credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
    // In-process, so nothing can hang on a network: a timeout would only fire on a busy event loop,
    // and a retry after one could apply an ADD twice.
    maxAttempts: 1,
    requestTimeoutMs: 10_000,
  });
  const close = async () => {
    client.destroy();
    const exited = once(worker, 'exit');
    worker.postMessage('close');
    const [closed] = (await once(worker, 'message')) as [{ error?: string }];
    await exited;
    if (closed.error) throw new Error(`dynalite did not close cleanly: ${closed.error}`);
  };
  try {
    await ensurePoolTable({ client, tableName });
  } catch (error) {
    await close();
    throw error;
  }
  return { client, endpoint, close };
}
