import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestClock } from '../../test/fakes/test-clock.js';
import { silentLogger } from '../core/ports.js';
import { MemoryPoolStore } from './memory-pool-store.js';
import { PoolLedger } from './pool-ledger.js';
import type { RecordedOutcome } from './pool-state.js';
import type { RecordOutcomeInput } from './pool-store.js';
import { HeldReadsStore } from './testing/held-reads-store.js';

const start = Date.parse('2026-01-15T12:00:00.000Z');
const pair = { accountId: 'acct-a', model: 'gemini-2.5-pro' };
const success = { ok: true } as const;
/** A write carrying `count` successes. */
const successes = (count: number) => ({ ok: true, count });
const spacingMs = 1_000;

/** A memory store that lists the outcomes written to it, and whose writes a test may hold. */
class RecordingStore extends MemoryPoolStore {
  readonly written: RecordedOutcome[] = [];
  private held: Promise<void> | undefined;

  /** Every write from now on waits until the returned function is called. */
  holdWrites(): () => void {
    let release = () => {};
    this.held = new Promise<void>((resolve) => {
      release = resolve;
    });
    return release;
  }

  override async recordOutcome(input: RecordOutcomeInput) {
    this.written.push(input.outcome);
    await this.held;
    return super.recordOutcome(input);
  }
}

/** Whether `promise` settles before `release` is called; then calls it and waits for `promise`. */
async function settlesBeforeRelease(promise: Promise<void>, release: () => void): Promise<boolean> {
  let settled = false;
  const settling = promise.then(() => {
    settled = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  const settledEarly = settled;
  release();
  await settling;
  return settledEarly;
}

function setUpReads() {
  const store = new HeldReadsStore();
  const clock = createTestClock({ start });
  const ledger = new PoolLedger({
    store,
    listAccounts: async () => [],
    clock,
    logger: silentLogger,
    halfLifeMs: 10 * 60_000,
    stateCacheMs: 1_000,
    successWriteSpacingMs: 0,
  });
  return { store, clock, ledger };
}

function setUp(successWriteSpacingMs: number) {
  const store = new RecordingStore();
  const ledger = new PoolLedger({
    store,
    listAccounts: async () => [],
    clock: createTestClock({ start }),
    logger: silentLogger,
    halfLifeMs: 10 * 60_000,
    stateCacheMs: 1_000,
    successWriteSpacingMs,
  });
  return { store, ledger };
}

async function storedSuccesses(store: MemoryPoolStore): Promise<number | undefined> {
  const { models } = await store.readPool();
  return models.find((row) => row.accountId === pair.accountId && row.model === pair.model)?.successes;
}

describe('PoolLedger', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('with a spacing, writes the successes after a write together once it has passed, without making requests wait', async () => {
    // Prepare
    const { store, ledger } = setUp(spacingMs);
    await ledger.record({ ...pair, outcome: success });
    await vi.advanceTimersByTimeAsync(0);

    // Act
    await ledger.record({ ...pair, outcome: success });
    await ledger.record({ ...pair, outcome: success });
    await ledger.record({ ...pair, outcome: success });
    const withinSpacing = [...store.written];
    await vi.advanceTimersByTimeAsync(spacingMs);

    // Assess
    expect(withinSpacing).toStrictEqual([successes(1)]);
    expect(store.written).toStrictEqual([successes(1), successes(3)]);
    expect(await storedSuccesses(store)).toBe(4);
    expect(ledger.model(pair.accountId, pair.model)?.successes).toBe(4);
  });

  it('with a spacing, writes a failure at once while successes wait', async () => {
    // Prepare
    const { store, ledger } = setUp(spacingMs);
    await ledger.record({ ...pair, outcome: success });
    await vi.advanceTimersByTimeAsync(0);
    await ledger.record({ ...pair, outcome: success });

    // Act
    const failure = { ok: false, failure: 'server_error', frozenUntil: start + 2_000 } as const;
    await ledger.record({ ...pair, outcome: failure });

    // Assess
    expect(store.written).toStrictEqual([successes(1), failure]);
  });

  it('flush writes the successes the spacing holds back, and waits for the writes in flight', async () => {
    // Prepare
    const { store, ledger } = setUp(spacingMs);
    const release = store.holdWrites();
    await ledger.record({ ...pair, outcome: success });
    await ledger.record({ ...pair, outcome: success });
    await ledger.record({ ...pair, outcome: success });

    // Act
    const flushedWhileHeld = await settlesBeforeRelease(ledger.flush(), release);

    // Assess
    expect(flushedWhileHeld).toBe(false);
    expect(store.written).toStrictEqual([successes(1), successes(2)]);
    expect(await storedSuccesses(store)).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('without a spacing, a request waits for the write that carries its success', async () => {
    // Prepare
    const { store, ledger } = setUp(0);
    const release = store.holdWrites();

    // Act
    const recordedWhileHeld = await settlesBeforeRelease(
      ledger.record({ ...pair, outcome: success }),
      release,
    );

    // Assess
    expect(recordedWhileHeld).toBe(false);
    expect(store.written).toStrictEqual([successes(1)]);
    expect(await storedSuccesses(store)).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('PoolLedger state reads', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads again in the background from three quarters of the cache time, and the request does not wait', async () => {
    // Prepare
    const { store, clock, ledger } = setUpReads();
    await ledger.currentAccounts();
    clock.advance(749);
    await ledger.currentAccounts();
    const release = store.holdReads();
    clock.advance(1);

    // Act
    const servedDuringRead = await settlesBeforeRelease(ledger.currentAccounts().then(), release);

    // Assess
    expect([servedDuringRead, store.reads]).toStrictEqual([true, 2]);
  });

  it('makes the request wait for the read once the cache has expired', async () => {
    // Prepare
    const { store, clock, ledger } = setUpReads();
    await ledger.currentAccounts();
    const release = store.holdReads();
    clock.advance(1_000);

    // Act
    const servedDuringRead = await settlesBeforeRelease(ledger.currentAccounts().then(), release);

    // Assess
    expect([servedDuringRead, store.reads]).toStrictEqual([false, 2]);
  });

  it('flushes only once a state read in flight is done', async () => {
    // Prepare
    const { store, clock, ledger } = setUpReads();
    await ledger.currentAccounts();
    const release = store.holdReads();
    clock.advance(800);
    await ledger.currentAccounts();

    // Act
    const doneDuringRead = await settlesBeforeRelease(ledger.flush(), release);

    // Assess
    expect([doneDuringRead, store.reads]).toStrictEqual([false, 2]);
  });
});
