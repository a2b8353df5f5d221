/**
 * This process's books on the pool: the account list and the shared state, read again once they are
 * `stateCacheMs` old (one read at a time however many requests wait), and every outcome applied to
 * the local view at once and then written to the store (successes that arrive while one is being
 * written go together in the next write, coalesce-successes.ts; in a long-running process, so do
 * those within `successWriteSpacingMs` of the last write, which requests do not wait for and `flush`
 * writes before the store closes). It never throws for the store's sake: a failed read or write is
 * logged once per outage and the view keeps serving, freezes included.
 * While the store is failing, outcomes stay in the view and are not written: a hung DynamoDB would
 * otherwise hold every request for a timeout. The periodic read is the probe that ends the outage.
 */
import type { Clock, Logger } from '../core/ports.js';
import type { Account } from '../credentials/account.js';
import { applyOutcome, createModelState } from './apply-outcome.js';
import { SuccessCoalescer } from './coalesce-successes.js';
import type { AccountState, ModelState, RecordedOutcome } from './pool-state.js';
import type { PoolStore } from './pool-store.js';
import { PoolView } from './pool-view.js';
import { StoreHealth } from './store-health.js';

export interface PoolLedgerOptions {
  store: PoolStore;
  /** Its failure fails the request (there is nothing to route over without it). */
  listAccounts: () => Promise<Account[]>;
  clock: Clock;
  logger: Logger;
  halfLifeMs: number;
  stateCacheMs: number;
  /** See PoolConfig; above 0 only where the process outlives its requests (not on Lambda). */
  successWriteSpacingMs: number;
}

/** How far into `stateCacheMs` the next read starts in the background. */
const refreshAheadFraction = 0.75;

export class PoolLedger {
  private readonly view = new PoolView();
  private readonly storeHealth: StoreHealth;
  private accounts: Account[] = [];
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;
  private readonly successes: SuccessCoalescer;

  constructor(private readonly options: PoolLedgerOptions) {
    this.storeHealth = new StoreHealth(options.logger);
    this.successes = new SuccessCoalescer(
      ({ accountId, model, count, at }) =>
        this.write({
          accountId,
          model,
          at,
          outcome: { ok: true, count },
          known: this.view.model(accountId, model),
        }),
      options.successWriteSpacingMs,
    );
  }

  /**
   * The configured accounts, with the shared state read alongside. Past three quarters of
   * `stateCacheMs` the read starts in the background, so under steady traffic it is done before the
   * cache expires and no request waits for it; a request that finds the cache expired (the first, or
   * one after a quiet spell) waits, so nothing routes on state older than `stateCacheMs`.
   */
  async currentAccounts(): Promise<Account[]> {
    const age = this.options.clock.now() - this.refreshedAt;
    if (age >= this.options.stateCacheMs) await this.startRefresh();
    // A failure here shows at the read that cannot be skipped, once the cache has expired.
    else if (age >= this.options.stateCacheMs * refreshAheadFraction) this.startRefresh().catch(() => {});
    return this.accounts;
  }

  account(accountId: string): AccountState | undefined {
    return this.view.account(accountId);
  }

  model(accountId: string, model: string): ModelState | undefined {
    return this.view.model(accountId, model);
  }

  async record({
    accountId,
    model,
    outcome,
  }: {
    accountId: string;
    model: string;
    outcome: RecordedOutcome;
  }): Promise<void> {
    const at = this.options.clock.now();
    const known = this.view.model(accountId, model);
    const state = known ?? createModelState({ accountId, model, at });
    this.view.putModel(applyOutcome({ state, outcome, at, halfLifeMs: this.options.halfLifeMs }));
    if (this.storeHealth.failing) return;
    if (outcome.ok) {
      const written = this.successes.record({ accountId, model, at });
      // With a spacing the write may be a second away, and the client has its answer: the request
      // does not wait for it (`write` never throws), and `flush` writes it before the store closes.
      if (this.options.successWriteSpacingMs === 0) await written;
      return;
    }
    await this.write({ accountId, model, at, outcome, known });
  }

  /**
   * Writes the successes the spacing holds back and waits for the writes and the state read in flight:
   * call before closing the store, and on Lambda after each request (it freezes the process between
   * requests, and a read it froze half done would fail when it thaws).
   */
  async flush(): Promise<void> {
    await Promise.all([this.successes.flush(), this.refreshing?.catch(() => {})]);
  }

  async disable({
    accountId,
    reason,
    credentialsFingerprint,
  }: {
    accountId: string;
    reason: string;
    credentialsFingerprint: string;
  }): Promise<void> {
    const at = this.options.clock.now();
    const current = this.view.account(accountId) ?? { accountId, enabled: true };
    this.view.putAccount({
      ...current,
      enabled: false,
      disabledReason: reason,
      disabledAt: at,
      credentialsFingerprint,
    });
    // Rare, and it matters to every process: tried even while the store is failing.
    try {
      await this.options.store.disableAccount({ accountId, reason, at, credentialsFingerprint });
      this.storeHealth.succeeded();
    } catch (error) {
      this.storeHealth.failed('disable an account', error);
    }
  }

  /**
   * One outcome (or a batch of successes) to the store; the row as stored, with every writer's
   * outcomes in it, replaces the view's.
   */
  private async write({
    accountId,
    model,
    at,
    outcome,
    known,
  }: {
    accountId: string;
    model: string;
    at: number;
    outcome: RecordedOutcome;
    known: ModelState | undefined;
  }): Promise<void> {
    const { halfLifeMs, store } = this.options;
    try {
      this.view.putModel(await store.recordOutcome({ accountId, model, at, halfLifeMs, outcome, known }));
      this.storeHealth.succeeded();
    } catch (error) {
      this.storeHealth.failed('record an outcome', error);
    }
  }

  /** One read at a time, however many requests ask for it. */
  private startRefresh(): Promise<void> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<void> {
    const [accounts, snapshot] = await Promise.all([
      this.options.listAccounts(),
      this.options.store.readPool().catch((error: unknown) => {
        this.storeHealth.failed('read the pool state', error);
        return undefined;
      }),
    ]);
    this.accounts = accounts;
    if (snapshot) {
      this.view.replace(snapshot);
      this.storeHealth.succeeded();
    }
    this.refreshedAt = this.options.clock.now();
  }
}
