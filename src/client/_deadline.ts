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
  readonly #onUserAbort = () => this.#controller!.abort(this.#user!.reason);
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(user: AbortSignal | null | undefined, timeout: number | undefined) {
    this.#user = user ?? undefined;
    if (this.#user === undefined && timeout === undefined) return;
    const controller = this.#controller = new AbortController();
    this.signal = controller.signal;
    if (this.#user?.aborted) {
      controller.abort(this.#user.reason);
      return;
    }
    this.#user?.addEventListener("abort", this.#onUserAbort, { once: true });
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
    this.#user?.removeEventListener("abort", this.#onUserAbort);
  }
}
