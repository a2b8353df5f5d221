/**
 * Upstream timeouts. Before the first good event one fixed deadline runs (Google may think for a while
 * but must answer in time); afterwards the idle deadline runs only while the gateway is waiting for
 * Google's next bytes, so a slow client reading at its own pace never counts as a stalled upstream.
 * Real timers: these are the one place a test waits for wall time.
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
  const clear = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const arm = (phase: WatchdogPhase, timeoutMs: number) => {
    clear();
    timer = setTimeout(() => onTimeout(phase, timeoutMs), timeoutMs);
  };
  return {
    startFirstEvent: (timeoutMs) => arm('first-event', timeoutMs),
    switchToIdle: (timeoutMs) => {
      clear();
      idleTimeoutMs = timeoutMs;
    },
    waiting: () => {
      if (idleTimeoutMs !== undefined) arm('idle', idleTimeoutMs);
    },
    received: () => {
      if (idleTimeoutMs !== undefined) clear();
    },
    stop: () => {
      clear();
      idleTimeoutMs = undefined;
    },
  };
}
