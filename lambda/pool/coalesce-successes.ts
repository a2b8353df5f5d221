/**
 * Successes on one (account, model) that come in while a write for it is in flight ride together in
 * the next write, as one ADD of their count. Alone, a request's success is written at once (one write
 * per request, as on Lambda, where a container serves one request at a time); under load one write
 * carries every success that arrived during the previous one, so the store's cost per request falls
 * as traffic rises instead of growing with it. Failures are not merged: each may freeze.
 *
 * With a spacing (a long-running process), a lane also rests that long after each write, and the
 * successes of the rest go in one write when it ends: at most one write per lane per spacing however
 * busy the lane is. `flush` ends every rest early, for a process about to close its store.
 */
import { modelStateKey } from './pool-state.js';

export interface SuccessBatch {
  accountId: string;
  model: string;
  /** Successes in this write. */
  count: number;
  /** When the latest of them happened (epoch ms). */
  at: number;
}

interface Lane {
  /** The latest write, settled once the lane has moved on from it (to a rest, the next write, or its end). */
  writing: Promise<void>;
  /** Set while the lane rests after a write (spacing above 0). */
  resting: ReturnType<typeof setTimeout> | undefined;
  /** Successes waiting for the write in flight or the rest to end. */
  waiting: { batch: SuccessBatch; done: Promise<void>; release: () => void } | undefined;
}

export class SuccessCoalescer {
  /** (account, model) pairs with a write in flight or resting after one. */
  private readonly lanes = new Map<string, Lane>();

  /**
   * @param write records a batch; must not throw (the pool's ledger logs store failures itself).
   * @param spacingMs how long a lane rests after each write; 0 writes the next batch at once.
   * @example
   * const coalescer = new SuccessCoalescer(({ accountId, model, count, at }) =>
   *   store.recordOutcome({ accountId, model, at, halfLifeMs, outcome: { ok: true, count } }).then(() => {}, log),
   * );
   * await coalescer.record({ accountId: 'acct-a', model: 'gemini-2.5-pro', at: clock.now() });
   */
  constructor(
    private readonly write: (batch: SuccessBatch) => Promise<void>,
    private readonly spacingMs = 0,
  ) {}

  /**
   * Resolves once a write carrying this success is done (on Lambda the request awaits it: Lambda does
   * not wait for stray work).
   */
  record({ accountId, model, at }: { accountId: string; model: string; at: number }): Promise<void> {
    const key = modelStateKey({ accountId, model });
    const lane = this.lanes.get(key);
    if (!lane) {
      const fresh: Lane = { writing: Promise.resolve(), resting: undefined, waiting: undefined };
      this.lanes.set(key, fresh);
      fresh.writing = this.writeInLane(key, fresh, { accountId, model, count: 1, at });
      return fresh.writing;
    }
    if (!lane.waiting) {
      let release = () => {};
      const done = new Promise<void>((resolve) => {
        release = resolve;
      });
      lane.waiting = { batch: { accountId, model, count: 0, at }, done, release };
    }
    lane.waiting.batch.count += 1;
    lane.waiting.batch.at = Math.max(lane.waiting.batch.at, at);
    return lane.waiting.done;
  }

  /** Writes every success held back for a rest now, and resolves once no write is left. */
  async flush(): Promise<void> {
    while (this.lanes.size > 0) {
      for (const [key, lane] of this.lanes) {
        if (!lane.resting) continue;
        clearTimeout(lane.resting);
        this.endRest(key, lane);
      }
      // A write that ends starts a rest, which the next round ends at once.
      await Promise.allSettled([...this.lanes.values()].map(({ writing }) => writing));
    }
  }

  private async writeInLane(key: string, lane: Lane, batch: SuccessBatch): Promise<void> {
    try {
      await this.write(batch);
    } finally {
      if (this.spacingMs > 0) {
        lane.resting = setTimeout(() => this.endRest(key, lane), this.spacingMs);
        // A pending batch is no reason to keep the process alive: closing flushes it.
        lane.resting.unref();
      } else {
        this.endRest(key, lane);
      }
    }
  }

  /** The successes that waited go in one write; with none, the lane ends. */
  private endRest(key: string, lane: Lane): void {
    lane.resting = undefined;
    const next = lane.waiting;
    lane.waiting = undefined;
    if (next) {
      // Not awaited: this caller's success is written; the next batch has waiters of its own.
      lane.writing = this.writeInLane(key, lane, next.batch);
      lane.writing.then(next.release, next.release);
    } else {
      this.lanes.delete(key);
    }
  }
}
