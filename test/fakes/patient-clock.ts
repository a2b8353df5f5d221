/**
 * A clock for tests about waiting on a person (a sign-in): time stands still and `sleep` never ends
 * until its signal aborts, so a timeout can never win a race the test did not mean it to.
 */
import type { Clock } from '../../lambda/core/ports.js';

export function createPatientClock({ now }: { now: number }): Clock {
  return {
    now: () => now,
    sleep: (_ms, signal) =>
      new Promise((_resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
  };
}
