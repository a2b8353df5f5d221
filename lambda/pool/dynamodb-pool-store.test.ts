/**
 * The DynamoDB store over the wire, against AWS's DynamoDB Local (fidelity: returns the item with a
 * failed condition) and dynalite (what `npm start` embeds: it does not), one table each.
 */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOutcome, createModelState, decayedCounts } from './apply-outcome.js';
import { DynamoDbPoolStore } from './dynamodb-pool-store.js';
import { decayWeight, rebaseAfterHalfLives } from './forward-decay.js';
import type { ModelState, RecordedOutcome } from './pool-state.js';
import { listRegisteredAccounts, type RecordOutcomeInput } from './pool-store.js';
import { createSeededRandom } from './seeded-random.js';
import { type PoolTableServer, poolTableServers } from './testing/pool-table-servers.js';

const tableName = 'pool-test';
const halfLifeMs = 600_000;
const start = 1_767_225_600_000;
const model = 'gemini-2.5-pro';

/** Rounds the float sums: DynamoDB adds decimals exactly, JavaScript adds doubles. */
function rounded(state: ModelState | undefined): ModelState | undefined {
  if (!state) return undefined;
  const round = (value: number) => Math.round(value * 1e9) / 1e9;
  return { ...state, successes: round(state.successes), failures: round(state.failures) };
}

