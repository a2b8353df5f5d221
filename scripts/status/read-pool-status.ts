/**
 * The pool's status from a target: its accounts and one read of the pool table, summarised at `now`
 * with the gateway's own decay half-life.
 */
import { defaultPoolConfig } from '../../lambda/pool/pool-config.js';
import type { AccountTarget } from '../targets/account-target.js';
import { type AccountStatus, summarizePool } from './summarize-pool.js';

/** @example const statuses = await readPoolStatus({ target, now: clock.now() }); */
export async function readPoolStatus({
  target,
  now,
}: {
  target: AccountTarget;
  now: number;
}): Promise<AccountStatus[]> {
  const accounts = await target.listAccounts();
  const snapshot = await target.withPool((pool) => pool.store.readPool());
  return summarizePool({ accounts, snapshot, now, halfLifeMs: defaultPoolConfig.halfLifeMs });
}
