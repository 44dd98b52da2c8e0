/**
 * A message body read from the connection by its framing: Content-Length, chunked, or
 * until the peer closes; taken whole, piece by piece, as a `ReadableStream`, or skipped.
 * The one body reader of http10: the server reads request bodies with it, the client
 * response bodies.
 *
 * @module
 */
import { ChunkedDecoder } from "../http10/chunked.ts";
import { BodyTooLargeError } from "../http10/errors.ts";
import type { BodyFraming } from "../http10/framing.ts";
import { HeaderList } from "../http10/header_list.ts";
import type { BufReader } from "../transport/buf_reader.ts";
import { concat } from "./concat.ts";
import { TruncatedBodyError } from "./errors.ts";

/** Where a body comes from and what to do when it ends. */
export interface BodySource {
  reader: BufReader;
  framing: BodyFraming & { kind: "length" | "chunked" | "close" };
  /** Most decoded bytes allowed; undefined: no limit. */
  maxBodySize: number | undefined;
  /** Once aborted, reads fail with `signal.reason` (the caller closes the connection). */
  signal?: AbortSignal | undefined;
  /**
   * Accept a bare LF in chunked framing. A client may (the response ends the exchange, so
   * there is no next message for a misread boundary to smuggle); a server must not.
   */
  allowBareLf?: boolean;
  /**
   * Called once, before the body's first byte is read from the connection (the server
   * sends its `100 Continue` here); a read waits for it.
   */
  beforeRead?: () => Promise<void>;
  /**
   * Called once, when the body ends: `clean` is true when it was read to its end and no
   * byte after it is buffered, false on an error or a cancel.
   */
  onEnd(clean: boolean): void;
}

/** What {@linkcode bodyStream} returns: the stream, and the trailers once a chunked body ended. */
export interface BodyStream {
  stream: ReadableStream<Uint8Array>;
  /** Trailer fields of a chunked body; empty until it has been read to the end. */
  trailers(): HeaderList;
}

// One read into a fresh buffer of this size: large enough for few reads, small enough to hold.
const CHUNK = 65536;
const NO_TRAILERS = new HeaderList();

/**
 * Reads the body that follows a response head. Each piece is a new array the consumer
 * owns: bytes already buffered are copied out, and when none are, the connection reads
 * straight into the piece. The body ends as soon as its last byte arrives (a
 * Content-Length body never waits for another read), so the connection can go back to the
 * pool at once.
 *
 * `readAll()` takes the body whole without a `ReadableStream` (a Content-Length body goes
 * into one array of its size); `stream()` makes one for callers who want it.
 *
 * Errors: `TruncatedBodyError` when the connection closes early, `BodyTooLargeError` past
 * `maxBodySize`, the chunked decoder's `InvalidChunkError`, `signal.reason` after an abort.
 *
 * @example
 * ```ts
 * import { BufReader } from "../transport/buf_reader.ts";
 * import { BodyReader } from "./body_reader.ts";
 *
 * const bytes = new TextEncoder().encode("5\r\nhello\r\n0\r\n\r\n");
 * const source = { read: async (p: Uint8Array) => (p.set(bytes), bytes.length) };
 * const body = new BodyReader({
 *   reader: new BufReader(source),
 *   framing: { kind: "chunked" },
 *   maxBodySize: 1024,
 *   onEnd: () => {},
 * });
 * console.log(new TextDecoder().decode(await body.readAll())); // "hello"
 * ```
 */
export class BodyReader {
  readonly #src: BodySource;
  readonly #reader: BufReader;
  readonly #decoder: ChunkedDecoder | undefined;
  /** The Content-Length, if the body has one. */
  readonly #expected: number | undefined;
  #received = 0;
  /** The chunked body's end has been decoded. */
  #finished = false;
  /** onEnd has been called: the body is over, read or not. */
  #ended = false;
  /** The body ended by an error. */
  #failed = false;
  /** The body ended by `cancel()`. */
  #cancelled = false;
  /** The source's `beforeRead`, until it has run. */
  #hook: (() => Promise<void>) | undefined;

