import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [530, '0.5s'],
    [1_250, '1.3s'],
    [30_000, '30s'],
    [59_600, '1m'],
    [150_000, '2m 30s'],
    [3_600_000, '1h'],
    [7 * 3_600_000 + 5 * 60_000 + 10_000, '7h 5m'],
  ])('writes %d ms as %s', (ms, expected) => {
    // Act
    const text = formatDuration(ms);

    // Assess
    expect(text).toBe(expected);
  });
});
