/**
 * One process's view of the pool: the last snapshot read from the store, plus what this process
 * recorded since. It keeps serving when the store is unreachable, and a freeze this process applied
 * survives a snapshot that does not have it yet (the write failed, or the read was eventually
 * consistent), so a store outage never makes the gateway hammer a rate-limited account.
 */
import type { AccountState, ModelState, PoolSnapshot } from './pool-state.js';
import { modelStateKey } from './pool-state.js';

export class PoolView {
  private accounts = new Map<string, AccountState>();
  private models = new Map<string, ModelState>();

  /** Takes a fresh snapshot: it wins, except that no freeze gets shorter and local-only rows stay. */
  replace(snapshot: PoolSnapshot): void {
    const previous = this.models;
    this.accounts = new Map(snapshot.accounts.map((account) => [account.accountId, account]));
    this.models = new Map(snapshot.models.map((row) => [modelStateKey(row), row]));
    for (const [key, local] of previous) {
      const fresh = this.models.get(key);
      this.models.set(key, fresh ? withLaterFreeze(fresh, local) : local);
    }
  }

  account(accountId: string): AccountState | undefined {
    return this.accounts.get(accountId);
  }

  model(accountId: string, model: string): ModelState | undefined {
    return this.models.get(modelStateKey({ accountId, model }));
  }

  /** Stores a row (recorded here or returned by the store); a freeze already in the view is kept if later. */
  putModel(row: ModelState): void {
    const key = modelStateKey(row);
    const current = this.models.get(key);
    this.models.set(key, current ? withLaterFreeze(row, current) : row);
  }

  putAccount(account: AccountState): void {
    this.accounts.set(account.accountId, account);
  }
}

function withLaterFreeze(row: ModelState, other: ModelState): ModelState {
  return other.frozenUntil > row.frozenUntil ? { ...row, frozenUntil: other.frozenUntil } : row;
}
