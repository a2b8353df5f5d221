/**
 * Successes on one (account, model) that come in while a write for it is in flight ride together in
 * the next write, as one ADD of their count. Alone, a request's success is written at once (one write
 * per request, as on Lambda, where a container serves one request at a time); under load one write
 * carries every success that arrived during the previous one, so the store's cost per request falls
 * as traffic rises instead of growing with it. Each caller still waits for the write that carries its
 * own success (Lambda does not wait for stray work). Failures are not merged: each may freeze.
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
  /** Successes waiting for the write in flight to finish. */
  waiting: { batch: SuccessBatch; done: Promise<void>; release: () => void } | undefined;
}

export class SuccessCoalescer {
  /** (account, model) pairs with a write in flight. */
  private readonly lanes = new Map<string, Lane>();

  /**
   * @param write records a batch; must not throw (the pool's ledger logs store failures itself).
   * @example
   * const coalescer = new SuccessCoalescer(({ accountId, model, count, at }) =>
   *   store.recordOutcome({ accountId, model, at, halfLifeMs, outcome: { ok: true, count } }).then(() => {}, log),
   * );
   * await coalescer.record({ accountId: 'acct-a', model: 'gemini-2.5-pro', at: clock.now() });
   */
  constructor(private readonly write: (batch: SuccessBatch) => Promise<void>) {}

  /** Resolves once a write carrying this success is done. */
  record({ accountId, model, at }: { accountId: string; model: string; at: number }): Promise<void> {
    const key = modelStateKey({ accountId, model });
    const lane = this.lanes.get(key);
    if (!lane) {
      const fresh: Lane = { waiting: undefined };
      this.lanes.set(key, fresh);
      return this.writeInLane(key, fresh, { accountId, model, count: 1, at });
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

  private async writeInLane(key: string, lane: Lane, batch: SuccessBatch): Promise<void> {
    try {
      await this.write(batch);
    } finally {
      const next = lane.waiting;
      lane.waiting = undefined;
      if (next) {
        // Not awaited: this caller's success is written; the next batch has waiters of its own.
        this.writeInLane(key, lane, next.batch).then(next.release, next.release);
      } else {
        this.lanes.delete(key);
      }
    }
  }
}
