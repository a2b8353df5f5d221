import type { AbortSignalLike } from '../core/light-abort-controller.js';

/**
 * Lets one caller stop waiting for work it shares with others (a token refresh, a project discovery)
 * without cancelling that work for the rest.
 */
export function raceAbort<T>({
  promise,
  signal,
}: {
  promise: Promise<T>;
  signal: AbortSignalLike;
}): Promise<T> {
  if (signal.aborted) {
    // The work goes on for the others who share it; this caller no longer hears how it ends.
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
