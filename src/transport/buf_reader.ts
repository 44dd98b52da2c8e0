/**
 * A buffered reader in the manner of Go's `bufio.Reader`: one buffer per connection,
 * filled by reads from the source, consumed by methods that each have a byte limit.
 *
 * Methods that return **views** (`buffered`, `peek`, `readUntil`) hand out part of the
 * reader's own buffer: the bytes are valid until the next call that reads (`fill`,
 * `read`, `peek`, `readUntil`, ...). Copy what must outlive that. Methods that return
 * **copies** (`readFull`, `readToEnd`) return arrays the caller owns.
 *
 * @module
 */
import type { BufferPool } from "./buffer_pool.ts";
import { LimitExceededError, NoProgressError, ReaderReleasedError, UnexpectedEofError } from "./errors.ts";
import { InvalidArgumentError } from "../errors/invalid_options.ts";

/** Anything with a pull `read`, such as a `Conn`. */
export interface ReadSource {
  /** Reads up to `p.length` bytes into `p`: the count, or `null` at end of file. */
  read(p: Uint8Array): Promise<number | null>;
}

/** Buffer sizes of a `BufReader`. */
export interface BufReaderOptions {
  /** The first buffer size, in bytes. Default 4096. */
  size?: number;
  /** The buffer grows (×2) up to this many bytes, never further. Default 65536. */
  maxSize?: number;
  /** Take the buffer from this pool and give it back on `release()`. */
  pool?: BufferPool;
}

// Go's bufio gives up after 100 reads in a row that return nothing; so do we.
const MAX_EMPTY_READS = 100;
const RELEASED = new Uint8Array(0);

/**
 * Reads from a source through one buffer that grows, ×2, up to `maxSize`.
 *
 * @example
 * ```ts
 * import { BufReader } from "./buf_reader.ts";
 * import { BufferPool } from "./buffer_pool.ts";
 * import { adapter } from "./runtime.ts";
 *
 * const CRLFCRLF = new TextEncoder().encode("\r\n\r\n");
 * const pool = new BufferPool({ sizes: [1024, 16384] });
 * const conn = await adapter().connect({ hostname: "127.0.0.1", port: 8000 });
 * const reader = new BufReader(conn, { pool });
 * try {
 *   const head = await reader.readUntil(CRLFCRLF, 8192); // a view: parse it now
 *   const body = await reader.readFull(5); // a copy: keep it
 * } finally {
 *   reader.release();
 * }
 * ```
 */
export class BufReader {
  readonly #src: ReadSource;
  readonly #pool: BufferPool | undefined;
  readonly #maxSize: number;
  #buf: Uint8Array;
  /** The usable part of `#buf`: the pool may hand out more than `maxSize`. */
  #cap: number;
  /** `#buf.subarray(0, #cap)`, kept so that filling an empty buffer allocates nothing. */
  #whole: Uint8Array;
  #r = 0;
  #w = 0;
  #eof = false;
  /** True while the source may be writing into a buffer. */
  #reading = false;
  /** Where the pending `fill()` reads to. */
  #target: Uint8Array = RELEASED;
  /** The buffer `release()` could not give back while a read was pending. */
  #orphan: Uint8Array | undefined = undefined;

  constructor(src: ReadSource, options: BufReaderOptions = {}) {
    const size = options.size ?? 4096;
    const maxSize = options.maxSize ?? Math.max(65536, size);
    if (!Number.isSafeInteger(size) || size < 1) throw new InvalidArgumentError(`BufReader size must be ≥ 1: ${size}`);
    if (!Number.isSafeInteger(maxSize) || maxSize < size) {
      throw new InvalidArgumentError(`BufReader maxSize must be an integer ≥ size (${size}): ${maxSize}`);
    }
    this.#src = src;
    this.#pool = options.pool;
    this.#maxSize = maxSize;
    this.#buf = this.#pool?.get(size) ?? new Uint8Array(size);
    this.#cap = Math.min(this.#buf.length, maxSize);
    this.#whole = this.#cap === this.#buf.length ? this.#buf : this.#buf.subarray(0, this.#cap);
  }

  /** The current buffer size, in bytes (grows up to `maxSize`). */
  get capacity(): number {
    return this.#cap;
  }

  /** The largest the buffer may grow, in bytes. */
  get maxSize(): number {
    return this.#maxSize;
  }

  /** A **view** of the bytes read from the source but not consumed yet; valid until the next read. */
  buffered(): Uint8Array {
    this.#check();
    return this.#buf.subarray(this.#r, this.#w);
  }

  /**
   * How many bytes `buffered()` would give, without making the view (on Bun a view costs
   * about as much as parsing a short line).
   */
  get bufferedLength(): number {
    this.#check();
    return this.#w - this.#r;
  }

