import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';

function draw(seed: number, count: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => random.next());
}

describe('createSeededRandom', () => {
  it('repeats its sequence for the same seed', () => {
    // Prepare
    const first = draw(7, 5);

    // Act
    const second = draw(7, 5);

    // Assess
    expect(second).toStrictEqual(first);
  });

  it('gives a different sequence for another seed', () => {
    // Act
    const [a, b] = [draw(7, 5), draw(8, 5)];

    // Assess
    expect(a).not.toStrictEqual(b);
  });

  it('draws uniformly in [0, 1)', () => {
    // Prepare
    const draws = draw(1, 100_000);
    const buckets = Array.from({ length: 10 }, () => 0);

    // Act
    for (const value of draws) buckets[Math.floor(value * 10)] = (buckets[Math.floor(value * 10)] ?? 0) + 1;

    // Assess: each tenth holds 10,000 ± 300 (about three standard deviations of a uniform source)
    expect(draws.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(buckets.every((count) => Math.abs(count - 10_000) < 300)).toBe(true);
  });
});
