/**
 * Upstream timeouts. Before the first good event one fixed deadline runs (Google may think for a while
 * but must answer in time); afterwards the idle deadline runs only while the gateway is waiting for
 * Google's next bytes, so a slow client reading at its own pace never counts as a stalled upstream.
 * Real timers: these are the one place a test waits for wall time.
 *
 * A stream waits for Google hundreds of times a second, so a wait does not arm a timer of its own: it
 * notes when it began, and one timer, when it fires, either finds the wait still going past the
 * deadline or sleeps until the current wait's deadline.
 */
export type WatchdogPhase = 'first-event' | 'idle';

export interface Watchdog {
  /** Starts the first-event deadline. */
  startFirstEvent(timeoutMs: number): void;
  /** Ends the first-event deadline; from now on `waiting`/`received` bracket each read. */
  switchToIdle(timeoutMs: number): void;
  waiting(): void;
  received(): void;
  stop(): void;
}

export function createWatchdog({
  onTimeout,
}: {
  onTimeout: (phase: WatchdogPhase, timeoutMs: number) => void;
}): Watchdog {
  let timer: NodeJS.Timeout | undefined;
  let idleTimeoutMs: number | undefined;
  /** When the current wait for Google's bytes began; undefined while the gateway is not waiting. */
  let waitingSince: number | undefined;
  const clear = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const checkIdle = (timeoutMs: number) => {
    timer = undefined;
    if (waitingSince === undefined) return;
    const waitedMs = performance.now() - waitingSince;
    if (waitedMs >= timeoutMs) onTimeout('idle', timeoutMs);
    else timer = setTimeout(checkIdle, timeoutMs - waitedMs, timeoutMs);
  };
  return {
    startFirstEvent: (timeoutMs) => {
      clear();
      timer = setTimeout(() => onTimeout('first-event', timeoutMs), timeoutMs);
    },
    switchToIdle: (timeoutMs) => {
      clear();
      idleTimeoutMs = timeoutMs;
    },
    waiting: () => {
      if (idleTimeoutMs === undefined) return;
      waitingSince = performance.now();
      timer ??= setTimeout(checkIdle, idleTimeoutMs, idleTimeoutMs);
    },
    received: () => {
      waitingSince = undefined;
    },
    stop: () => {
      clear();
      idleTimeoutMs = undefined;
      waitingSince = undefined;
    },
  };
}
