import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createRecordingLogger, type RecordingLogger } from '../../test/fakes/recording-logger.js';
import { createTestClock, type TestClock } from '../../test/fakes/test-clock.js';
import { HttpError } from '../core/http-error.js';
import type { Account } from '../credentials/account.js';
import { UpstreamError, type UpstreamErrorInit } from '../upstream/upstream-error.js';
import { AccountPool, type AccountPoolOptions } from './account-pool.js';
import { DynamoDbPoolStore } from './dynamodb-pool-store.js';
import { fingerprintCredentials } from './fingerprint-credentials.js';
import { formatDuration } from './format-duration.js';
import { MemoryPoolStore } from './memory-pool-store.js';
import type { AttemptContext } from './pool.js';
import { defaultPoolConfig } from './pool-config.js';
import type { PoolStore } from './pool-store.js';
import { createPoolStoreClient } from './pool-store-client.js';
import { createSeededRandom } from './seeded-random.js';
import { HeldReadsStore } from './testing/held-reads-store.js';
import { createLocalClient, findFreePort } from './testing/start-dynamodb-local.js';

const start = Date.parse('2026-01-15T12:00:00.000Z');
const model = 'gemini-2.5-pro';
const halfLifeMs = defaultPoolConfig.halfLifeMs;

function account(id: string, models?: string[]): Account {
  return { id, backend: 'code-assist', ...(models ? { models } : {}) };
}

interface Setup {
  pool: AccountPool;
  store: PoolStore;
  clock: TestClock;
  logger: RecordingLogger;
}

function setUp({
  accounts = [account('acct-a'), account('acct-b'), account('acct-c')],
  store = new MemoryPoolStore(),
  ...options
}: Partial<AccountPoolOptions> & { accounts?: Account[] } = {}): Setup {
  const clock = createTestClock({ start });
  const logger = createRecordingLogger();
  const pool = new AccountPool({
    store,
    listAccounts: async () => accounts,
    clock,
    random: createSeededRandom(42),
    logger,
    ...options,
  });
  return { pool, store, clock, logger };
}

/** What was logged, without the structured fields. */
function lines(logger: RecordingLogger) {
  return logger.entries.map(({ level, message }) => ({ level, message }));
}

function upstreamError(init: Partial<UpstreamErrorInit> = {}): UpstreamError {
  return new UpstreamError({ failure: 'server_error', message: 'Google answered 500', status: 500, ...init });
}

function request(overrides: { deadline?: number; signal?: AbortSignal } = {}) {
  return { model, signal: new AbortController().signal, deadline: start + 60_000, ...overrides };
}

/** An attempt that fails on the listed accounts and answers with the account id elsewhere. */
function failOn(failures: Record<string, UpstreamError>) {
  const calls: string[] = [];
  const attempt = async ({ account: { id } }: AttemptContext) => {
    calls.push(id);
    const failure = failures[id];
    if (failure) throw failure;
    return id;
  };
  return { calls, attempt };
}

async function freeze(store: PoolStore, accountId: string, frozenUntil: number) {
  await store.recordOutcome({
    accountId,
    model,
    at: start,
    halfLifeMs,
    outcome: { ok: false, failure: 'rate_limited', frozenUntil },
  });
}

async function rowOf(store: PoolStore, accountId: string) {
  return (await store.readPool()).models.find((row) => row.accountId === accountId && row.model === model);
}

