/**
 * The pool (DESIGN.md §5): picks an account by Thompson sampling over its decayed successes and
 * failures for the model, runs the router's attempt on it, and on a retryable failure freezes it (or
 * disables it) and fails over to the next-best account, within the attempt budget and the request
 * deadline. Nothing reaches the client before `acquire` resolves, so failover never duplicates text.
 *
 * Hot path: about one read of the shared state per `stateCacheMs` per process (started in the
 * background before the cache expires, so under steady traffic no request waits for it), one write per
 * outcome, awaited (Lambda does not wait for stray work); successes merged while a write is in flight
 * or, in a long-running process, within `successWriteSpacingMs`. Bookkeeping never fails a request (see
 * pool-ledger.ts).
 */

import { HttpError } from '../core/http-error.js';
import {
  type Clock,
  type Logger,
  mathRandom,
  type Random,
  silentLogger,
  systemClock,
} from '../core/ports.js';
import type { Account } from '../credentials/account.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import { decayedCounts } from './apply-outcome.js';
import { assertNever } from './assert-never.js';
import { fingerprintCredentials } from './fingerprint-credentials.js';
import { formatDuration } from './format-duration.js';
import { judgeFailure } from './freeze-policy.js';
import type { AcquireInput, AttemptContext, Lease, Outcome, Pool } from './pool.js';
import { defaultPoolConfig, type PoolConfig } from './pool-config.js';
import {
  accountsUnavailableError,
  allDisabledError,
  coolingDownError,
  deadlineError,
  modelNotServedError,
  noAccountsError,
} from './pool-errors.js';
import type { PoolEvent } from './pool-events.js';
import { PoolLedger } from './pool-ledger.js';
import type { PoolStore } from './pool-store.js';
import { type AccountSelector, selectByThompsonSampling } from './thompson-sampler.js';

export interface AccountPoolOptions {
  store: PoolStore;
  /**
   * The accounts to route over (locally the account files, on AWS the registry and its secrets).
   * Called once per `stateCacheMs`; its failure fails the request, so cache inside it if it is slow.
   */
  listAccounts: () => Promise<Account[]>;
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  config?: Partial<PoolConfig>;
  /** How to pick among the available accounts: Thompson sampling, unless the routing benchmark compares another. */
  select?: AccountSelector;
  /** Told of attempts, freezes, disables and all-frozen answers (metrics); must not throw. */
  onEvent?: (event: PoolEvent) => void;
}

export class AccountPool implements Pool {
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly logger: Logger;
  private readonly config: PoolConfig;
  private readonly select: AccountSelector;
  private readonly ledger: PoolLedger;
  private readonly onEvent: (event: PoolEvent) => void;

  /**
   * @example
   * const pool = new AccountPool({ store, listAccounts: () => accountStore.list(), logger });
   * const lease = await pool.acquire({ model, signal, deadline }, ({ account, signal }) => upstream.open({ account, request, signal }));
   * try { await forward(lease.value); await lease.settle({ ok: true }); } catch (error) { await lease.settle({ ok: false, error }); }
   */
  constructor(options: AccountPoolOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? mathRandom;
    this.logger = options.logger ?? silentLogger;
    this.config = { ...defaultPoolConfig, ...options.config };
    this.select = options.select ?? selectByThompsonSampling;
    this.onEvent = options.onEvent ?? (() => {});
    this.ledger = new PoolLedger({
      store: options.store,
      listAccounts: options.listAccounts,
      clock: this.clock,
      logger: this.logger,
      halfLifeMs: this.config.halfLifeMs,
      stateCacheMs: this.config.stateCacheMs,
      successWriteSpacingMs: this.config.successWriteSpacingMs,
    });
  }

  /**
   * Writes the successes the spacing holds back and waits for the store work in flight: call before
   * closing the store, and on Lambda after each request (pool-ledger.ts says why).
   */
  flush(): Promise<void> {
    return this.ledger.flush();
  }

  async acquire<T>(input: AcquireInput, attempt: (context: AttemptContext) => Promise<T>): Promise<Lease<T>> {
    const { model, signal, deadline } = input;
    const tried = new Set<string>();
    let attempts = 0;
    /** Google's answers in this request, in order. */
    const failures: UpstreamError[] = [];
    for (;;) {
      signal.throwIfAborted();
      const candidates = this.candidatesFor(model, await this.listAccounts());
      const now = this.clock.now();
      // Every account once, at most maxAttempts; an account disabled meanwhile still counts as tried.
      const accountCount = new Set([...tried, ...candidates.map(({ id }) => id)]).size;
      if (attempts >= Math.min(this.config.maxAttempts, accountCount) || now >= deadline) {
        throw this.cannotServe({ model, candidates, now, failures });
      }
      const ready = candidates.filter((account) => this.frozenUntil(account, model) <= now);
      const untried = ready.filter((account) => !tried.has(account.id));
      // Untried accounts first; once none is left, one that failed here already but has thawed since
      // (a transient error, a sub-second rate limit) beats answering 429.
      const choices = untried.length > 0 ? untried : ready;
      if (choices.length === 0) {
        const soonest = Math.min(...candidates.map((account) => this.frozenUntil(account, model)));
        if (soonest - now > this.config.shortWaitMs || soonest >= deadline) {
          throw this.cannotServe({ model, candidates, now, failures });
        }
        await this.clock.sleep(soonest - now, signal);
        continue;
      }
      const account = this.pick(choices, model, now);
      tried.add(account.id);
      attempts += 1;
      this.onEvent({ kind: 'attempt', accountId: account.id, model, attempt: attempts });
      try {
        const value = await attempt({ account, attempt: attempts, signal });
        return this.lease({ value, account, model, attempts });
      } catch (error) {
        // Not Google's answer (a bug, or the client went away): nothing to learn about the account.
        if (!(error instanceof UpstreamError) || signal.aborted || error.isClientFault) throw error;
        await this.settle({ account, model, outcome: { ok: false, error } });
        failures.push(error);
      }
    }
  }

