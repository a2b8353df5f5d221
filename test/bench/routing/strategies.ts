/**
 * The routers the benchmark compares. "Thompson sampling (ours)" is the real AccountPool (selection,
 * freeze policy, failover, short waits) over a memory store; the "+ freezes" rows are the same pool
 * with another selector, to show what the selection adds over the freeze policy alone. Round-robin and
 * random are plain balancers with the same failover budget but no memory; the oracle knows every
 * account's hidden success rate and limits.
 */

import type { Random } from '../../../lambda/core/ports.js';
import { AccountPool } from '../../../lambda/pool/account-pool.js';
import { MemoryPoolStore } from '../../../lambda/pool/memory-pool-store.js';
import { defaultPoolConfig } from '../../../lambda/pool/pool-config.js';
import type { AccountSelector } from '../../../lambda/pool/thompson-sampler.js';
import { UpstreamError } from '../../../lambda/upstream/upstream-error.js';
import type { TestClock } from '../../fakes/test-clock.js';
import type { Scenario } from './scenario.js';
import type { SimulatedAccount } from './simulated-account.js';

/** Calls one account: resolves when it served, rejects with an UpstreamError when it did not. */
export type CallAccount = (accountId: string) => Promise<void>;

export interface StrategyContext {
  scenario: Scenario;
  clock: TestClock;
  accounts: readonly SimulatedAccount[];
  random: Random;
}

export interface Strategy {
  name: string;
  /** Serves one request; true when the client got an answer. */
  serve(call: CallAccount): Promise<boolean>;
}

export type StrategyFactory = (context: StrategyContext) => Strategy;

const requestTimeoutMs = 30_000;
const { maxAttempts } = defaultPoolConfig;

export const thompsonSampling: StrategyFactory = (context) =>
  createPoolStrategy('Thompson sampling (ours)', context);

export const roundRobinWithFreezes: StrategyFactory = (context) =>
  createPoolStrategy('round-robin + our freezes', context, createRoundRobinSelector(context.accounts));

export const randomWithFreezes: StrategyFactory = (context) =>
  createPoolStrategy('uniform random + our freezes', context, ({ candidates, random }) => {
    const chosen = candidates[Math.floor(random.next() * candidates.length)];
    if (!chosen) throw new RangeError('no candidate');
    return chosen.accountId;
  });

export const roundRobin: StrategyFactory = ({ accounts }) => {
  let cursor = 0;
  return {
    name: 'round-robin',
    serve(call) {
      const order = accounts.map((_, index) => accounts[(cursor + index) % accounts.length]?.id ?? '');
      cursor = (cursor + 1) % accounts.length;
      return tryInOrder(order, call);
    },
  };
};

export const uniformRandom: StrategyFactory = ({ accounts, random }) => ({
  name: 'uniform random',
  serve(call) {
    return tryInOrder(
      shuffle(
        accounts.map((account) => account.id),
        random,
      ),
      call,
    );
  },
});

export const oracle: StrategyFactory = ({ accounts, clock }) => ({
  name: 'oracle (knows the hidden state)',
  serve(call) {
    const now = clock.now();
    const order = accounts
      .filter((account) => !account.isLimitedAt(now))
      .sort((left, right) => right.successRateAt(now) - left.successRateAt(now))
      .map((account) => account.id);
    return tryInOrder(order, call);
  },
});

function createPoolStrategy(name: string, context: StrategyContext, select?: AccountSelector): Strategy {
  const { scenario, clock, accounts, random } = context;
  const pool = new AccountPool({
    store: new MemoryPoolStore(),
    listAccounts: async () => accounts.map((account) => ({ id: account.id, backend: 'gemini-api' as const })),
    clock,
    random,
    ...(select ? { select } : {}),
  });
  const signal = new AbortController().signal;
  return {
    name,
    async serve(call) {
      try {
        const deadline = clock.now() + requestTimeoutMs;
        const lease = await pool.acquire({ model: scenario.model, signal, deadline }, ({ account }) =>
          call(account.id),
        );
        await lease.settle({ ok: true });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Round-robin over all accounts, skipping those the pool does not offer (frozen, already tried). */
function createRoundRobinSelector(accounts: readonly SimulatedAccount[]): AccountSelector {
  let cursor = 0;
  return ({ candidates }) => {
    for (let step = 0; step < accounts.length; step += 1) {
      const id = accounts[(cursor + step) % accounts.length]?.id;
      if (candidates.some((candidate) => candidate.accountId === id) && id !== undefined) {
        cursor = (cursor + step + 1) % accounts.length;
        return id;
      }
    }
    throw new RangeError('no candidate');
  };
}

/** Failover without memory: the next account in `order` after each failure, within the same budget. */
async function tryInOrder(order: readonly string[], call: CallAccount): Promise<boolean> {
  for (const accountId of order.slice(0, maxAttempts)) {
    try {
      await call(accountId);
      return true;
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
    }
  }
  return false;
}

/** Fisher–Yates on a copy. */
function shuffle<T>(items: readonly T[], random: Random): T[] {
  const shuffled = [...items];
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random.next() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other] as T, shuffled[index] as T];
  }
  return shuffled;
}
