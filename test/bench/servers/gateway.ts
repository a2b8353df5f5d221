/**
 * Child process: our local gateway as `npm start` composes it, on BENCH_PORT, with four Gemini API
 * accounts pointed at BENCH_UPSTREAM_URL. The pool lives on the embedded store (dynalite, in this
 * process), or on the DynamoDB at BENCH_DYNAMODB_ENDPOINT (DynamoDB Local) when that is set. Every
 * DynamoDB call is counted; the parent asks for the counts over IPC with the message 'dynamodb-calls'.
 * BENCH_POOL_CONFIG (JSON) overrides pool settings: count-instructions.ts spaces the store's timed work
 * an hour apart, since under valgrind the server is some 50 times slower, and work done once a second
 * would weigh 50 times as much on each request.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLocalConfig } from '../../../lambda/local/local-config.js';
import { localPoolTableName } from '../../../lambda/local/local-pool-state.js';
import { startLocalGateway } from '../../../lambda/local/start-local-gateway.js';
import { ensurePoolTable } from '../../../lambda/pool/create-pool-table.js';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../../lambda/pool/embedded-dynamodb.js';
import { createPoolStoreClient } from '../../../lambda/pool/pool-store-client.js';
import { countDynamoDbCalls } from '../count-dynamodb-calls.js';

const accountsDir = await mkdtemp(join(tmpdir(), 'bench-accounts-'));
for (const id of ['bench-a', 'bench-b', 'bench-c', 'bench-d']) {
  const document = { id, backend: 'gemini-api', apiKey: `key-${id}` };
  await writeFile(join(accountsDir, `${id}.json`), JSON.stringify(document));
}

const config = readLocalConfig({
  PORT: process.env.BENCH_PORT,
  ACCOUNTS_DIR: accountsDir,
  STATE_DIR: 'memory',
  GEMINI_API_ENDPOINT: process.env.BENCH_UPSTREAM_URL,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
});
const database = await openPoolDatabase(process.env.BENCH_DYNAMODB_ENDPOINT);
const calls = countDynamoDbCalls(database.client);
const pool = process.env.BENCH_POOL_CONFIG ? JSON.parse(process.env.BENCH_POOL_CONFIG) : undefined;
const gateway = await startLocalGateway(config, { database, pool });
process.on('message', (message) => {
  if (message === 'dynamodb-calls') process.send?.(Object.fromEntries(calls));
});
// A clean exit, so `--cpu-prof` (BENCH_PROFILE) writes its profile.
process.once('SIGTERM', () => {
  gateway.close().then(() => process.exit(0));
});

async function openPoolDatabase(endpoint: string | undefined): Promise<EmbeddedDynamoDb> {
  if (!endpoint) return startEmbeddedDynamoDb({ stateDir: 'memory', tableName: localPoolTableName });
  // The production client settings (timeouts, one retry), on placeholder credentials DynamoDB Local accepts.
  const client = createPoolStoreClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensurePoolTable({ client, tableName: localPoolTableName });
  return { client, endpoint, close: async () => client.destroy() };
}
