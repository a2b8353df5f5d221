import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FakeGoogle, startFakeGoogle } from '../../test/fakes/fake-google.js';
import { createTestClock } from '../../test/fakes/test-clock.js';
import { silentLogger } from '../core/ports.js';
import { DynamoDbPoolStore } from '../pool/dynamodb-pool-store.js';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../pool/embedded-dynamodb.js';
import type { ModelState } from '../pool/pool-state.js';
import { readLocalConfig } from './local-config.js';
import { localPoolName, localPoolTableName } from './local-pool-state.js';
import { startLocalGateway } from './start-local-gateway.js';

const model = 'gemini-2.5-flash';
const apiKey = 'key-a';

/** An embedded store that keeps the pool's rows as they stood when the gateway closed it. */
async function startWatchedDatabase(): Promise<EmbeddedDynamoDb & { rowsAtClose: ModelState[] }> {
  const database = await startEmbeddedDynamoDb({ stateDir: 'memory', tableName: localPoolTableName });
  const store = new DynamoDbPoolStore({
    client: database.client,
    tableName: localPoolTableName,
    poolName: localPoolName,
  });
  const watched = {
    ...database,
    rowsAtClose: [] as ModelState[],
    close: async () => {
      watched.rowsAtClose = (await store.readPool()).models;
      await database.close();
    },
  };
  return watched;
}

async function startGateway(google: FakeGoogle, database: EmbeddedDynamoDb) {
  const accountsDir = await mkdtemp(join(tmpdir(), 'gateway-accounts-'));
  await writeFile(
    join(accountsDir, 'acct-a.json'),
    JSON.stringify({ id: 'acct-a', backend: 'gemini-api', apiKey }),
  );
  const config = readLocalConfig({
    PORT: '0',
    ACCOUNTS_DIR: accountsDir,
    STATE_DIR: 'memory',
    GEMINI_API_ENDPOINT: google.baseUrl,
  });
  const gateway = await startLocalGateway(config, {
    clock: createTestClock(),
    logger: silentLogger,
    database,
    // Long enough that no rest between writes ends by itself during the test.
    pool: { successWriteSpacingMs: 60 * 60_000 },
  });
  return { gateway, removeAccounts: () => rm(accountsDir, { recursive: true, force: true }) };
}

describe('startLocalGateway', () => {
  it('writes the successes the pool still holds back before it closes the store', async () => {
    // Prepare
    const google = await startFakeGoogle();
    google.acceptApiKey(apiKey);
    const database = await startWatchedDatabase();
    const { gateway, removeAccounts } = await startGateway(google, database);

    // Act
    for (let request = 0; request < 3; request += 1) {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(response.status).toBe(200);
      await response.text();
    }
    await gateway.close();
    await google.close();
    await removeAccounts();

    // Assess: the first success went at once, the other two with the close.
    expect(database.rowsAtClose.map(({ accountId, successes }) => ({ accountId, successes }))).toStrictEqual([
      { accountId: 'acct-a', successes: 3 },
    ]);
  });

  it('keeps an idle client connection 65 s, longer than proxies in front keep theirs', async () => {
    // Prepare
    const google = await startFakeGoogle();
    const database = await startWatchedDatabase();
    const { gateway, removeAccounts } = await startGateway(google, database);

    // Act
    const response = await fetch(`${gateway.url}/healthz`);
    await response.text();
    await gateway.close();
    await google.close();
    await removeAccounts();

    // Assess
    expect(response.headers.get('keep-alive')).toBe('timeout=65');
  });
});