  /**
   * Reads once more from the source into the buffer, after moving unread bytes to the
   * front and, if the buffer is full, doubling it (up to `maxSize`).
   *
   * @returns how many bytes were added, or `null` at end of file (and from then on).
   * @throws {LimitExceededError} when the buffer is full and already `maxSize` long.
   */
  fill(): Promise<number | null> {
    // Not an async function: a server calls this once per request, and the source's own
    // promise handed on with one `then` saves an async frame and a promise each time.
    try {
      this.#check();
      if (this.#eof) return Promise.resolve(null);
      if (this.#r > 0) {
        if (this.#r < this.#w) this.#buf.copyWithin(0, this.#r, this.#w);
        this.#w -= this.#r;
        this.#r = 0;
      }
      if (this.#w === this.#cap) this.#grow();
      const p = this.#w === 0 ? this.#whole : this.#buf.subarray(this.#w, this.#cap);
      this.#reading = true;
      this.#target = p;
      return this.#src.read(p).then(this.#filled, this.#failed);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The source's read for `fill()` (into `#target`) settled with `n`. Bound once, not per call. */
  readonly #filled = (n: number | null): number | null | Promise<number | null> => {
    const p = this.#target;
    this.#target = RELEASED;
    this.#endRead();
    this.#check();
    if (n === 0) {
      // Rare: a read that gave nothing and is not the end; go on as #readSource does.
      return this.#readSource(p, 1).then((m) => {
        if (m !== null) this.#w += m;
        return m;
      });
    }
    if (n === null) {
      this.#eof = true;
      return null;
    }
    this.#w += n;
    return n;
  };

  readonly #failed = (err: unknown): never => {
    this.#target = RELEASED;
    this.#endRead();
    throw err;
  };

  /** A read of the source ended: a buffer `release()` could not give back goes to the pool now. */
  #endRead(): void {
    this.#reading = false;
    if (this.#orphan !== undefined) {
      this.#pool?.put(this.#orphan);
      this.#orphan = undefined;
    }
  }

