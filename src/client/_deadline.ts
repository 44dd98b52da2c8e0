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
 * `TimeoutError` when `timeout` ms pass; `dispose()` stops both watches.
 */
export class Deadline {
  /** Aborted once the request must stop; its `reason` is what the request rejects with. */
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #user: AbortSignal | undefined;
  readonly #onUserAbort = () => this.#controller.abort(this.#user!.reason);
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(user: AbortSignal | null | undefined, timeout: number | undefined) {
    this.signal = this.#controller.signal;
    this.#user = user ?? undefined;
    if (this.#user?.aborted) {
      this.#controller.abort(this.#user.reason);
      return;
    }
    this.#user?.addEventListener("abort", this.#onUserAbort, { once: true });
    if (timeout !== undefined) {
      this.#timer = setTimeout(() => this.#controller.abort(new TimeoutError(timeout)), timeout);
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
