/**
 * Upstream timeouts. Before the first good event one fixed deadline runs (Google may think for a while
 * but must answer in time); afterwards the idle deadline runs only while the gateway is waiting for
 * Google's next bytes, so a slow client reading at its own pace never counts as a stalled upstream.
 * Real timers: these are the one place a test waits for wall time.
 *
 * A stream waits for Google hundreds of times a second, so a wait does not arm a timer of its own: it
 * notes when it began, and one timer, when it fires, either finds the wait still going past the
 * deadline or sleeps until the current wait's deadline. That timer is the first-event deadline's, kept
 * on after the first event while it is due before the wait's deadline: on Node 20 arming a timer costs
 * about 0.5 µs.
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
  /** When `timer` fires, on `performance.now()`'s clock. */
  let timerDueAt = 0;
  let firstEvent: { deadline: number; timeoutMs: number } | undefined;
  let idleTimeoutMs: number | undefined;
  /** When the current wait for Google's bytes began; undefined while the gateway is not waiting. */
  let waitingSince: number | undefined;
  const arm = (delayMs: number) => {
    timerDueAt = performance.now() + delayMs;
    timer = setTimeout(check, delayMs);
  };
  const clear = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  function check(): void {
    timer = undefined;
    const now = performance.now();
    if (firstEvent) {
      if (now >= firstEvent.deadline) onTimeout('first-event', firstEvent.timeoutMs);
      else arm(firstEvent.deadline - now);
      return;
    }
    if (idleTimeoutMs === undefined || waitingSince === undefined) return;
    const waitedMs = now - waitingSince;
    if (waitedMs >= idleTimeoutMs) onTimeout('idle', idleTimeoutMs);
    else arm(idleTimeoutMs - waitedMs);
  }
  return {
    startFirstEvent: (timeoutMs) => {
      clear();
      firstEvent = { deadline: performance.now() + timeoutMs, timeoutMs };
      arm(timeoutMs);
    },
    switchToIdle: (timeoutMs) => {
      // The first-event timer stays: when it fires it checks the wait in progress, so a short answer
      // (one wait after its first event) costs one timer, not two.
      firstEvent = undefined;
      idleTimeoutMs = timeoutMs;
    },
    waiting: () => {
      if (idleTimeoutMs === undefined) return;
      waitingSince = performance.now();
      // A timer due after this wait's deadline would fire too late.
      if (timer !== undefined && timerDueAt <= waitingSince + idleTimeoutMs) return;
      clear();
      arm(idleTimeoutMs);
    },
    received: () => {
      waitingSince = undefined;
    },
    stop: () => {
      clear();
      firstEvent = undefined;
      idleTimeoutMs = undefined;
      waitingSince = undefined;
    },
  };
}