  /** The configured accounts; when they cannot be listed (the registry's store is down), a 503 saying so. */
  private async listAccounts(): Promise<Account[]> {
    try {
      return await this.ledger.currentAccounts();
    } catch (error) {
      if (error instanceof HttpError) throw error;
      this.logger.error('cannot list the accounts', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      throw accountsUnavailableError(error);
    }
  }

  /** The configured accounts that may serve `model`, or the error that says why there are none. */
  private candidatesFor(model: string, accounts: readonly Account[]): Account[] {
    if (accounts.length === 0) throw noAccountsError();
    const serving = accounts.filter(
      (account) => account.models === undefined || account.models.includes(model),
    );
    if (serving.length === 0) throw modelNotServedError(model);
    // Disabled accounts still serve the model on paper: the answer is "disabled", not "unknown model".
    const enabled = serving.filter((account) => this.ledger.account(account.id)?.enabled !== false);
    if (enabled.length === 0)
      throw allDisabledError(serving.flatMap(({ id }) => this.ledger.account(id) ?? []));
    return enabled;
  }

  /**
   * Every candidate frozen: 429 until the soonest thaw, unless this request met no rate limit, only
   * Google's trouble: then Google's last answer. Otherwise Google's last answer, or out of time.
   */
  private cannotServe({
    model,
    candidates,
    now,
    failures,
  }: {
    model: string;
    candidates: readonly Account[];
    now: number;
    failures: readonly UpstreamError[];
  }): Error {
    const lastError = failures.at(-1);
    // When this request met only Google's own trouble (5xx, timeouts, broken streams), say so
    // (502/503/504) rather than that the client is going too fast.
    if (lastError && !failures.some(isRateLimit)) return lastError;
    const thaws = candidates.map((account) => this.frozenUntil(account, model));
    if (thaws.every((thaw) => thaw > now)) {
      this.onEvent({ kind: 'all-frozen', model });
      const retryAfterMs = Math.min(...thaws) - now;
      return coolingDownError({ model, accountCount: candidates.length, retryAfterMs, cause: lastError });
    }
    return lastError ?? deadlineError();
  }

  private pick(choices: readonly Account[], model: string, now: number): Account {
    const candidates = choices.map(({ id }) => {
      const state = this.ledger.model(id, model);
      const { halfLifeMs } = this.config;
      const counts = state ? decayedCounts({ state, now, halfLifeMs }) : { successes: 0, failures: 0 };
      // Named, not `{ accountId, ...counts }`: a spread after a key is copied in V8's runtime on Node 20.
      return { accountId: id, successes: counts.successes, failures: counts.failures };
    });
    const chosenId = this.select({ candidates, random: this.random });
    const chosen = choices.find((account) => account.id === chosenId);
    if (!chosen) throw new Error(`the account selector chose '${chosenId}', which was not a candidate`);
    return chosen;
  }

  private frozenUntil(account: Account, model: string): number {
    return this.ledger.model(account.id, model)?.frozenUntil ?? 0;
  }

  private lease<T>({
    value,
    account,
    model,
    attempts,
  }: {
    value: T;
    account: Account;
    model: string;
    attempts: number;
  }): Lease<T> {
    let settled = false;
    return {
      value,
      account,
      attempts,
      settle: async (outcome) => {
        if (settled) return;
        settled = true;
        await this.settle({ account, model, outcome });
      },
    };
  }

  /** Turns an outcome into bookkeeping: a success, a freeze or a disable, each logged once; never throws. */
  private async settle({
    account,
    model,
    outcome,
  }: {
    account: Account;
    model: string;
    outcome: Outcome;
  }): Promise<void> {
    if (outcome.ok) {
      await this.ledger.record({ accountId: account.id, model, outcome });
      return;
    }
    const { error } = outcome;
    const now = this.clock.now();
    const verdict = judgeFailure({
      error,
      consecutiveFailures: (this.ledger.model(account.id, model)?.consecutiveFailures ?? 0) + 1,
      now,
      config: this.config,
      random: this.random,
    });
    switch (verdict.action) {
      case 'none':
        return;
      case 'disable':
        this.logger.error(`account ${account.id} disabled: ${verdict.reason}`, { accountId: account.id });
        this.onEvent({ kind: 'disable', accountId: account.id });
        await this.ledger.disable({
          accountId: account.id,
          reason: verdict.reason,
          // So that new credentials can be told from the refused ones (lambda/local re-enables on them).
          credentialsFingerprint: fingerprintCredentials(account),
        });
        return;
      case 'freeze': {
        const { frozenUntil, cause } = verdict;
        this.logger.warn(
          `account ${account.id} frozen for model ${model} for ${formatDuration(frozenUntil - now)} (${cause})`,
          {
            accountId: account.id,
            model,
            failure: error.failure,
            frozenUntil: new Date(frozenUntil).toISOString(),
          },
        );
        this.onEvent({ kind: 'freeze', accountId: account.id, model, failure: error.failure, frozenUntil });
        const failure = { ok: false, failure: error.failure, frozenUntil } as const;
        await this.ledger.record({ accountId: account.id, model, outcome: failure });
        return;
      }
      default:
        assertNever(verdict);
    }
  }
}

function isRateLimit(error: UpstreamError): boolean {
  return error.failure === 'rate_limited' || error.failure === 'quota_exhausted';
}
