/**
 * The pool as an operator wants to see it: per account its switch, its token's expiry, and per model
 * what the router believes (the decayed successes and failures, and the success probability Thompson
 * sampling draws around), whether it is frozen and why. Pure: the caller reads the accounts and the
 * snapshot and passes the time.
 */
import type { BackendKind } from '../../lambda/credentials/account.js';
import { decayedCounts } from '../../lambda/pool/apply-outcome.js';
import type { PoolSnapshot } from '../../lambda/pool/pool-state.js';
import type { AccountSummary } from '../targets/account-target.js';

export interface ModelStatus {
  model: string;
  /** Mean of Beta(1 + successes, 1 + failures): the router's estimate of this account's success rate. */
  successProbability: number;
  /** Decayed counts (recent outcomes weigh more), two decimals. */
  successes: number;
  failures: number;
  consecutiveFailures: number;
  /** Present while frozen (epoch ms). */
  frozenUntil?: number;
  lastFailure?: { failure: string; at: number };
}

export interface AccountStatus {
  id: string;
  /** Absent for accounts the pool table knows but whose credentials are gone. */
  backend?: BackendKind;
  configured: boolean;
  enabled: boolean;
  disabledReason?: string;
  disabledAt?: number;
  tokenExpiresAt?: number;
  models: ModelStatus[];
}

/**
 * @example
 * const statuses = summarizePool({ accounts: await target.listAccounts(), snapshot: await store.readPool(), now, halfLifeMs });
 */
export function summarizePool({
  accounts,
  snapshot,
  now,
  halfLifeMs,
}: {
  accounts: readonly AccountSummary[];
  snapshot: PoolSnapshot;
  now: number;
  halfLifeMs: number;
}): AccountStatus[] {
  const configured = new Map(accounts.map((account) => [account.id, account]));
  const states = new Map(snapshot.accounts.map((state) => [state.accountId, state]));
  const ids = new Set([
    ...configured.keys(),
    ...states.keys(),
    ...snapshot.models.map((row) => row.accountId),
  ]);
  return [...ids].sort().map((id) => {
    const account = configured.get(id);
    const state = states.get(id);
    const models = snapshot.models
      .filter((row) => row.accountId === id)
      .sort((left, right) => left.model.localeCompare(right.model))
      .map((row): ModelStatus => {
        const { successes, failures } = decayedCounts({ state: row, now, halfLifeMs });
        return {
          model: row.model,
          successProbability: round((1 + successes) / (2 + successes + failures), 3),
          successes: round(successes, 2),
          failures: round(failures, 2),
          consecutiveFailures: row.consecutiveFailures,
          ...(row.frozenUntil > now ? { frozenUntil: row.frozenUntil } : {}),
          ...(row.lastFailure ? { lastFailure: row.lastFailure } : {}),
        };
      });
    return {
      id,
      ...(account ? { backend: account.backend } : {}),
      configured: account !== undefined,
      enabled: state?.enabled ?? true,
      ...(state?.disabledReason === undefined ? {} : { disabledReason: state.disabledReason }),
      ...(state?.disabledAt === undefined ? {} : { disabledAt: state.disabledAt }),
      ...(account?.tokenExpiresAt === undefined ? {} : { tokenExpiresAt: account.tokenExpiresAt }),
      models,
    };
  });
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
