import { describe, expect, it } from 'vitest';
import { randomId } from './random-id.js';

describe('randomId', () => {
  it('gives 24 hex digits, different each time', () => {
    // Act
    const ids = Array.from({ length: 1_000 }, randomId);

    // Assess
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
