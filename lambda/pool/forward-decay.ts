/**
 * Forward decay (Cormode et al., "Forward Decay: A Practical Time Decay Model for Streaming Systems",
 * ICDE 2009) with an exponential half-life. A count is stored as S = Σ 2^((tᵢ − E) / H) against a
 * landmark E, so recording an outcome is a plain ADD of its weight that commutes with every other
 * writer's ADD; the decayed count at `now` is S · 2^(−(now − E) / H). Weights grow as time passes the
 * landmark, so a row is rebased (E moved to now, S scaled down) once it is `rebaseAfterHalfLives` old.
 */

/** 2^16: stored sums stay within 65,536 × the live count, far from double and DynamoDB precision limits. */
export const rebaseAfterHalfLives = 16;

/** An outcome's time `at` against a sum's landmark `epoch`. */
export interface DecayMoment {
  at: number;
  epoch: number;
  halfLifeMs: number;
}

/** The weight an outcome at `at` adds to a sum landmarked at `epoch`. */
export function decayWeight({ at, epoch, halfLifeMs }: DecayMoment): number {
  return 2 ** ((at - epoch) / halfLifeMs);
}

/**
 * A sum landmarked at `epoch`, as a decayed count at `now` (or, equally, rebased to landmark `now`).
 *
 * @example
 * decayedValue({ sum: 4, epoch: 0, now: halfLifeMs, halfLifeMs }); // 2
 */
export function decayedValue({
  sum,
  epoch,
  now,
  halfLifeMs,
}: {
  sum: number;
  epoch: number;
  now: number;
  halfLifeMs: number;
}): number {
  return sum * 2 ** (-(now - epoch) / halfLifeMs);
}

/** Whether a row landmarked at `epoch` should be rebased before adding an outcome at `at`. */
export function shouldRebase({ at, epoch, halfLifeMs }: DecayMoment): boolean {
  return at - epoch >= rebaseAfterHalfLives * halfLifeMs;
}