describe.each(poolTableServers(tableName))('DynamoDbPoolStore on %s', (_, startServer) => {
  let server: PoolTableServer;
  let poolCount = 0;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** A store on a partition of its own, so tests do not see each other's rows. */
  function createStore(): DynamoDbPoolStore {
    poolCount += 1;
    return new DynamoDbPoolStore({ client: server.client, tableName, poolName: `test-${poolCount}` });
  }

  function record(
    store: DynamoDbPoolStore,
    input: Partial<RecordOutcomeInput> & { outcome: RecordedOutcome },
  ) {
    return store.recordOutcome({ accountId: 'acct-a', model, at: start, halfLifeMs, ...input });
  }

  async function readRow(store: DynamoDbPoolStore, accountId = 'acct-a'): Promise<ModelState | undefined> {
    const { models } = await store.readPool();
    return models.find((row) => row.accountId === accountId && row.model === model);
  }

  it('creates a row with the first outcome', async () => {
    // Prepare
    const store = createStore();

    // Act
    const returned = await record(store, { outcome: { ok: true } });

    // Assess
    const expected = {
      ...createModelState({ accountId: 'acct-a', model, at: start }),
      successes: 1,
      version: 1,
    };
    expect(returned).toStrictEqual(expected);
    expect(await store.readPool()).toStrictEqual({ accounts: [], models: [expected] });
  });

  it('stores what applyOutcome computes, through decay, freezes and a rebase', async () => {
    // Prepare
    const store = createStore();
    const steps: Array<[number, RecordedOutcome]> = [
      [0, { ok: true }],
      [halfLifeMs / 2, { ok: false, failure: 'rate_limited', frozenUntil: start + 40_000 }],
      [halfLifeMs, { ok: false, failure: 'server_error', frozenUntil: start + 10_000 }],
      [3 * halfLifeMs, { ok: true, count: 3 }],
      [(rebaseAfterHalfLives + 1) * halfLifeMs, { ok: false, failure: 'timeout', frozenUntil: start + 1e9 }],
      [(rebaseAfterHalfLives + 2) * halfLifeMs, { ok: true }],
    ];
    let expected = createModelState({ accountId: 'acct-a', model, at: start });
    let known: ModelState | undefined;

    // Act
    for (const [offset, outcome] of steps) {
      expected = applyOutcome({ state: expected, outcome, at: start + offset, halfLifeMs });
      known = await record(store, { at: start + offset, outcome, known });
    }

    // Assess
    expect(rounded(known)).toStrictEqual(rounded(expected));
    expect(rounded(await readRow(store))).toStrictEqual(rounded(expected));
    expect(known?.epoch).toBe(start + (rebaseAfterHalfLives + 1) * halfLifeMs);
  });

  it('decays counts by the half-life when read', async () => {
    // Prepare
    const store = createStore();

    // Act
    for (const offset of [0, halfLifeMs, 2 * halfLifeMs]) {
      await record(store, { at: start + offset, outcome: { ok: true }, known: await readRow(store) });
    }
    const row = await readRow(store);

    // Assess: 1/4 + 1/2 + 1 at the time of the last outcome, half that a half-life later
    expect(row && decayedCounts({ state: row, now: start + 2 * halfLifeMs, halfLifeMs })).toStrictEqual({
      successes: 1.75,
      failures: 0,
    });
    expect(row && decayedCounts({ state: row, now: start + 3 * halfLifeMs, halfLifeMs })).toStrictEqual({
      successes: 0.875,
      failures: 0,
    });
  });

  it('loses no update when 64 writers record outcomes for one account at once', async () => {
    // Prepare
    const store = createStore();
    const outcomes: RecordedOutcome[] = Array.from({ length: 64 }, (_, index) =>
      index % 2 === 0 ? { ok: true } : { ok: false, failure: 'server_error' },
    );

    // Act
    await Promise.all(outcomes.map((outcome) => record(store, { outcome })));

    // Assess: the failure streak depends on the order the writes landed in; the totals do not
    const { consecutiveFailures, ...row } =
      (await readRow(store)) ?? createModelState({ accountId: '', model, at: 0 });
    const { consecutiveFailures: _, ...fresh } = createModelState({ accountId: 'acct-a', model, at: start });
    expect(row).toStrictEqual({
      ...fresh,
      successes: 32,
      failures: 32,
      lastFailure: { failure: 'server_error', at: start },
      version: 64,
    });
    expect(consecutiveFailures).toBeLessThanOrEqual(32);
  });

  it('loses no update when 32 writers disagree about the landmark', async () => {
    // Prepare: every writer starts its own row, at its own millisecond, knowing nothing
    const store = createStore();
    const times = Array.from({ length: 32 }, (_, index) => start + index * 1_000);

    // Act
    await Promise.all(times.map((at) => record(store, { at, outcome: { ok: true } })));

    // Assess: one landmark won; every weight was added against it
    const row = await readRow(store);
    const epoch = row?.epoch ?? Number.NaN;
    const expected = times.reduce((sum, at) => sum + decayWeight({ at, epoch, halfLifeMs }), 0);
    expect(times).toContain(epoch);
    expect(row?.version).toBe(32);
    expect(Math.abs((row?.successes ?? 0) - expected)).toBeLessThan(1e-9);
  });

  it('loses no update when a rebase races 16 writers', async () => {
    // Prepare: a row whose landmark is old enough that every writer wants to rebase it
    const store = createStore();
    const seeded = await record(store, { outcome: { ok: true } });
    const at = start + rebaseAfterHalfLives * halfLifeMs;

    // Act
    await Promise.all(
      Array.from({ length: 16 }, () => record(store, { at, known: seeded, outcome: { ok: true } })),
    );

    // Assess: one rebase moved the landmark; 16 new outcomes plus the old one decayed by 2^16
    const row = await readRow(store);
    expect(row?.epoch).toBe(at);
    expect(row?.version).toBe(17);
    expect(row && decayedCounts({ state: row, now: at, halfLifeMs })).toStrictEqual({
      successes: 16 + 2 ** -rebaseAfterHalfLives,
      failures: 0,
    });
  });

  it('keeps the latest of 16 racing freezes, whatever order they land in', async () => {
    // Prepare
    const store = createStore();
    const random = createSeededRandom(3);
    const freezes = Array.from({ length: 16 }, (_, index) => start + (index + 1) * 1_000).sort(
      () => random.next() - 0.5,
    );

    // Act
    await Promise.all(
      freezes.map((frozenUntil) =>
        record(store, { outcome: { ok: false, failure: 'rate_limited', frozenUntil } }),
      ),
    );

    // Assess
    const row = await readRow(store);
    expect(
      row && { frozenUntil: row.frozenUntil, failures: row.failures, streak: row.consecutiveFailures },
    ).toStrictEqual({
      frozenUntil: start + 16_000,
      failures: 16,
      streak: 16,
    });
  });

  it('never shortens a freeze, even for a writer that did not know about it', async () => {
    // Prepare
    const store = createStore();
    const stale = await record(store, { outcome: { ok: true } });
    await record(store, {
      known: stale,
      outcome: { ok: false, failure: 'rate_limited', frozenUntil: start + 60_000 },
    });

    // Act
    const returned = await record(store, {
      known: stale,
      outcome: { ok: false, failure: 'timeout', frozenUntil: start + 5_000 },
    });

    // Assess
    expect(returned).toStrictEqual({
      ...stale,
      failures: 2,
      frozenUntil: start + 60_000,
      consecutiveFailures: 2,
      lastFailure: { failure: 'timeout', at: start },
      version: 3,
    });
  });

  it('keeps a registry of accounts and their enabled switch', async () => {
    // Prepare
    const store = createStore();
    const registration = { backend: 'vertex', credentialsRef: 'gateway/accounts/acct-a' } as const;

    // Act
    const first = await store.registerAccount({ accountId: 'acct-a', ...registration, at: start });
    const again = await store.registerAccount({ accountId: 'acct-a', ...registration, at: start + 1 });
    await store.disableAccount({ accountId: 'acct-a', reason: 'credentials revoked', at: start + 2 });
    const disabled = await listRegisteredAccounts(store);
    await store.enableAccount({ accountId: 'acct-a' });
    const enabled = await listRegisteredAccounts(store);

    // Assess
    expect([first, again]).toStrictEqual([true, false]);
    const registered = { accountId: 'acct-a', registration: { ...registration, registeredAt: start } };
    expect(disabled).toStrictEqual([
      { ...registered, enabled: false, disabledReason: 'credentials revoked', disabledAt: start + 2 },
    ]);
    expect(enabled).toStrictEqual([{ ...registered, enabled: true }]);
  });

  it('disables an account it only knows from files, and leaves it out of the registry', async () => {
    // Prepare
    const store = createStore();

    // Act
    await store.disableAccount({ accountId: 'acct-b', reason: 'credentials revoked', at: start });

    // Assess
    expect((await store.readPool()).accounts).toStrictEqual([
      { accountId: 'acct-b', enabled: false, disabledReason: 'credentials revoked', disabledAt: start },
    ]);
    expect(await listRegisteredAccounts(store)).toStrictEqual([]);
  });

  it('keeps the fingerprint of refused credentials with a disable, until the account is enabled or disabled by hand', async () => {
    // Prepare
    const store = createStore();
    const disabled = { accountId: 'acct-a', enabled: false, disabledReason: 'credentials revoked' };

    // Act
    await store.disableAccount({
      accountId: 'acct-a',
      reason: 'credentials revoked',
      at: start,
      credentialsFingerprint: 'f1',
    });
    const refused = (await store.readPool()).accounts;
    await store.disableAccount({ accountId: 'acct-a', reason: 'credentials revoked', at: start + 1 });
    const byHand = (await store.readPool()).accounts;
    await store.disableAccount({
      accountId: 'acct-a',
      reason: 'credentials revoked',
      at: start + 2,
      credentialsFingerprint: 'f2',
    });
    await store.enableAccount({ accountId: 'acct-a' });
    const enabled = (await store.readPool()).accounts;

    // Assess
    expect(refused).toStrictEqual([{ ...disabled, disabledAt: start, credentialsFingerprint: 'f1' }]);
    expect(byHand).toStrictEqual([{ ...disabled, disabledAt: start + 1 }]);
    expect(enabled).toStrictEqual([{ accountId: 'acct-a', enabled: true }]);
  });

  it('skips rows of other kinds and rows that do not parse', async () => {
    // Prepare
    const store = createStore();
    await record(store, { outcome: { ok: true } });
    const documents = DynamoDBDocumentClient.from(server.client);
    const pk = `POOL#test-${poolCount}`;
    await documents.send(
      new PutCommand({ TableName: tableName, Item: { pk, sk: 'TOKEN#acct-a', kind: 'token' } }),
    );
    await documents.send(
      new PutCommand({ TableName: tableName, Item: { pk, sk: 'ACCOUNT#x', kind: 'model' } }),
    );

    // Act
    const snapshot = await store.readPool();

    // Assess
    expect(snapshot.models.map((row) => row.accountId)).toStrictEqual(['acct-a']);
    expect(snapshot.accounts).toStrictEqual([]);
  });
});
