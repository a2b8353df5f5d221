import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWatchdog, type WatchdogPhase } from './watchdog.js';

describe('createWatchdog', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const start = () => {
    const timeouts: Array<[WatchdogPhase, number]> = [];
    const watchdog = createWatchdog({ onTimeout: (phase, ms) => timeouts.push([phase, ms]) });
    return { watchdog, timeouts };
  };

  it('fires the first-event deadline once it has passed', () => {
    // Prepare
    const { watchdog, timeouts } = start();
    watchdog.startFirstEvent(100);

    // Act
    vi.advanceTimersByTime(99);
    const before = [...timeouts];
    vi.advanceTimersByTime(1);

    // Assess
    expect({ before, after: timeouts }).toStrictEqual({ before: [], after: [['first-event', 100]] });
  });

  it('never fires the first-event deadline after switching to idle', () => {
    // Prepare
    const { watchdog, timeouts } = start();
    watchdog.startFirstEvent(100);
    watchdog.switchToIdle(50);

    // Act
    vi.advanceTimersByTime(1_000);

    // Assess
    expect(timeouts).toStrictEqual([]);
  });

  it('fires when one wait for Google lasts the idle timeout, measured from that wait’s start', () => {
    // Prepare: many short waits, each under the timeout, then one that stalls.
    const { watchdog, timeouts } = start();
    watchdog.switchToIdle(60);
    for (let read = 0; read < 10; read += 1) {
      watchdog.waiting();
      vi.advanceTimersByTime(10);
      watchdog.received();
    }
    watchdog.waiting();

    // Act
    vi.advanceTimersByTime(59);
    const before = [...timeouts];
    vi.advanceTimersByTime(1);

    // Assess
    expect({ before, after: timeouts }).toStrictEqual({ before: [], after: [['idle', 60]] });
  });

  it('does not count the time between reads (a slow client) as waiting', () => {
    // Prepare
    const { watchdog, timeouts } = start();
    watchdog.switchToIdle(60);
    watchdog.waiting();
    vi.advanceTimersByTime(10);
    watchdog.received();

    // Act
    vi.advanceTimersByTime(500);
    watchdog.waiting();
    vi.advanceTimersByTime(59);
    watchdog.received();
    vi.advanceTimersByTime(500);

    // Assess
    expect(timeouts).toStrictEqual([]);
  });

  it('arms one timer for a short answer, and still fires at the idle deadline', () => {
    // Prepare
    const { watchdog, timeouts } = start();
    const armed = vi.spyOn(globalThis, 'setTimeout');
    watchdog.startFirstEvent(100);
    vi.advanceTimersByTime(10);
    watchdog.switchToIdle(100);

    // Act
    watchdog.waiting();
    const armedBeforeFiring = armed.mock.calls.length;
    vi.advanceTimersByTime(99);
    const before = [...timeouts];
    vi.advanceTimersByTime(1);

    // Assess: the first-event timer fired at 100 ms, found the wait 90 ms old, and waited on to 110.
    expect({ armedBeforeFiring, before, after: timeouts }).toStrictEqual({
      armedBeforeFiring: 1,
      before: [],
      after: [['idle', 100]],
    });
  });

  it('fires at the idle deadline when it comes before the first-event timer would', () => {
    // Prepare
    const { watchdog, timeouts } = start();
    watchdog.startFirstEvent(1_000);
    watchdog.switchToIdle(50);

    // Act
    watchdog.waiting();
    vi.advanceTimersByTime(49);
    const before = [...timeouts];
    vi.advanceTimersByTime(1);

    // Assess
    expect({ before, after: timeouts }).toStrictEqual({ before: [], after: [['idle', 50]] });
  });

  it('fires nothing once stopped', () => {
    // Prepare
    const { watchdog, timeouts } = start();
    watchdog.switchToIdle(60);
    watchdog.waiting();

    // Act
    watchdog.stop();
    vi.advanceTimersByTime(1_000);

    // Assess
    expect(timeouts).toStrictEqual([]);
  });
});
