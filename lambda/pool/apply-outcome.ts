/**
 * The one definition of how an outcome changes a (account, model) row. The in-memory view, the
 * memory store and the DynamoDB store's rebase all use it; the DynamoDB store's ADD path writes the
 * same change as an update expression, and its tests compare the two.
 */
import { decayedValue, decayWeight, shouldRebase } from './forward-decay.js';
import type { ModelState, RecordedOutcome } from './pool-state.js';

/** A row for an (account, model) pair that has seen no outcome yet, landmarked at `at`. */
export function createModelState({
  accountId,
  model,
  at,
}: {
  accountId: string;
  model: string;
  at: number;
}): ModelState {
  return {
    accountId,
    model,
    epoch: at,
    successes: 0,
    failures: 0,
    frozenUntil: 0,
    consecutiveFailures: 0,
    version: 0,
  };
}

/**
 * The row after `outcome` at `at`: its weight added to the matching sum (after a rebase when the
 * landmark is old), consecutive failures counted or reset, a freeze only ever extended.
 *
 * @example
 * const next = applyOutcome({ state, outcome: { ok: false, failure: 'timeout', frozenUntil: now + 2_000 }, at: now, halfLifeMs });
 */
export function applyOutcome({
  state,
  outcome,
  at,
  halfLifeMs,
}: {
  state: ModelState;
  outcome: RecordedOutcome;
  at: number;
  halfLifeMs: number;
}): ModelState {
  const base = shouldRebase({ at, epoch: state.epoch, halfLifeMs })
    ? rebase({ state, to: at, halfLifeMs })
    : state;
  const weight = decayWeight({ at, epoch: base.epoch, halfLifeMs });
  const version = base.version + 1;
  if (outcome.ok) {
    // Field by field, not `{ ...base, successes, … }`: each row is a copy of the one before, and on
    // Node 20 V8 spreads a copy of a copy on its slow path (about 1 µs against 0.03), on every success.
    const next: ModelState = {
      accountId: base.accountId,
      model: base.model,
      epoch: base.epoch,
      successes: base.successes + weight * (outcome.count ?? 1),
      failures: base.failures,
      frozenUntil: base.frozenUntil,
      consecutiveFailures: 0,
      version,
    };
    if (base.lastFailure) next.lastFailure = base.lastFailure;
    return next;
  }
  return {
    ...base,
    failures: base.failures + weight,
    consecutiveFailures: base.consecutiveFailures + 1,
    frozenUntil: Math.max(base.frozenUntil, outcome.frozenUntil ?? 0),
    lastFailure: { failure: outcome.failure, at },
    version,
  };
}

/** The decayed success and failure counts at `now`, the Beta parameters' evidence. */
export function decayedCounts({
  state,
  now,
  halfLifeMs,
}: {
  state: ModelState;
  now: number;
  halfLifeMs: number;
}): { successes: number; failures: number } {
  return {
    successes: decayedValue({ sum: state.successes, epoch: state.epoch, now, halfLifeMs }),
    failures: decayedValue({ sum: state.failures, epoch: state.epoch, now, halfLifeMs }),
  };
}

function rebase({
  state,
  to,
  halfLifeMs,
}: {
  state: ModelState;
  to: number;
  halfLifeMs: number;
}): ModelState {
  return { ...state, ...decayedCounts({ state, now: to, halfLifeMs }), epoch: to };
}
