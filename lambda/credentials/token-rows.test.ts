/**
 * Token rows over the wire, against AWS's DynamoDB Local and dynalite (what `npm start` embeds): the
 * conditions are the point, so both servers judge them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPoolStore } from '../pool/dynamodb-pool-store.js';
import { type PoolTableServer, poolTableServers } from '../pool/testing/pool-table-servers.js';
import { TokenRows } from './token-rows.js';

const tableName = 'token-rows-test';
const now = Date.parse('2026-07-04T12:00:00Z');

describe.each(poolTableServers(tableName))('TokenRows on %s', (_, startServer) => {
  let server: PoolTableServer;
  let poolCount = 0;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** A fresh pool (partition) per test. */
  function prepare() {
    poolCount += 1;
    const poolName = `pool-${poolCount}`;
    return {
      tokens: new TokenRows({ client: server.client, tableName, poolName }),
      poolStore: new DynamoDbPoolStore({ client: server.client, tableName, poolName }),
    };
  }

  it('stores a token and never replaces it with one that expires sooner', async () => {
    // Prepare
    const { tokens } = prepare();
    const expiryDate = now + 3_600_000;

    // Act
    const first = await tokens.save({ accountId: 'acct-a', accessToken: 'at-1', expiryDate, at: now });
    const older = await tokens.save({
      accountId: 'acct-a',
      accessToken: 'at-0',
      expiryDate: expiryDate - 1,
      at: now,
    });
    const same = await tokens.save({ accountId: 'acct-a', accessToken: 'at-x', expiryDate, at: now });
    const afterRefusals = await tokens.readAll();
    const later = await tokens.save({
      accountId: 'acct-a',
      accessToken: 'at-2',
      expiryDate: expiryDate + 1,
      at: now,
    });

    // Assess
    expect([first, older, same, later]).toStrictEqual([true, false, false, true]);
    expect(afterRefusals).toStrictEqual(
      new Map([['acct-a', { accountId: 'acct-a', accessToken: 'at-1', expiryDate }]]),
    );
    expect(await tokens.readAll()).toStrictEqual(
      new Map([['acct-a', { accountId: 'acct-a', accessToken: 'at-2', expiryDate: expiryDate + 1 }]]),
    );
  });

  it('shares the partition with the pool without either reading the other’s rows', async () => {
    // Prepare
    const { tokens, poolStore } = prepare();
    await poolStore.registerAccount({
      accountId: 'acct-a',
      backend: 'code-assist',
      credentialsRef: 'gemini-gateway/default/accounts/acct-a',
      at: now,
    });
    await tokens.save({ accountId: 'acct-a', accessToken: 'at-1', expiryDate: now + 1, at: now });

    // Act
    const snapshot = await poolStore.readPool();
    const stored = await tokens.readAll();

    // Assess
    expect(snapshot.accounts.map((account) => account.accountId)).toStrictEqual(['acct-a']);
    expect(snapshot.models).toStrictEqual([]);
    expect([...stored.keys()]).toStrictEqual(['acct-a']);
  });

  it('gives the lease to one owner at a time until it is released or runs out', async () => {
    // Prepare
    const { tokens } = prepare();
    const lease = { accountId: 'acct-a', durationMs: 60_000 };
    await tokens.save({ accountId: 'acct-a', accessToken: 'at-1', expiryDate: now + 600_000, at: now });

    // Act
    const first = await tokens.acquireLease({ ...lease, owner: 'run-1', now });
    const contended = await tokens.acquireLease({ ...lease, owner: 'run-2', now: now + 59_999 });
    await tokens.releaseLease({ accountId: 'acct-a', owner: 'run-2' });
    const stillHeld = await tokens.acquireLease({ ...lease, owner: 'run-2', now: now + 59_999 });
    const afterExpiry = await tokens.acquireLease({ ...lease, owner: 'run-2', now: now + 60_000 });
    await tokens.releaseLease({ accountId: 'acct-a', owner: 'run-2' });
    const afterRelease = await tokens.acquireLease({ ...lease, owner: 'run-3', now: now + 60_000 });

    // Assess
    const token = { accountId: 'acct-a', accessToken: 'at-1', expiryDate: now + 600_000 };
    expect(first).toStrictEqual({ ...token, leaseOwner: 'run-1', leaseUntil: now + 60_000 });
    expect([contended, stillHeld]).toStrictEqual([undefined, undefined]);
    expect(afterExpiry).toStrictEqual({ ...token, leaseOwner: 'run-2', leaseUntil: now + 120_000 });
    expect(afterRelease).toStrictEqual({ ...token, leaseOwner: 'run-3', leaseUntil: now + 120_000 });
  });

  it('leases an account that has no token yet', async () => {
    // Prepare
    const { tokens } = prepare();

    // Act
    const lease = await tokens.acquireLease({
      accountId: 'acct-new',
      owner: 'run-1',
      now,
      durationMs: 1_000,
    });

    // Assess
    expect(lease).toStrictEqual({ accountId: 'acct-new', leaseOwner: 'run-1', leaseUntil: now + 1_000 });
  });
});
