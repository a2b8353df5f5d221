import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  localPoolName,
  localPoolTableName,
  publishLocalPoolEndpoint,
} from '../../lambda/local/local-pool-state.js';
import { DynamoDbPoolStore } from '../../lambda/pool/dynamodb-pool-store.js';
import { startEmbeddedDynamoDb } from '../../lambda/pool/embedded-dynamodb.js';
import { SetupError } from '../setup/setup-error.js';
import { openLocalPool } from './open-local-pool.js';

describe('openLocalPool', () => {
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'gateway-state-'));
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  const storeOn = (client: DynamoDBClient) =>
    new DynamoDbPoolStore({ client, tableName: localPoolTableName, poolName: localPoolName });

  it('opens the state files when no gateway runs, and they keep what was written', async () => {
    // Prepare
    const first = await openLocalPool({ stateDir });
    await storeOn(first.client).disableAccount({ accountId: 'a', reason: 'kept', at: 1 });
    await first.close();

    // Act
    const second = await openLocalPool({ stateDir });
    const snapshot = await storeOn(second.client).readPool();
    await second.close();

    // Assess
    expect([first.via, snapshot.accounts]).toStrictEqual([
      'state files',
      [{ accountId: 'a', enabled: false, disabledReason: 'kept', disabledAt: 1 }],
    ]);
  });

  it('talks to the running gateway’s store when it published its address', async () => {
    // Prepare: what startLocalGateway does.
    const gateway = await startEmbeddedDynamoDb({ stateDir, tableName: localPoolTableName });
    const withdraw = await publishLocalPoolEndpoint({ stateDir, endpoint: gateway.endpoint });
    await storeOn(gateway.client).disableAccount({ accountId: 'a', reason: 'seen live', at: 2 });

    // Act
    const connection = await openLocalPool({ stateDir });
    const snapshot = await storeOn(connection.client).readPool();
    await connection.close();
    await withdraw();
    await gateway.close();

    // Assess
    expect([connection.via, snapshot.accounts.map((account) => account.disabledReason)]).toStrictEqual([
      'running gateway',
      ['seen live'],
    ]);
  });

  it('opens the files when the published address is stale (the gateway crashed)', async () => {
    // Prepare
    await publishLocalPoolEndpoint({ stateDir, endpoint: 'http://127.0.0.1:9' });

    // Act
    const connection = await openLocalPool({ stateDir });
    await connection.close();

    // Assess
    expect(connection.via).toStrictEqual('state files');
  });

  it('reports state held by a process that did not publish it, instead of crashing in dynalite', async () => {
    // Prepare
    const holder = await startEmbeddedDynamoDb({ stateDir, tableName: localPoolTableName });

    // Act
    const error = await openLocalPool({ stateDir }).catch((caught: unknown) => caught);
    await holder.close();

    // Assess
    expect(error).toStrictEqual(
      new SetupError(
        `The pool state in ${stateDir} is in use by another process (a gateway starting up, or another setup or status run); try again in a moment`,
      ),
    );
  });

  it('refuses in-memory state, which no other process can reach', async () => {
    // Act
    const error = await openLocalPool({ stateDir: 'memory' }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(SetupError);
  });
});
