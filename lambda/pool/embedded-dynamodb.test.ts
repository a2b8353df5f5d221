import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbPoolStore } from './dynamodb-pool-store.js';
import { startEmbeddedDynamoDb } from './embedded-dynamodb.js';

const tableName = 'gateway-pool';
const at = 1_767_225_600_000;

async function recordOneSuccess(stateDir: string) {
  const database = await startEmbeddedDynamoDb({ stateDir, tableName });
  const store = new DynamoDbPoolStore({ client: database.client, tableName, poolName: 'local' });
  await store.recordOutcome({
    accountId: 'acct-a',
    model: 'gemini-2.5-flash',
    at,
    halfLifeMs: 60_000,
    outcome: { ok: true },
  });
  await database.close();
}

async function readModels(stateDir: string) {
  const database = await startEmbeddedDynamoDb({ stateDir, tableName });
  const { models } = await new DynamoDbPoolStore({
    client: database.client,
    tableName,
    poolName: 'local',
  }).readPool();
  await database.close();
  return models.map(({ accountId, model, successes }) => ({ accountId, model, successes }));
}

describe('startEmbeddedDynamoDb', () => {
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'gateway-state-'));
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('keeps the pool state under STATE_DIR across restarts', async () => {
    // Prepare
    await recordOneSuccess(stateDir);

    // Act
    const models = await readModels(stateDir);

    // Assess
    expect(models).toStrictEqual([{ accountId: 'acct-a', model: 'gemini-2.5-flash', successes: 1 }]);
  });

  it('keeps nothing when STATE_DIR is memory', async () => {
    // Prepare
    await recordOneSuccess('memory');

    // Act
    const models = await readModels('memory');

    // Assess
    expect(models).toStrictEqual([]);
  });
});
