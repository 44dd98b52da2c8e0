/**
 * One signal for a whole request: the caller's `AbortSignal` and the client's total
 * timeout, whichever fires first.
 *
 * @module
 */
import { clearTimeout, setTimeout } from "node:timers";
import { TimeoutError } from "./errors.ts";

/**
 * Aborts `signal` with the caller's reason when their signal aborts, or with a
 * `TimeoutError` when `timeout` ms pass; `dispose()` stops both watches. With neither,
 * there is no signal at all: nothing is armed, nothing to watch.
 */
export class Deadline {
  /**
   * Aborted once the request must stop; its `reason` is what the request rejects with.
   * Undefined when the request has neither a caller's signal nor a timeout.
   */
  readonly signal: AbortSignal | undefined;
  readonly #controller: AbortController | undefined;
  readonly #user: AbortSignal | undefined;
  // Made only when there is a caller's signal: most requests have none.
  #onUserAbort: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(user: AbortSignal | null | undefined, timeout: number | undefined) {
    this.#user = user ?? undefined;
    if (this.#user === undefined && timeout === undefined) return;
    const controller = this.#controller = new AbortController();
    this.signal = controller.signal;
    this.#watch(controller, this.#user, timeout);
  }

  // Apart from the constructor, so that a request with nothing to watch allocates no closure scope.
  #watch(controller: AbortController, user: AbortSignal | undefined, timeout: number | undefined): void {
    if (user?.aborted) {
      controller.abort(user.reason);
      return;
    }
    if (user !== undefined) {
      const onUserAbort = this.#onUserAbort = () => controller.abort(user.reason);
      user.addEventListener("abort", onUserAbort, { once: true });
    }
    if (timeout !== undefined) {
      this.#timer = setTimeout(() => controller.abort(new TimeoutError(timeout)), timeout);
      // A pending read keeps the process alive; the timer alone must not.
      this.#timer.unref();
    }
  }

  /** Stops watching: the request is over. Safe to call twice. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#onUserAbort !== undefined) this.#user!.removeEventListener("abort", this.#onUserAbort);
  }
}
