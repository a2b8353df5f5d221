import { describe, expect, it } from 'vitest';
import { readCpuMs, readPeakRssBytes, readRssBytes, resetPeakRss } from './process-stats.js';

describe('process stats from /proc', () => {
  it("reads this process's CPU time, which never goes back", () => {
    // Act
    const first = readCpuMs(process.pid);
    const second = readCpuMs(process.pid);

    // Assess
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThanOrEqual(first);
  });

  it('reads the resident set and a peak that covers it, before and after a reset', () => {
    // Act
    const current = readRssBytes(process.pid);
    const peak = readPeakRssBytes(process.pid);
    resetPeakRss(process.pid);
    const currentAfterReset = readRssBytes(process.pid);
    const peakAfterReset = readPeakRssBytes(process.pid);

    // Assess
    expect(current).toBeGreaterThan(0);
    expect(peak).toBeGreaterThanOrEqual(current);
    expect(peakAfterReset).toBeGreaterThanOrEqual(currentAfterReset);
  });
});
