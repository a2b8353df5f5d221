/**
 * A small seeded PRNG (mulberry32) behind the Random port, for tests and the routing simulator: the
 * same seed gives the same sequence on every machine. Not for anything that needs to be unguessable.
 */
import type { Random } from '../core/ports.js';

/**
 * @example
 * const random = createSeededRandom(42);
 * random.next(); // always the same first draw for seed 42
 */
export function createSeededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
      mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
      return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
    },
  };
}