  /** Consumes `n` buffered bytes, as if read. */
  discard(n: number): void {
    this.#check();
    if (!(n >= 0 && n <= this.#w - this.#r)) {
      throw new RangeError(`Cannot discard ${n} bytes: ${this.#w - this.#r} are buffered`);
    }
    this.#r += n;
    if (this.#r === this.#w) this.#r = this.#w = 0;
  }

  /**
   * A **view** of the next `n` bytes, without consuming them; reads until they are buffered.
   *
   * @throws {UnexpectedEofError} if the source ends first.
   * @throws {LimitExceededError} if `n` is more than `maxSize`.
   */
  async peek(n: number): Promise<Uint8Array> {
    this.#check();
    if (n > this.#maxSize) throw new LimitExceededError(this.#maxSize, "peek");
    while (this.#w - this.#r < n) {
      if ((await this.fill()) === null) throw new UnexpectedEofError(this.#w - this.#r, n);
    }
    return this.#buf.subarray(this.#r, this.#r + n);
  }

  /**
   * Reads up to `p.length` bytes into `p` (a **copy**): buffered bytes first; when none are
   * buffered and `p` is at least as large as the buffer, straight from the source into `p`.
   *
   * @returns the count (at least 1 unless `p` is empty), or `null` at end of file.
   */
  async read(p: Uint8Array): Promise<number | null> {
    this.#check();
    if (p.length === 0) return 0;
    if (this.#r === this.#w) {
      if (this.#eof) return null;
      if (p.length >= this.#cap) return await this.#readSource(p);
      this.#r = this.#w = 0;
      if ((await this.fill()) === null) return null;
    }
    const n = Math.min(p.length, this.#w - this.#r);
    p.set(this.#buf.subarray(this.#r, this.#r + n));
    this.#r += n;
    if (this.#r === this.#w) this.#r = this.#w = 0;
    return n;
  }

  /**
   * Exactly `n` bytes, as a **copy** (the limit is `n` itself); large reads go straight
   * from the source into the result.
   *
   * @throws {UnexpectedEofError} if the source ends first (with how many bytes arrived).
   */
  async readFull(n: number): Promise<Uint8Array> {
    this.#check();
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`readFull() needs a byte count ≥ 0: ${n}`);
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const m = await this.read(got === 0 ? out : out.subarray(got));
      if (m === null) throw new UnexpectedEofError(got, n);
      got += m;
    }
    return out;
  }

  /**
   * The bytes up to and including `delim`, as a **view**; at most `limit` bytes (delimiter
   * included), and never more than `maxSize`.
   *
   * @returns the bytes, or `null` at end of file before any byte.
   * @throws {UnexpectedEofError} at end of file after some bytes but before the delimiter.
   * @throws {LimitExceededError} when `limit` bytes arrived without the delimiter.
   */
  async readUntil(delim: Uint8Array, limit: number): Promise<Uint8Array | null> {
    this.#check();
    if (delim.length === 0) throw new InvalidArgumentError("readUntil() needs a delimiter of at least one byte");
    limit = Math.min(limit, this.#maxSize);
    // Bytes after `r` already searched, so that a slow peer costs no rescanning.
    let scanned = 0;
    while (true) {
      const r = this.#r;
      const end = Math.min(this.#w, r + limit);
      const i = indexOf(this.#buf, delim, r + scanned, end);
      if (i >= 0) {
        const stop = i + delim.length;
        this.#r = stop;
        return this.#buf.subarray(r, stop);
      }
      const pending = this.#w - r;
      if (pending >= limit) throw new LimitExceededError(limit, "line");
      scanned = Math.max(0, pending - delim.length + 1);
      if ((await this.fill()) === null) {
        if (this.#w === this.#r) return null;
        throw new UnexpectedEofError(this.#w - this.#r);
      }
    }
  }

  /**
   * Everything until end of file, as a **copy**.
   *
   * @throws {LimitExceededError} as soon as more than `limit` bytes arrive.
   */
  async readToEnd(limit: number): Promise<Uint8Array> {
    this.#check();
    if (!(limit >= 0)) throw new InvalidArgumentError(`readToEnd() needs a limit ≥ 0: ${limit}`);
    let len = this.#w - this.#r;
    if (len > limit) throw new LimitExceededError(limit, "data");
    // One byte beyond the limit tells "too long" from "exactly the limit".
    let out = new Uint8Array(Math.min(limit + 1, Math.max(2 * len, 4096)));
    out.set(this.#buf.subarray(this.#r, this.#w));
    this.#r = this.#w = 0;
    while (!this.#eof) {
      if (len === out.length) {
        const bigger = new Uint8Array(Math.min(limit + 1, 2 * out.length));
        bigger.set(out);
        out = bigger;
      }
      const n = await this.#readSource(out.subarray(len));
      if (n === null) break;
      len += n;
      if (len > limit) throw new LimitExceededError(limit, "data");
    }
    return out.subarray(0, len);
  }

  /**
   * Gives the buffer back to the pool. The reader, and every view it gave, is unusable
   * after. If a read is still pending, the buffer goes back when that read settles, so
   * the source never writes into a buffer someone else took from the pool.
   */
  release(): void {
    if (this.#buf === RELEASED) return;
    if (this.#reading) this.#orphan = this.#buf;
    else this.#pool?.put(this.#buf);
    this.#buf = this.#whole = RELEASED;
    this.#cap = this.#r = this.#w = 0;
  }

  /** One read from the source, retried while it returns 0 bytes; marks end of file. */
  async #readSource(p: Uint8Array, empties = 0): Promise<number | null> {
    for (let empty = empties; empty < MAX_EMPTY_READS; empty++) {
      let n: number | null;
      this.#reading = true;
      try {
        n = await this.#src.read(p);
      } finally {
        this.#endRead();
      }
      this.#check();
      if (n === null) {
        this.#eof = true;
        return null;
      }
      if (n > 0) return n;
    }
    throw new NoProgressError("read", MAX_EMPTY_READS);
  }

  #grow(): void {
    if (this.#cap >= this.#maxSize) throw new LimitExceededError(this.#maxSize, "buffered data");
    const size = Math.min(2 * this.#cap, this.#maxSize);
    const next = this.#pool?.get(size) ?? new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#w));
    this.#pool?.put(this.#buf);
    this.#buf = next;
    this.#cap = Math.min(next.length, this.#maxSize);
    this.#whole = this.#cap === next.length ? next : next.subarray(0, this.#cap);
  }

  #check(): void {
    if (this.#buf === RELEASED) throw new ReaderReleasedError();
  }
}

/** Where `delim` starts in `buf[from, end)`, or -1. */
function indexOf(buf: Uint8Array, delim: Uint8Array, from: number, end: number): number {
  const last = end - delim.length;
  const first = delim[0];
  // indexOf on a view bounded by `end` keeps the search out of stale bytes past it.
  const hay = end === buf.length ? buf : buf.subarray(0, end);
  for (let i = from; i <= last; i++) {
    i = hay.indexOf(first, i);
    if (i < 0 || i > last) return -1;
    let k = 1;
    while (k < delim.length && buf[i + k] === delim[k]) k++;
    if (k === delim.length) return i;
  }
  return -1;
}
