import { describe, expect, it } from 'vitest';
import { parseGoogleDuration } from './parse-google-duration.js';

describe('parseGoogleDuration', () => {
  it.each([
    ['30s', 30_000],
    ['0.53s', 530],
    ['1.5s', 1_500],
    ['2m', 120_000],
    ['1h2m3.5s', 3_723_500],
    ['500ms', 500],
    ['0.000001s', 1],
    [' 12s ', 12_000],
  ])('reads %s as %d ms', (text, expected) => {
    // Act
    const milliseconds = parseGoogleDuration({ text });

    // Assess
    expect(milliseconds).toStrictEqual(expected);
  });

  it.each(['', 's', '30', 'soon', '-5s', '30 s', '1.s'])('rejects %j', (text) => {
    expect(parseGoogleDuration({ text })).toStrictEqual(undefined);
  });
});
