/**
 * The pool's DynamoDB for `npm start`: dynalite (a DynamoDB-compatible server in pure JavaScript)
 * started inside the gateway's own process on 127.0.0.1 and a random port, so the local gateway runs
 * the same store code as AWS with nothing to install. State persists in LevelDB under
 * `<STATE_DIR>/dynalite`, or in memory when STATE_DIR is `memory` (DESIGN.md §3.1).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { ensurePoolTable } from './create-pool-table.js';
import { createPoolStoreClient } from './pool-store-client.js';

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
  // Tables are usable at once: nobody here needs DynamoDB's CREATING delay imitated.
  const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('dynalite is not listening on TCP');
  const endpoint = `http://127.0.0.1:${address.port}`;
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
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  };
  try {
    await ensurePoolTable({ client, tableName });
  } catch (error) {
    await close();
    throw error;
  }
  return { client, endpoint, close };
}
