/**
 * A queue that push-style runtime callbacks fill and pull-style callers drain:
 * accepted connections for `accept()`, datagrams for `receive()`.
 *
 * @module
 */

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Items pushed by callbacks, taken with `next()`; `close(error)` fails every later `next()`. */
export class AsyncQueue<T> {
  #items: T[] = [];
  #head = 0;
  #waiters: Waiter<T>[] = [];
  #error: unknown = undefined;
  #closed = false;
  readonly #limit: number;

  /** `limit` bounds how many untaken items are kept; beyond it `push` drops the item. */
  constructor(limit = Infinity) {
    this.#limit = limit;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many items wait to be taken. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Hands `item` to the oldest waiter or keeps it; false if it was dropped (closed or full). */
  push(item: T): boolean {
    if (this.#closed) return false;
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter.resolve(item);
      return true;
    }
    if (this.length >= this.#limit) return false;
    this.#items.push(item);
    return true;
  }

  /** The oldest item, waiting for one if none is queued; rejects once closed. */
  next(): Promise<T> {
    if (this.#closed) return Promise.reject(this.#error);
    if (this.#head < this.#items.length) {
      const item = this.#items[this.#head];
      this.#items[this.#head++] = undefined as T;
      if (this.#head === this.#items.length) {
        this.#items.length = 0;
        this.#head = 0;
      }
      return Promise.resolve(item);
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Rejects waiters and later `next()` calls with `error`; returns the items never taken. */
  close(error: unknown): T[] {
    if (this.#closed) return [];
    this.#closed = true;
    this.#error = error;
    const left = this.#items.slice(this.#head);
    this.#items = [];
    this.#head = 0;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    return left;
  }
}
