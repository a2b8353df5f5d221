/**
 * One process's view of the pool: the last snapshot read from the store, plus what this process
 * recorded since. It keeps serving when the store is unreachable, and a freeze this process applied
 * survives a snapshot that does not have it yet (the write failed, or the read was eventually
 * consistent), so a store outage never makes the gateway hammer a rate-limited account.
 */
import type { AccountState, ModelState, PoolSnapshot } from './pool-state.js';

export class PoolView {
  private accounts = new Map<string, AccountState>();
  /**
   * Rows by account, then model. Nested rather than keyed by a joined string: each request looks up
   * every candidate account several times, and a joined key is a new string to build and hash each time.
   */
  private models = new Map<string, Map<string, ModelState>>();

  /** Takes a fresh snapshot: it wins, except that no freeze gets shorter and local-only rows stay. */
  replace(snapshot: PoolSnapshot): void {
    const previous = this.models;
    this.accounts = new Map(snapshot.accounts.map((account) => [account.accountId, account]));
    this.models = new Map();
    for (const row of snapshot.models) this.rowsOf(row.accountId).set(row.model, row);
    for (const [accountId, locals] of previous) {
      const rows = this.rowsOf(accountId);
      for (const [model, local] of locals) {
        const fresh = rows.get(model);
        rows.set(model, fresh ? withLaterFreeze(fresh, local) : local);
      }
    }
  }

  account(accountId: string): AccountState | undefined {
    return this.accounts.get(accountId);
  }

  model(accountId: string, model: string): ModelState | undefined {
    return this.models.get(accountId)?.get(model);
  }

  /** Stores a row (recorded here or returned by the store); a freeze already in the view is kept if later. */
  putModel(row: ModelState): void {
    const rows = this.rowsOf(row.accountId);
    const current = rows.get(row.model);
    rows.set(row.model, current ? withLaterFreeze(row, current) : row);
  }

  putAccount(account: AccountState): void {
    this.accounts.set(account.accountId, account);
  }

  private rowsOf(accountId: string): Map<string, ModelState> {
    let rows = this.models.get(accountId);
    if (!rows) {
      rows = new Map();
      this.models.set(accountId, rows);
    }
    return rows;
  }
}

function withLaterFreeze(row: ModelState, other: ModelState): ModelState {
  return other.frozenUntil > row.frozenUntil ? { ...row, frozenUntil: other.frozenUntil } : row;
}