  constructor(src: BodySource) {
    this.#src = src;
    this.#hook = src.beforeRead;
    this.#reader = src.reader;
    this.#decoder = src.framing.kind === "chunked"
      ? new ChunkedDecoder({ allowBareLf: src.allowBareLf ?? false })
      : undefined;
    this.#expected = src.framing.kind === "length" ? src.framing.length : undefined;
  }

  /** True once the body has ended: read to its end, failed, or cancelled. */
  get ended(): boolean {
    return this.#ended;
  }

  /** True once the body has been read to its end without an error. */
  get complete(): boolean {
    return this.#ended && !this.#failed && !this.#cancelled;
  }

  /** Trailer fields of a chunked body; empty until it has been read to the end. */
  trailers(): HeaderList {
    return this.#decoder?.trailers ?? NO_TRAILERS;
  }

  /** The next piece of the body (never empty), or null at its end (or after a cancel). */
  async read(): Promise<Uint8Array | null> {
    if (this.#ended) return null;
    try {
      if (this.#hook !== undefined) await this.#beforeRead();
      // (A chunked body whose end has been decoded has ended: it returned above.)
      const chunk = this.#decoder === undefined ? await this.#readLengthOrClose() : await this.#readChunked();
      if (this.#ended) return null; // cancelled while reading
      // An abort closes the socket, and a closed socket may read as end of file.
      this.#src.signal?.throwIfAborted();
      // End at the last byte, without another read.
      if (chunk === null || this.#finished || this.#received === this.#expected) this.#end(true);
      return chunk;
    } catch (err) {
      throw this.#fail(err);
    }
  }

  /** The rest of the body as one array the caller owns. */
  readAll(): Promise<Uint8Array> {
    const left = this.#expected === undefined ? -1 : this.#expected - this.#received;
    if (left < 0 || this.#ended || this.#hook !== undefined || this.#reader.bufferedLength < left) {
      return this.#readAllAsync();
    }
    // The usual small response, all buffered with its head: taken without an async frame.
    const reader = this.#reader;
    const out = new Uint8Array(left);
    try {
      const buffered = reader.buffered();
      out.set(left === buffered.length ? buffered : buffered.subarray(0, left));
      reader.discard(left);
      this.#count(left);
      this.#src.signal?.throwIfAborted();
    } catch (err) {
      return Promise.reject(this.#fail(err));
    }
    try {
      this.#end(true);
    } catch (err) {
      return Promise.reject(err);
    }
    return Promise.resolve(out);
  }

  async #readAllAsync(): Promise<Uint8Array> {
    if (this.#ended || this.#expected === undefined) return concat(await this.#readPieces());
    // A known length: one array of that size, filled from the buffer and then the socket.
    const reader = this.#reader;
    const out = new Uint8Array(this.#expected - this.#received);
    let at = 0;
    try {
      if (this.#hook !== undefined) await this.#beforeRead();
      while (at < out.length) {
        let n: number | null;
        if (reader.bufferedLength > 0) {
          const buffered = reader.buffered();
          n = Math.min(buffered.length, out.length - at);
          out.set(n === buffered.length ? buffered : buffered.subarray(0, n), at);
          reader.discard(n);
        } else {
          n = await reader.read(at === 0 ? out : out.subarray(at));
          if (this.#ended) return out.subarray(0, 0); // cancelled while reading
          if (n === null) throw new TruncatedBodyError(this.#received, this.#expected);
        }
        this.#count(n);
        at += n;
      }
      this.#src.signal?.throwIfAborted();
    } catch (err) {
      throw this.#fail(err);
    }
    this.#end(true);
    return out;
  }

  /** Stops reading: the body ends unread (onEnd(false)). Safe to call twice. */
  cancel(): void {
    if (!this.#ended) this.#cancelled = true;
    this.#end(false);
  }

  /**
   * Reads and drops the rest of the body, if it is at most `limit` more bytes; resolves
   * true when the body was read to its end (the connection is in step for another
   * message), false when it was longer, cut off or malformed (the caller closes).
   * A Content-Length body is dropped without a copy.
   */
  async skip(limit: number): Promise<boolean> {
    if (this.#ended) return !this.#failed;
    const reader = this.#reader;
    const stop = this.#received + limit;
    try {
      if (this.#expected !== undefined) {
        if (this.#expected - this.#received > limit) return false;
        while (this.#received < this.#expected) {
          if (reader.bufferedLength === 0 && (await reader.fill()) === null) {
            throw new TruncatedBodyError(this.#received, this.#expected);
          }
          const n = Math.min(reader.bufferedLength, this.#expected - this.#received);
          reader.discard(n);
          this.#count(n);
        }
        this.#end(true);
        return true;
      }
      while ((await this.read()) !== null) if (this.#received > stop) return false;
      return !this.#failed;
    } catch {
      this.#fail(undefined);
      return false;
    }
  }

  /** The rest of the body as a `ReadableStream`; cancelling it cancels the body. */
  stream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        let chunk: Uint8Array | null;
        try {
          chunk = await this.read();
        } catch (err) {
          controller.error(err);
          return;
        }
        if (chunk !== null) controller.enqueue(chunk);
        if (chunk === null || this.#ended) controller.close();
      },
      cancel: () => this.cancel(),
    });
  }

  async #readPieces(): Promise<Uint8Array[]> {
    const pieces: Uint8Array[] = [];
    for (let p = await this.read(); p !== null; p = await this.read()) pieces.push(p);
    return pieces;
  }

  /** Runs the source's `beforeRead` hook the first time only. */
  async #beforeRead(): Promise<void> {
    const hook = this.#hook;
    if (hook === undefined) return;
    this.#hook = undefined;
    await hook();
  }

  #end(clean: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#src.onEnd(clean && this.#reader.bufferedLength === 0);
  }

  /** Ends the body after `err`; what the reader should throw. */
  #fail(err: unknown): unknown {
    this.#failed = true;
    this.#end(false);
    const signal = this.#src.signal;
    return signal?.aborted ? signal.reason : err;
  }

  #count(n: number): void {
    this.#received += n;
    const max = this.#src.maxBodySize;
    if (max !== undefined && this.#received > max) {
      throw new BodyTooLargeError(`Body is larger than the limit of ${max} bytes`);
    }
  }

  // The next piece of a Content-Length or close-delimited body: bytes, or null at its end.
  async #readLengthOrClose(): Promise<Uint8Array | null> {
    const expected = this.#expected;
    const left = expected === undefined ? CHUNK : expected - this.#received;
    if (left === 0) return null;
    const reader = this.#reader;
    const buffered = reader.buffered();
    if (buffered.length > 0) {
      const n = Math.min(buffered.length, left);
      const chunk = buffered.slice(0, n);
      reader.discard(n);
      this.#count(n);
      return chunk;
    }
    const p = new Uint8Array(Math.min(left, CHUNK));
    const n = await reader.read(p);
    if (n === null) {
      if (expected !== undefined) throw new TruncatedBodyError(this.#received, expected);
      return null;
    }
    this.#count(n);
    // A short read keeps only what it needs, not the whole 64 KiB behind the view.
    return n < p.length >>> 2 ? p.slice(0, n) : p.subarray(0, n);
  }

  async #readChunked(): Promise<Uint8Array | null> {
    const reader = this.#reader;
    for (;;) {
      const buffered = reader.buffered();
      if (buffered.length > 0) {
        const { data, consumed, done } = this.#decoder!.decode(buffered);
        const chunk = data.length === 0 ? null : concatCopy(data);
        reader.discard(consumed);
        if (chunk !== null) this.#count(chunk.length);
        if (done) this.#finished = true;
        if (chunk !== null || done) return chunk;
      }
      if ((await reader.fill()) === null) throw new TruncatedBodyError(this.#received);
    }
  }
}

/** Streams the body that follows a response head; see {@linkcode BodyReader}. */
export function bodyStream(src: BodySource): BodyStream {
  const body = new BodyReader(src);
  return { stream: body.stream(), trailers: () => body.trailers() };
}

/** The views joined into one new array (a copy even for one view: the reader reuses its buffer). */
function concatCopy(views: Uint8Array[]): Uint8Array {
  return views.length === 1 ? views[0].slice() : concat(views);
}
