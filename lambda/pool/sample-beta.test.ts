import { describe, expect, it } from 'vitest';
import { sampleBeta, sampleGamma, sampleStandardNormal } from './sample-beta.js';
import { createSeededRandom } from './seeded-random.js';

const sampleCount = 40_000;

function summarise(draws: number[]): { mean: number; variance: number } {
  const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
  const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (draws.length - 1);
  return { mean, variance };
}

function repeat(draw: () => number): number[] {
  return Array.from({ length: sampleCount }, draw);
}

describe('sampleStandardNormal', () => {
  it('has mean 0 and variance 1', () => {
    // Prepare
    const random = createSeededRandom(11);

    // Act
    const { mean, variance } = summarise(repeat(() => sampleStandardNormal(random)));

    // Assess: the mean's standard error is 1/√40000 = 0.005
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });
});

describe('sampleGamma', () => {
  it.each([1, 2.5, 30])('matches mean and variance of Gamma(%d, 1)', (shape) => {
    // Prepare
    const random = createSeededRandom(shape * 100);

    // Act
    const { mean, variance } = summarise(repeat(() => sampleGamma({ shape, random })));

    // Assess: mean = variance = shape; bounds are about four standard errors
    expect(Math.abs(mean - shape) / shape).toBeLessThan(0.03);
    expect(Math.abs(variance - shape) / shape).toBeLessThan(0.06);
  });

  it('refuses shapes below 1', () => {
    // Prepare
    const random = createSeededRandom(1);

    // Act
    const act = () => sampleGamma({ shape: 0.5, random });

    // Assess
    expect(act).toThrow(new RangeError('Gamma shape must be at least 1, got 0.5'));
  });
});

describe('sampleBeta', () => {
  it.each([
    [1, 1],
    [3, 5],
    [200, 4],
  ])('matches mean and variance of Beta(%d, %d)', (alpha, beta) => {
    // Prepare
    const random = createSeededRandom(alpha * 1000 + beta);
    const expectedMean = alpha / (alpha + beta);
    const expectedVariance = (alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1));

    // Act
    const draws = repeat(() => sampleBeta({ alpha, beta, random }));
    const { mean, variance } = summarise(draws);

    // Assess
    expect(draws.every((value) => value > 0 && value < 1)).toBe(true);
    expect(Math.abs(mean - expectedMean)).toBeLessThan(4 * Math.sqrt(expectedVariance / sampleCount));
    expect(Math.abs(variance - expectedVariance) / expectedVariance).toBeLessThan(0.05);
  });

  it('draws Beta(1, 1) uniformly', () => {
    // Prepare
    const random = createSeededRandom(5);
    const quarters = [0, 0, 0, 0];

    // Act
    for (const value of repeat(() => sampleBeta({ alpha: 1, beta: 1, random }))) {
      const quarter = Math.floor(value * 4);
      quarters[quarter] = (quarters[quarter] ?? 0) + 1;
    }

    // Assess: each quarter holds 10,000 ± 350 (about four standard deviations)
    expect(quarters.every((count) => Math.abs(count - sampleCount / 4) < 350)).toBe(true);
  });
});
