/**
 * Thompson sampling over the accounts that may serve a request (DESIGN.md §5): draw
 * Beta(1 + successes, 1 + failures) for each and take the highest draw. An account with little
 * evidence draws widely and so is still tried now and then; a proven one draws near its success rate.
 */
import type { Random } from '../core/ports.js';
import { sampleBeta } from './sample-beta.js';

/** An account the request may go to, with its decayed evidence for the model. */
export interface SelectionCandidate {
  accountId: string;
  successes: number;
  failures: number;
}

/** Picks one of at least one candidate and returns its id. */
export type AccountSelector = (input: {
  candidates: readonly SelectionCandidate[];
  random: Random;
}) => string;

/**
 * @example
 * selectByThompsonSampling({ candidates: [{ accountId: 'a', successes: 40, failures: 2 }, { accountId: 'b', successes: 0, failures: 0 }], random });
 */
export const selectByThompsonSampling: AccountSelector = ({ candidates, random }) => {
  let best: { accountId: string; draw: number } | undefined;
  for (const { accountId, successes, failures } of candidates) {
    const draw = sampleBeta({ alpha: 1 + successes, beta: 1 + failures, random });
    if (!best || draw > best.draw) best = { accountId, draw };
  }
  if (!best) throw new RangeError('Thompson sampling needs at least one candidate');
  return best.accountId;
};
