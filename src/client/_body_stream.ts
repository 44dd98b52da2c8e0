/**
 * A response body as a `ReadableStream`, read from the connection by its framing:
 * Content-Length, chunked, or until the server closes.
 *
 * @module
 */
import { ChunkedDecoder } from "../http10/chunked.ts";
import { BodyTooLargeError } from "../http10/errors.ts";
import type { BodyFraming } from "../http10/framing.ts";
import { HeaderList } from "../http10/header_list.ts";
import type { BufReader } from "../transport/buf_reader.ts";
import { TruncatedBodyError } from "./errors.ts";

/** Where a body comes from and what to do when it ends. */
export interface BodySource {
  reader: BufReader;
  framing: BodyFraming & { kind: "length" | "chunked" | "close" };
  /** Most decoded bytes allowed; undefined: no limit. */
  maxBodySize: number | undefined;
  /** Once aborted, reads fail with `signal.reason` (the caller closes the connection). */
  signal: AbortSignal;
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
 * Streams the body that follows a response head. Each chunk is a new array the consumer
 * owns: bytes already buffered are copied out, and when none are, the connection reads
 * straight into the chunk. The stream ends as soon as the last byte arrives (a
 * Content-Length body never waits for another read), so the connection can go back to the
 * pool at once.
 *
 * Errors: `TruncatedBodyError` when the connection closes early, `BodyTooLargeError` past
 * `maxBodySize`, the chunked decoder's `InvalidChunkError`, `signal.reason` after an abort.
 */
export function bodyStream(src: BodySource): BodyStream {
  const { reader, framing, maxBodySize, signal } = src;
  const decoder = framing.kind === "chunked" ? new ChunkedDecoder() : undefined;
  const expected = framing.kind === "length" ? framing.length : undefined;
  let received = 0;
  let finished = false; // the chunked body's end has been decoded
  let ended = false; // onEnd has been called

  const end = (clean: boolean) => {
    if (ended) return;
    ended = true;
    src.onEnd(clean && reader.buffered().length === 0);
  };

  const count = (n: number) => {
    received += n;
    if (maxBodySize !== undefined && received > maxBodySize) {
      throw new BodyTooLargeError(`Response body is larger than ${maxBodySize} bytes`);
    }
  };

  // The next piece of the body: bytes, or null at its end.
  const readLengthOrClose = async (): Promise<Uint8Array | null> => {
    const left = expected === undefined ? CHUNK : expected - received;
    if (left === 0) return null;
    const buffered = reader.buffered();
    if (buffered.length > 0) {
      const n = Math.min(buffered.length, left);
      const chunk = buffered.slice(0, n);
      reader.discard(n);
      count(n);
      return chunk;
    }
    const p = new Uint8Array(Math.min(left, CHUNK));
    const n = await reader.read(p);
    if (n === null) {
      if (expected !== undefined) throw new TruncatedBodyError(received, expected);
      return null;
    }
    count(n);
    // A short read keeps only what it needs, not the whole 64 KiB behind the view.
    return n < p.length >>> 2 ? p.slice(0, n) : p.subarray(0, n);
  };

  const readChunked = async (): Promise<Uint8Array | null> => {
    for (;;) {
      const buffered = reader.buffered();
      if (buffered.length > 0) {
        const { data, consumed, done } = decoder!.decode(buffered);
        const chunk = data.length === 0 ? null : concat(data);
        reader.discard(consumed);
        if (chunk !== null) count(chunk.length);
        if (done) finished = true;
        if (chunk !== null || done) return chunk;
      }
      if ((await reader.fill()) === null) throw new TruncatedBodyError(received);
    }
  };

  const next = decoder === undefined ? readLengthOrClose : readChunked;

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = finished ? null : await next();
        if (ended) return; // cancelled while reading
        // An abort closes the socket, and a closed socket may read as end of file.
        signal.throwIfAborted();
        if (chunk !== null && chunk.length > 0) controller.enqueue(chunk);
        // End at the last byte, without another read.
        if (chunk === null || finished || (expected !== undefined && received === expected)) {
          end(true);
          controller.close();
        }
      } catch (err) {
        if (ended) return;
        end(false);
        controller.error(signal.aborted ? signal.reason : err);
      }
    },
    cancel() {
      end(false);
    },
  });
  return { stream, trailers: () => decoder?.trailers ?? NO_TRAILERS };
}

/** The views joined into one new array (a copy even for one view: the reader reuses its buffer). */
function concat(views: Uint8Array[]): Uint8Array {
  if (views.length === 1) return views[0].slice();
  let n = 0;
  for (const v of views) n += v.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const v of views) {
    out.set(v, at);
    at += v.length;
  }
  return out;
}
