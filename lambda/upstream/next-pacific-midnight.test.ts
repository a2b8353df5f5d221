import { describe, expect, it } from 'vitest';
import { nextPacificMidnight } from './next-pacific-midnight.js';

describe('nextPacificMidnight', () => {
  it.each([
    ['winter (PST, UTC-8)', '2026-01-15T20:00:00Z', '2026-01-16T08:00:00Z'],
    ['summer (PDT, UTC-7)', '2026-07-04T12:00:00Z', '2026-07-05T07:00:00Z'],
    ['late evening Pacific, already the next UTC day', '2026-07-05T06:30:00Z', '2026-07-05T07:00:00Z'],
    ['exactly midnight Pacific: the next one', '2026-07-05T07:00:00Z', '2026-07-06T07:00:00Z'],
    ['the day DST starts (a 23-hour day)', '2026-03-08T12:00:00Z', '2026-03-09T07:00:00Z'],
    ['the evening before DST starts (still PST)', '2026-03-08T07:30:00Z', '2026-03-08T08:00:00Z'],
    ['the day DST ends (a 25-hour day)', '2026-11-01T12:00:00Z', '2026-11-02T08:00:00Z'],
    ['the evening before DST ends', '2026-11-01T05:00:00Z', '2026-11-01T07:00:00Z'],
    ['new year', '2026-12-31T23:00:00Z', '2027-01-01T08:00:00Z'],
    ['leap day', '2028-02-28T20:00:00Z', '2028-02-29T08:00:00Z'],
  ])('%s', (_label, now, expected) => {
    // Act
    const midnight = nextPacificMidnight({ now: Date.parse(now) });

    // Assess
    expect(new Date(midnight).toISOString()).toStrictEqual(new Date(expected).toISOString());
  });
});
