/**
 * A small pool of reusable byte buffers in a few fixed sizes.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors/invalid_options.ts";

/** Sizes and bounds of a `BufferPool`. */
export interface BufferPoolOptions {
  /** The buffer sizes kept, in bytes, ascending. Default 4 KiB, 16 KiB, 64 KiB. */
  sizes?: readonly number[];
  /** At most this many free buffers are kept per size; more are left to the GC. Default 64. */
  maxPerSize?: number;
}

/**
 * A pool of `Uint8Array` buffers in fixed sizes and bounded numbers, so that each new
 * connection's reader reuses memory a closed one gave back.
 *
 * A buffer from `get` holds whatever its last user left in it. After `put`, the caller
 * must not touch the buffer, nor any view of it, again.
 *
 * @example
 * ```ts
 * const pool = new BufferPool();
 * const buf = pool.get(1000); // 4096 bytes long: the smallest size that fits
 * // ... use buf ...
 * pool.put(buf);
 * ```
 */
export class BufferPool {
  readonly #sizes: number[];
  readonly #free: Uint8Array[][];
  readonly #maxPerSize: number;

  constructor(options: BufferPoolOptions = {}) {
    const sizes = [...(options.sizes ?? [4096, 16384, 65536])];
    for (let i = 0; i < sizes.length; i++) {
      if (!Number.isSafeInteger(sizes[i]) || sizes[i] <= 0 || (i > 0 && sizes[i] <= sizes[i - 1])) {
        throw new InvalidArgumentError(`BufferPool sizes must be positive integers in ascending order: ${sizes}`);
      }
    }
    this.#sizes = sizes;
    this.#free = sizes.map(() => []);
    this.#maxPerSize = options.maxPerSize ?? 64;
  }

  /** The buffer sizes this pool keeps. */
  get sizes(): readonly number[] {
    return this.#sizes;
  }

  /**
   * A buffer of at least `size` bytes: the smallest pooled size that fits (reused when one
   * is free), or a new buffer of exactly `size` bytes, never pooled, when none fits.
   */
  get(size: number): Uint8Array {
    const i = this.#classOf(size);
    if (i < 0) return new Uint8Array(size);
    return this.#free[i].pop() ?? new Uint8Array(this.#sizes[i]);
  }

  /**
   * Gives a buffer back. Only whole buffers of a pooled size are kept (views and odd sizes
   * are ignored), at most `maxPerSize` per size; giving the same buffer twice keeps it once.
   */
  put(buf: Uint8Array): void {
    if (buf.byteOffset !== 0 || buf.byteLength !== buf.buffer.byteLength) return;
    const i = this.#sizes.indexOf(buf.length);
    if (i < 0) return;
    const free = this.#free[i];
    if (free.length >= this.#maxPerSize || free.includes(buf)) return;
    free.push(buf);
  }

  /** How many free buffers of the pooled size that `get(size)` would use are waiting. */
  available(size: number): number {
    const i = this.#classOf(size);
    return i < 0 ? 0 : this.#free[i].length;
  }

  #classOf(size: number): number {
    const sizes = this.#sizes;
    for (let i = 0; i < sizes.length; i++) if (size <= sizes[i]) return i;
    return -1;
  }
}
