/**
 * An AbortController for the request path. Node's AbortSignal is an EventTarget, and creating one and
 * adding and removing its listeners is slow: with two per request (the client's, and the attempt's on
 * Google's side), it took about a tenth of the CPU of a short request (counted in instructions with
 * callgrind, README "Performance"). This one keeps its listeners in an array.
 *
 * It does what the gateway and undici ask of a signal, and no more (`AbortSignalLike`). undici takes any
 * object with `addEventListener` and `removeEventListener` as a request's signal. A real AbortSignal
 * is an `AbortSignalLike` too, so tests and callers may pass one. There is no `AbortSignal.any` or
 * `timeout` for this one: where those are needed, use a real AbortController.
 *
 * @example
 * const controller = new LightAbortController();
 * controller.signal.addEventListener('abort', () => upstream.destroy(controller.signal.reason), { once: true });
 * controller.abort(new Error('client disconnected'));
 */

/** The part of AbortSignal the gateway uses. Every listener runs once at most: a signal aborts once. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

class LightAbortSignal implements AbortSignalLike {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Array<() => void> = [];

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  /** Every listener is a `once` listener here, since the signal aborts once. */
  addEventListener(_type: 'abort', listener: () => void, _options?: { once?: boolean }): void {
    // As an AbortSignal: once aborted, it never fires again.
    if (!this.aborted) this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        // As an EventTarget does: the other listeners still run, and the error is not swallowed.
        process.nextTick(() => {
          throw error;
        });
      }
    }
  }
}

export class LightAbortController {
  readonly #signal = new LightAbortSignal();
  /** Typed without `abort`: as with an AbortController, only the controller's holder can abort. */
  readonly signal: AbortSignalLike = this.#signal;

  /** Without a reason, an `AbortError` DOMException, as AbortController gives. */
  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    this.#signal.abort(reason);
  }
}
