import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decayedValue, decayWeight, rebaseAfterHalfLives, shouldRebase } from './forward-decay.js';

const halfLifeMs = 600_000;

describe('forward decay', () => {
  it('halves a count every half-life', () => {
    // Prepare
    const epoch = 1_000_000;

    // Act
    const values = [0, 1, 2, 3].map((halfLives) =>
      decayedValue({ sum: 8, epoch, now: epoch + halfLives * halfLifeMs, halfLifeMs }),
    );

    // Assess
    expect(values).toStrictEqual([8, 4, 2, 1]);
  });

  it('weighs an outcome one half-life after the landmark twice', () => {
    // Act
    const weight = decayWeight({ at: 5 * halfLifeMs, epoch: 4 * halfLifeMs, halfLifeMs });

    // Assess
    expect(weight).toBe(2);
  });

  it('gives the same decayed count as decaying each outcome on its own, whatever the landmark', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 * halfLifeMs }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: -5 * halfLifeMs, max: 5 * halfLifeMs }),
        (times, landmarkShift) => {
          // Prepare
          const epoch = Math.min(...times) + landmarkShift;
          const now = Math.max(...times);
          const direct = times.reduce((total, at) => total + 2 ** (-(now - at) / halfLifeMs), 0);

          // Act
          const sum = times.reduce((total, at) => total + decayWeight({ at, epoch, halfLifeMs }), 0);
          const forward = decayedValue({ sum, epoch, now, halfLifeMs });

          // Assess
          expect(Math.abs(forward - direct)).toBeLessThan(1e-9 * times.length);
        },
      ),
    );
  });

  it('asks for a rebase once the landmark is old enough', () => {
    // Prepare
    const threshold = rebaseAfterHalfLives * halfLifeMs;

    // Act
    const answers = [threshold - 1, threshold].map((at) => shouldRebase({ at, epoch: 0, halfLifeMs }));

    // Assess
    expect(answers).toStrictEqual([false, true]);
  });
});
