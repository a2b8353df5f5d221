import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';
import { type SelectionCandidate, selectByThompsonSampling } from './thompson-sampler.js';

function shares(candidates: SelectionCandidate[], rounds: number, seed: number): Record<string, number> {
  const random = createSeededRandom(seed);
  const counts: Record<string, number> = Object.fromEntries(
    candidates.map(({ accountId }) => [accountId, 0]),
  );
  for (let round = 0; round < rounds; round += 1) {
    const chosen = selectByThompsonSampling({ candidates, random });
    counts[chosen] = (counts[chosen] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([accountId, count]) => [accountId, count / rounds]));
}

describe('selectByThompsonSampling', () => {
  it('spreads traffic evenly across accounts with the same evidence', () => {
    // Act
    const result = shares(
      ['a', 'b', 'c', 'd'].map((accountId) => ({ accountId, successes: 20, failures: 2 })),
      20_000,
      1,
    );

    // Assess: 25% each, within about four standard deviations
    expect(Object.values(result).every((share) => Math.abs(share - 0.25) < 0.013)).toBe(true);
  });

  it('sends almost everything to a proven account over a failing one', () => {
    // Act
    const result = shares(
      [
        { accountId: 'good', successes: 50, failures: 1 },
        { accountId: 'bad', successes: 5, failures: 30 },
      ],
      10_000,
      2,
    );

    // Assess
    expect(result.good).toBeGreaterThan(0.999);
  });

  it('still explores an account it knows nothing about', () => {
    // Act
    const result = shares(
      [
        { accountId: 'known', successes: 9, failures: 1 },
        { accountId: 'new', successes: 0, failures: 0 },
      ],
      10_000,
      3,
    );

    // Assess: P(U > Beta(10, 2)) = 1/6 for a uniform draw U
    expect(Math.abs((result.new ?? 0) - 1 / 6)).toBeLessThan(0.015);
  });

  it('returns the only candidate', () => {
    // Act
    const chosen = selectByThompsonSampling({
      candidates: [{ accountId: 'only', successes: 0, failures: 100 }],
      random: createSeededRandom(4),
    });

    // Assess
    expect(chosen).toBe('only');
  });

  it('refuses to choose from nobody', () => {
    // Act
    const act = () => selectByThompsonSampling({ candidates: [], random: createSeededRandom(5) });

    // Assess
    expect(act).toThrow(RangeError);
  });
});
