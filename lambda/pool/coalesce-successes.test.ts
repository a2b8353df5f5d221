import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SuccessBatch, SuccessCoalescer } from './coalesce-successes.js';

/** A write the test finishes by hand, recording the batches it was given. */
function createControlledWrite() {
  const batches: SuccessBatch[] = [];
  const pending: Array<{ finish: () => void; fail: (error: Error) => void }> = [];
  const write = (batch: SuccessBatch) =>
    new Promise<void>((resolve, reject) => {
      batches.push({ ...batch });
      pending.push({ finish: resolve, fail: reject });
    });
  const finishNext = async () => {
    pending.shift()?.finish();
    await flush();
  };
  const failNext = async () => {
    pending.shift()?.fail(new Error('store down'));
    await flush();
  };
  return { write, batches, finishNext, failNext };
}

async function flush() {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
}

/** Which of `promises` have settled, in order. */
function track(promises: Array<Promise<void>>): boolean[] {
  const settled = promises.map(() => false);
  promises.forEach((promise, index) => {
    const mark = () => {
      settled[index] = true;
    };
    promise.then(mark, mark);
  });
  return settled;
}

const pair = { accountId: 'acct-a', model: 'gemini-2.5-pro' };

describe('SuccessCoalescer', () => {
  it('writes a lone success at once, as one', async () => {
    // Prepare
    const store = createControlledWrite();
    const coalescer = new SuccessCoalescer(store.write);

    // Act
    const settled = track([coalescer.record({ ...pair, at: 1_000 })]);
    await flush();
    const beforeWrite = [...settled];
    await store.finishNext();

    // Assess
    expect(store.batches).toStrictEqual([{ ...pair, count: 1, at: 1_000 }]);
    expect(beforeWrite).toStrictEqual([false]);
    expect(settled).toStrictEqual([true]);
  });

  it('carries the successes that came during a write in one next write, each caller waiting for its own', async () => {
    // Prepare
    const store = createControlledWrite();
    const coalescer = new SuccessCoalescer(store.write);

    // Act
    const settled = track([
      coalescer.record({ ...pair, at: 1_000 }),
      coalescer.record({ ...pair, at: 1_003 }),
      coalescer.record({ ...pair, at: 1_002 }),
    ]);
    await store.finishNext();
    const afterFirstWrite = [...settled];
    await store.finishNext();

    // Assess
    expect(store.batches).toStrictEqual([
      { ...pair, count: 1, at: 1_000 },
      { ...pair, count: 2, at: 1_003 },
    ]);
    expect(afterFirstWrite).toStrictEqual([true, false, false]);
    expect(settled).toStrictEqual([true, true, true]);
  });

  it('keeps (account, model) pairs apart', async () => {
    // Prepare
    const store = createControlledWrite();
    const coalescer = new SuccessCoalescer(store.write);

    // Act
    void coalescer.record({ ...pair, at: 1_000 });
    void coalescer.record({ accountId: 'acct-b', model: 'gemini-2.5-pro', at: 1_001 });
    void coalescer.record({ accountId: 'acct-a', model: 'gemini-2.5-flash', at: 1_002 });
    await flush();

    // Assess
    expect(store.batches).toStrictEqual([
      { ...pair, count: 1, at: 1_000 },
      { accountId: 'acct-b', model: 'gemini-2.5-pro', count: 1, at: 1_001 },
      { accountId: 'acct-a', model: 'gemini-2.5-flash', count: 1, at: 1_002 },
    ]);
  });

  it('goes on with the next batch when a write fails, and starts afresh once the lane is empty', async () => {
    // Prepare
    const store = createControlledWrite();
    const coalescer = new SuccessCoalescer(store.write);

    // Act
    const first = coalescer.record({ ...pair, at: 1_000 });
    const settled = track([first.catch(() => {}), coalescer.record({ ...pair, at: 1_001 })]);
    await store.failNext();
    await store.finishNext();
    void coalescer.record({ ...pair, at: 2_000 });
    await flush();

    // Assess
    await expect(first).rejects.toThrow('store down');
    expect(settled).toStrictEqual([true, true]);
    expect(store.batches).toStrictEqual([
      { ...pair, count: 1, at: 1_000 },
      { ...pair, count: 1, at: 1_001 },
      { ...pair, count: 1, at: 2_000 },
    ]);
  });

  describe('with a spacing', () => {
    const spacingMs = 1_000;

    beforeEach(() => {
      vi.useFakeTimers();
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    it('holds the successes after a write until the spacing has passed, then writes them as one', async () => {
      // Prepare
      const store = createControlledWrite();
      const coalescer = new SuccessCoalescer(store.write, spacingMs);
      void coalescer.record({ ...pair, at: 1_000 });
      const duringWrite = coalescer.record({ ...pair, at: 1_001 });
      await store.finishNext();

      // Act
      const settled = track([
        duringWrite,
        coalescer.record({ ...pair, at: 1_200 }),
        coalescer.record({ ...pair, at: 1_100 }),
      ]);
      await vi.advanceTimersByTimeAsync(spacingMs - 1);
      const beforeSpacing = [...store.batches];
      await vi.advanceTimersByTimeAsync(1);
      const afterSpacing = [...store.batches];
      await store.finishNext();

      // Assess
      expect(beforeSpacing).toStrictEqual([{ ...pair, count: 1, at: 1_000 }]);
      expect(afterSpacing).toStrictEqual([
        { ...pair, count: 1, at: 1_000 },
        { ...pair, count: 3, at: 1_200 },
      ]);
      expect(settled).toStrictEqual([true, true, true]);
    });

    it('writes a success at once when its lane rested with nothing to write', async () => {
      // Prepare
      const store = createControlledWrite();
      const coalescer = new SuccessCoalescer(store.write, spacingMs);
      void coalescer.record({ ...pair, at: 1_000 });
      await store.finishNext();
      await vi.advanceTimersByTimeAsync(spacingMs);

      // Act
      void coalescer.record({ ...pair, at: 5_000 });
      await flush();

      // Assess
      expect(store.batches).toStrictEqual([
        { ...pair, count: 1, at: 1_000 },
        { ...pair, count: 1, at: 5_000 },
      ]);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('flush writes the held-back successes at once and resolves once no write is left', async () => {
      // Prepare
      const store = createControlledWrite();
      const coalescer = new SuccessCoalescer(store.write, spacingMs);
      void coalescer.record({ ...pair, at: 1_000 });
      await store.finishNext();
      void coalescer.record({ ...pair, at: 1_001 });
      void coalescer.record({ accountId: 'acct-b', model: pair.model, at: 1_002 });
      void coalescer.record({ accountId: 'acct-b', model: pair.model, at: 1_003 });

      // Act
      const flushed = track([coalescer.flush()]);
      await flush();
      const beforeWrites = [...flushed];
      await store.finishNext();
      await store.finishNext();
      const beforeLastWrite = [...flushed];
      await store.finishNext();

      // Assess
      expect(store.batches).toStrictEqual([
        { ...pair, count: 1, at: 1_000 },
        { accountId: 'acct-b', model: pair.model, count: 1, at: 1_002 },
        { ...pair, count: 1, at: 1_001 },
        { accountId: 'acct-b', model: pair.model, count: 1, at: 1_003 },
      ]);
      expect([...beforeWrites, ...beforeLastWrite, ...flushed]).toStrictEqual([false, false, true]);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('sets no timer with a spacing of 0', async () => {
      // Prepare
      const store = createControlledWrite();
      const coalescer = new SuccessCoalescer(store.write, 0);

      // Act
      void coalescer.record({ ...pair, at: 1_000 });
      void coalescer.record({ ...pair, at: 1_001 });
      await store.finishNext();
      const timersAfterWrite = vi.getTimerCount();
      await store.finishNext();

      // Assess
      expect(timersAfterWrite).toBe(0);
      expect(store.batches).toStrictEqual([
        { ...pair, count: 1, at: 1_000 },
        { ...pair, count: 1, at: 1_001 },
      ]);
    });
  });
});