describe('AccountPool', () => {
  it('serves from one account and records the success when the request settles', async () => {
    // Prepare
    const { pool, store } = setUp({ accounts: [account('acct-a')] });
    const { calls, attempt } = failOn({});

    // Act
    const lease = await pool.acquire(request(), attempt);
    const before = await rowOf(store, 'acct-a');
    await lease.settle({ ok: true });

    // Assess
    expect([lease.value, lease.account.id, lease.attempts, calls]).toStrictEqual([
      'acct-a',
      'acct-a',
      1,
      ['acct-a'],
    ]);
    expect(before).toBeUndefined();
    expect(await rowOf(store, 'acct-a')).toStrictEqual({
      accountId: 'acct-a',
      model,
      epoch: start,
      successes: 1,
      failures: 0,
      frozenUntil: 0,
      consecutiveFailures: 0,
      version: 1,
    });
  });

  it('records a settled outcome once', async () => {
    // Prepare
    const { pool, store } = setUp({ accounts: [account('acct-a')] });
    const lease = await pool.acquire(request(), failOn({}).attempt);

    // Act
    await lease.settle({ ok: true });
    await lease.settle({ ok: false, error: upstreamError() });

    // Assess
    expect((await rowOf(store, 'acct-a'))?.version).toBe(1);
  });

  it('sends most traffic to the account with the better record', async () => {
    // Prepare
    const store = new MemoryPoolStore();
    const failure = { ok: false, failure: 'server_error' } as const;
    for (let index = 0; index < 30; index += 1) {
      await store.recordOutcome({ accountId: 'acct-a', model, at: start, halfLifeMs, outcome: { ok: true } });
      const outcome = index % 2 === 0 ? ({ ok: true } as const) : failure;
      await store.recordOutcome({ accountId: 'acct-b', model, at: start, halfLifeMs, outcome });
    }
    const { pool } = setUp({ accounts: [account('acct-a'), account('acct-b')], store });
    const chosen: string[] = [];

    // Act
    for (let index = 0; index < 200; index += 1) {
      chosen.push((await pool.acquire(request(), failOn({}).attempt)).account.id);
    }

    // Assess: a 30/0 record against a 15/15 one wins nearly every draw
    expect(chosen.filter((id) => id === 'acct-a').length).toBeGreaterThan(190);
  });

  it('fails over to the next account, freezing the one that failed and saying so once', async () => {
    // Prepare: acct-b is frozen for 1 ms, so acct-a goes first
    const { pool, store, logger, clock } = setUp({ accounts: [account('acct-a'), account('acct-b')] });
    await freeze(store, 'acct-b', start + 1);
    const rateLimit = upstreamError({ failure: 'rate_limited', status: 429, retryDelayMs: 30_000 });
    const { calls, attempt } = failOn({ 'acct-a': rateLimit });

    // Act
    const lease = await pool.acquire(request(), attempt);

    // Assess
    expect([lease.value, lease.attempts, calls, clock.now()]).toStrictEqual([
      'acct-b',
      2,
      ['acct-a', 'acct-b'],
      start + 1,
    ]);
    const row = await rowOf(store, 'acct-a');
    expect(row).toMatchObject({
      failures: 1,
      consecutiveFailures: 1,
      lastFailure: { failure: 'rate_limited', at: start },
    });
    expect(row?.frozenUntil).toBeGreaterThanOrEqual(start + 30_000);
    expect(row?.frozenUntil).toBeLessThanOrEqual(start + 33_000);
    expect(lines(logger)).toStrictEqual([
      {
        level: 'warn',
        message: `account acct-a frozen for model ${model} for ${formatDuration((row?.frozenUntil ?? 0) - start)} (rate limit (HTTP 429), Google asked for 30s)`,
      },
    ]);
  });

  it('retries an account that failed here once it thaws, when no other account is left', async () => {
    // Prepare: acct-b and acct-c are frozen for ten minutes; acct-a is rate limited for half a second
    const { pool, store, clock } = setUp();
    await freeze(store, 'acct-b', start + 600_000);
    await freeze(store, 'acct-c', start + 600_000);
    const rateLimit = upstreamError({ failure: 'rate_limited', status: 429, retryDelayMs: 500 });
    const calls: string[] = [];

    // Act
    const lease = await pool.acquire(request(), async ({ account: { id } }) => {
      calls.push(id);
      if (calls.length === 1) throw rateLimit;
      return id;
    });

    // Assess: waited out the delay plus its jitter (at most 10%)
    expect([lease.value, lease.attempts, calls]).toStrictEqual(['acct-a', 2, ['acct-a', 'acct-a']]);
    expect(clock.now() - start).toBeGreaterThanOrEqual(500);
    expect(clock.now() - start).toBeLessThanOrEqual(550);
  });

  it("returns the client's own error at once, without retrying or blaming the account", async () => {
    // Prepare
    const { pool, store, logger } = setUp();
    const badRequest = upstreamError({
      failure: 'bad_request',
      status: 400,
      message: 'Invalid JSON payload',
    });
    const attempts: string[] = [];

    // Act
    const result = await pool
      .acquire(request(), async ({ account: { id } }) => {
        attempts.push(id);
        throw badRequest;
      })
      .catch((error: unknown) => error);

    // Assess
    expect(result).toBe(badRequest);
    expect(attempts).toHaveLength(1);
    expect(await store.readPool()).toStrictEqual({ accounts: [], models: [] });
    expect(lines(logger)).toStrictEqual([]);
  });

  it('answers 429 with Retry-After until the soonest thaw when every account is cooling down', async () => {
    // Prepare
    const { pool, store } = setUp({ accounts: [account('acct-a'), account('acct-b')] });
    await freeze(store, 'acct-a', start + 90_000);
    await freeze(store, 'acct-b', start + 41_200);
    const { calls, attempt } = failOn({});

    // Act
    const result = await pool.acquire(request(), attempt).catch((error: unknown) => error);

    // Assess
    expect(calls).toStrictEqual([]);
    expect(result).toBeInstanceOf(HttpError);
    const error = result as HttpError;
    expect([error.status, error.headers, error.toJSON()]).toStrictEqual([
      429,
      { 'Retry-After': '42' },
      {
        error: {
          message: `All 2 accounts serving '${model}' are cooling down after rate limits or errors; the first is available again in 42s. Retry after 42 seconds.`,
          type: 'rate_limit_error',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
    ]);
  });

  it('waits out a short thaw instead of answering 429', async () => {
    // Prepare
    const { pool, store, clock } = setUp({ accounts: [account('acct-a'), account('acct-b')] });
    await freeze(store, 'acct-a', start + 2_500);
    await freeze(store, 'acct-b', start + 9_000);

    // Act
    const lease = await pool.acquire(request(), failOn({}).attempt);

    // Assess
    expect([lease.account.id, clock.now()]).toStrictEqual(['acct-a', start + 2_500]);
  });

  it('does not wait past the deadline', async () => {
    // Prepare
    const { pool, store, clock } = setUp({ accounts: [account('acct-a')] });
    await freeze(store, 'acct-a', start + 2_500);

    // Act
    const result = await pool
      .acquire(request({ deadline: start + 2_000 }), failOn({}).attempt)
      .catch((error: unknown) => error);

    // Assess
    expect(result).toMatchObject({ status: 429, headers: { 'Retry-After': '3' } });
    expect(clock.now()).toBe(start);
  });

  it('tries every account once, then answers 429 until the soonest thaw, quoting the last error', async () => {
    // Prepare
    const { pool, store } = setUp();
    const timeout = upstreamError({ failure: 'timeout', message: 'Google did not answer within 30s' });
    const rateLimit = upstreamError({ failure: 'rate_limited', status: 429, message: 'Google answered 429' });
    const { calls, attempt } = failOn({ 'acct-a': rateLimit, 'acct-b': timeout, 'acct-c': timeout });

    // Act
    const result = await pool.acquire(request(), attempt).catch((error: unknown) => error);

    // Assess
    expect([...calls].sort()).toStrictEqual(['acct-a', 'acct-b', 'acct-c']);
    const { models } = await store.readPool();
    const retryAfter = Math.ceil((Math.min(...models.map((row) => row.frozenUntil)) - start) / 1000);
    const last = calls.at(-1) === 'acct-a' ? rateLimit : timeout;
    expect(result).toMatchObject({
      status: 429,
      headers: { 'Retry-After': String(retryAfter) },
      message: `All 3 accounts serving '${model}' are cooling down after rate limits or errors; the first is available again in ${retryAfter}s. Retry after ${retryAfter} seconds. Last upstream error: ${last.message}`,
      cause: last,
    });
  });

  it("answers with Google's last trouble when every account failed without a rate limit", async () => {
    // Prepare
    const { pool } = setUp();
    const failure = upstreamError({ failure: 'timeout', message: 'Google did not answer within 30s' });
    const { calls, attempt } = failOn({ 'acct-a': failure, 'acct-b': failure, 'acct-c': failure });

    // Act
    const result = await pool.acquire(request(), attempt).catch((error: unknown) => error);

    // Assess
    expect(calls).toHaveLength(3);
    expect(result).toBe(failure);
  });

  it('stops at the attempt budget with the last upstream error', async () => {
    // Prepare
    const accounts = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => account(id));
    const { pool } = setUp({ accounts, config: { maxAttempts: 5 } });
    const errors = Object.fromEntries(
      accounts.map(({ id }) => [id, upstreamError({ message: `failed on ${id}` })]),
    );
    const { calls, attempt } = failOn(errors);

    // Act
    const result = await pool.acquire(request(), attempt).catch((error: unknown) => error);

    // Assess
    expect(calls).toHaveLength(5);
    expect(new Set(calls).size).toBe(5);
    expect(result).toBe(errors[calls.at(-1) ?? '']);
  });

  it('stops failing over once the deadline has passed', async () => {
    // Prepare
    const { pool, clock } = setUp();
    const failure = upstreamError({ failure: 'timeout' });
    const calls: string[] = [];

    // Act
    const result = await pool
      .acquire(request({ deadline: start + 30_000 }), async ({ account: { id } }) => {
        calls.push(id);
        clock.advance(30_000);
        throw failure;
      })
      .catch((error: unknown) => error);

    // Assess
    expect(calls).toHaveLength(1);
    expect(result).toBe(failure);
  });

  it('answers 504 when the deadline passed before any attempt', async () => {
    // Prepare
    const { pool } = setUp();

    // Act
    const result = await pool
      .acquire(request({ deadline: start }), failOn({}).attempt)
      .catch((error: unknown) => error);

    // Assess
    expect(result).toMatchObject({ status: 504, code: 'deadline_exceeded' });
  });

  it('disables an account whose credentials are revoked, says so, and serves from another', async () => {
    // Prepare: acct-b is frozen for 1 ms, so acct-a goes first
    const { pool, store, logger } = setUp({ accounts: [account('acct-a'), account('acct-b')] });
    await freeze(store, 'acct-b', start + 1);
    const revoked = upstreamError({
      failure: 'credentials_revoked',
      message: 'refresh token revoked (invalid_grant)',
    });
    const { calls, attempt } = failOn({ 'acct-a': revoked });

    // Act
    const served = [];
    for (let index = 0; index < 5; index += 1)
      served.push((await pool.acquire(request(), attempt)).account.id);

    // Assess
    expect(served).toStrictEqual(Array(5).fill('acct-b'));
    expect(calls).toStrictEqual(['acct-a', ...Array(5).fill('acct-b')]);
    const reason = 'credentials revoked (refresh token revoked (invalid_grant))';
    expect((await store.readPool()).accounts).toStrictEqual([
      {
        accountId: 'acct-a',
        enabled: false,
        disabledReason: reason,
        disabledAt: start,
        credentialsFingerprint: fingerprintCredentials(account('acct-a')),
      },
    ]);
    expect(lines(logger)).toStrictEqual([{ level: 'error', message: `account acct-a disabled: ${reason}` }]);
  });

  it('leaves a disabled account out until it is enabled again', async () => {
    // Prepare
    const store = new MemoryPoolStore();
    await store.disableAccount({ accountId: 'acct-a', reason: 'credentials revoked', at: start });
    const { pool, clock } = setUp({ accounts: [account('acct-a'), account('acct-b')], store });
    const before = [];
    for (let index = 0; index < 10; index += 1)
      before.push((await pool.acquire(request(), failOn({}).attempt)).account.id);

    // Act
    await store.enableAccount({ accountId: 'acct-a' });
    clock.advance(defaultPoolConfig.stateCacheMs);
    const after = [];
    for (let index = 0; index < 20; index += 1)
      after.push((await pool.acquire(request(), failOn({}).attempt)).account.id);

    // Assess
    expect(new Set(before)).toStrictEqual(new Set(['acct-b']));
    expect(new Set(after)).toStrictEqual(new Set(['acct-a', 'acct-b']));
  });

  it('answers 503 saying how to add an account when there is none', async () => {
    // Prepare
    const { pool } = setUp({ accounts: [] });

    // Act
    const result = await pool.acquire(request(), failOn({}).attempt).catch((error: unknown) => error);

    // Assess
    expect(result).toBeInstanceOf(HttpError);
    expect((result as HttpError).toJSON()).toStrictEqual({
      error: {
        message:
          'The gateway has no Google account to serve requests with. Add one with `npm run setup` ' +
          '(locally it writes an account file into ACCOUNTS_DIR), then try again.',
        type: 'server_error',
        param: null,
        code: 'no_accounts',
      },
    });
    expect((result as HttpError).status).toBe(503);
  });

  it('answers 503 with Retry-After, and logs why, when the accounts cannot be listed', async () => {
    // Prepare
    const { pool, logger } = setUp({
      listAccounts: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:8000');
      },
    });

    // Act
    const result = await pool.acquire(request(), failOn({}).attempt).catch((error: unknown) => error);

    // Assess
    expect(result).toBeInstanceOf(HttpError);
    expect([
      (result as HttpError).status,
      (result as HttpError).headers,
      (result as HttpError).toJSON(),
    ]).toStrictEqual([
      503,
      { 'retry-after': '5' },
      {
        error: {
          message:
            'The gateway cannot read its list of accounts right now (its state store is unreachable); retry shortly.',
          type: 'server_error',
          param: null,
          code: 'accounts_unavailable',
        },
      },
    ]);
    expect(lines(logger)).toStrictEqual([{ level: 'error', message: 'cannot list the accounts' }]);
  });

  it('answers 503 with the reasons when every account is disabled', async () => {
    // Prepare
    const store = new MemoryPoolStore();
    await store.disableAccount({ accountId: 'acct-a', reason: 'credentials revoked', at: start });
    const { pool } = setUp({ accounts: [account('acct-a')], store });

    // Act
    const result = await pool.acquire(request(), failOn({}).attempt).catch((error: unknown) => error);

    // Assess
    expect(result).toMatchObject({
      status: 503,
      code: 'accounts_disabled',
      message:
        'Every account of the gateway is disabled (acct-a: credentials revoked). Re-add them with `npm run setup`.',
    });
  });

  it('routes only to accounts whose allowlist has the model, and 404s when none has it', async () => {
    // Prepare
    const { pool } = setUp({
      accounts: [account('acct-a', ['gemini-2.5-flash']), account('acct-b', [model])],
    });

    // Act
    const chosen = [];
    for (let index = 0; index < 10; index += 1)
      chosen.push((await pool.acquire(request(), failOn({}).attempt)).account.id);
    const unknown = await pool
      .acquire({ ...request(), model: 'gemini-1.0-pro' }, failOn({}).attempt)
      .catch((error: unknown) => error);

    // Assess
    expect(new Set(chosen)).toStrictEqual(new Set(['acct-b']));
    expect(unknown).toMatchObject({ status: 404, param: 'model', code: 'model_not_found' });
  });

  it('records a failure that happens after the first event, when the request settles', async () => {
    // Prepare
    const { pool, store } = setUp({ accounts: [account('acct-a')] });
    const lease = await pool.acquire(request(), failOn({}).attempt);

    // Act
    await lease.settle({
      ok: false,
      error: upstreamError({ failure: 'network', message: 'connection reset' }),
    });

    // Assess
    expect(await rowOf(store, 'acct-a')).toMatchObject({
      failures: 1,
      consecutiveFailures: 1,
      lastFailure: { failure: 'network', at: start },
    });
  });

  it('does not blame the account when the client goes away', async () => {
    // Prepare
    const { pool, store } = setUp({ accounts: [account('acct-a')] });
    const controller = new AbortController();
    const gone = new Error('client went away');

    // Act
    const result = await pool
      .acquire(request({ signal: controller.signal }), async () => {
        controller.abort(gone);
        throw upstreamError({ failure: 'network' });
      })
      .catch((error: unknown) => error);

    // Assess
    expect(result).toBeInstanceOf(UpstreamError);
    expect(await store.readPool()).toStrictEqual({ accounts: [], models: [] });
  });

  it('reads the shared state once per cache period, one read for concurrent requests', async () => {
    // Prepare
    const store = new HeldReadsStore();
    const { pool, clock } = setUp({ store });

    // Act
    await Promise.all(Array.from({ length: 10 }, () => pool.acquire(request(), failOn({}).attempt)));
    clock.advance(defaultPoolConfig.stateCacheMs - 1);
    await pool.acquire(request(), failOn({}).attempt);
    clock.advance(1);
    await pool.acquire(request(), failOn({}).attempt);

    // Assess
    expect(store.reads).toBe(2);
  });

  it('flushes only once a state read started in the background is done', async () => {
    // Prepare
    const store = new HeldReadsStore();
    const { pool, clock } = setUp({ store });
    await (await pool.acquire(request(), failOn({}).attempt)).settle({ ok: true });
    const release = store.holdReads();
    clock.advance(defaultPoolConfig.stateCacheMs * 0.8);
    await (await pool.acquire(request(), failOn({}).attempt)).settle({ ok: true });

    // Act
    let settled = false;
    const settling = pool.flush().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const settledDuringRead = settled;
    release();
    await settling;

    // Assess
    expect([settledDuringRead, settled]).toStrictEqual([false, true]);
  });

  it('honours a freeze another process wrote, once its cache expires', async () => {
    // Prepare
    const { pool, store, clock } = setUp({ accounts: [account('acct-a'), account('acct-b')] });
    await pool.acquire(request(), failOn({}).attempt);
    await freeze(store, 'acct-a', start + 600_000);
    clock.advance(defaultPoolConfig.stateCacheMs);

    // Act
    const chosen = [];
    for (let index = 0; index < 10; index += 1)
      chosen.push((await pool.acquire(request(), failOn({}).attempt)).account.id);

    // Assess
    expect(new Set(chosen)).toStrictEqual(new Set(['acct-b']));
  });

  it('keeps serving and freezing from memory when DynamoDB is unreachable, logging it once', async () => {
    // Prepare: a store whose endpoint nothing listens on
    const client = createLocalClient(`http://127.0.0.1:${await findFreePort()}`);
    const store = new DynamoDbPoolStore({ client, tableName: 'gateway-pool', poolName: 'test' });
    const { pool, logger, clock } = setUp({ accounts: [account('acct-a'), account('acct-b')], store });
    const failure = upstreamError({ failure: 'rate_limited', status: 429, retryDelayMs: 60_000 });

    const { calls, attempt } = failOn({ 'acct-a': failure });

    // Act
    const served = [];
    for (let index = 0; index < 10; index += 1) {
      const lease = await pool.acquire(request(), attempt);
      await lease.settle({ ok: true });
      served.push(lease.account.id);
      clock.advance(defaultPoolConfig.stateCacheMs);
    }
    client.destroy();

    // Assess: served every time; acct-a failed at most once, then stayed frozen in memory
    expect(served).toStrictEqual(Array(10).fill('acct-b'));
    expect(calls.filter((id) => id === 'acct-a').length).toBeLessThanOrEqual(1);
    const storeLines = lines(logger).filter((line) => line.message.startsWith('pool state store'));
    expect(storeLines).toStrictEqual([
      {
        level: 'error',
        message:
          "pool state store unreachable (could not read the pool state); serving from this process's view",
      },
    ]);
  });

  it('stops writing while the store is down, and logs when it answers again', async () => {
    // Prepare
    const memory = new MemoryPoolStore();
    let down = true;
    let writes = 0;
    const refuse = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8000'));
    const store: PoolStore = {
      readPool: () => (down ? refuse() : memory.readPool()),
      recordOutcome: (input) => {
        writes += 1;
        return down ? refuse() : memory.recordOutcome(input);
      },
      disableAccount: (input) => memory.disableAccount(input),
      enableAccount: (input) => memory.enableAccount(input),
      registerAccount: (input) => memory.registerAccount(input),
    };
    const { pool, logger, clock } = setUp({ accounts: [account('acct-a')], store });

    // Act: two requests during the outage, two after it
    const writesSeen = [];
    for (const isDown of [true, true, false, false]) {
      down = isDown;
      const lease = await pool.acquire(request(), failOn({}).attempt);
      await lease.settle({ ok: true });
      writesSeen.push(writes);
      clock.advance(defaultPoolConfig.stateCacheMs);
    }

    // Assess
    expect(writesSeen).toStrictEqual([0, 0, 1, 2]);
    expect(lines(logger)).toStrictEqual([
      {
        level: 'error',
        message:
          "pool state store unreachable (could not read the pool state); serving from this process's view",
      },
      { level: 'info', message: 'pool state store reachable again' },
    ]);
    expect((await rowOf(memory, 'acct-a'))?.version).toBe(2);
  });

  it('keeps serving when DynamoDB accepts connections but never answers', async () => {
    // Prepare: a server that takes the connection and says nothing
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    const client = createPoolStoreClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestTimeoutMs: 100,
    });
    const store = new DynamoDbPoolStore({ client, tableName: 'gateway-pool', poolName: 'test' });
    const { pool, logger } = setUp({ accounts: [account('acct-a')], store });

    // Act
    const lease = await pool.acquire(request(), failOn({}).attempt);
    await lease.settle({ ok: true });
    client.destroy();
    for (const socket of sockets) socket.destroy();
    silent.close();

    // Assess
    expect(lease.account.id).toBe('acct-a');
    expect(lines(logger)).toStrictEqual([
      {
        level: 'error',
        message:
          "pool state store unreachable (could not read the pool state); serving from this process's view",
      },
    ]);
  });
});
