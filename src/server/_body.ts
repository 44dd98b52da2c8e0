/**
 * Request bodies: a `ReadableStream` that reads exactly the body's bytes from the
 * connection's reader, by the framing the head declared, and a `finish()` that consumes
 * what the handler left unread so the next request on the connection starts in sync.
 *
 * `Expect: 100-continue` (RFC 9110 §10.1.1) is answered here: the interim response goes out
 * when the handler first reads the body, and not before, so a handler that answers without
 * reading (a 401, a 413) sends its final response at once and the client never sends a
 * body nobody wants. Then the connection closes: the client may still send the body.
 *
 * @module
 */
import type { BufReader } from "../transport/buf_reader.ts";
import { UnexpectedEofError } from "../transport/errors.ts";
import type { BodyFraming } from "../http10/framing.ts";
import { ChunkedDecoder } from "../http10/chunked.ts";
import { BodyTooLargeError } from "../http10/errors.ts";

/** Unread request bytes the server will read and drop to keep a connection; more closes it. */
const DRAIN_LIMIT = 256 * 1024;

/** A request body being read. */
export interface RequestBody {
  /** The body for `Request`, or null when the request has none; made on first use. */
  readonly stream: ReadableStream<Uint8Array> | null;
  /**
   * Reads and drops what the handler did not consume. Resolves true when the body was
   * read to its end (the connection is in sync), false when the connection must close.
   */
  finish(): Promise<boolean>;
  /** Called once when the body has been read to its end (by the handler or by `finish`). */
  onEnd: (() => void) | null;
}

/** How to answer `Expect: 100-continue`: sends the interim response; null when not expected. */
export type SendContinue = (() => Promise<void>) | null;

/** The body of a request without one; `finish()` has nothing to do. */
export const NO_BODY: RequestBody = Object.freeze({
  stream: null,
  finish: () => Promise.resolve(true),
  onEnd: null,
});

/**
 * Makes the body reader for one request. `sendContinue` is given for an HTTP/1.1 request
 * that said `Expect: 100-continue`: it is called before the first read of the body.
 */
export function requestBody(
  framing: BodyFraming,
  reader: BufReader,
  maxBodySize: number,
  sendContinue: SendContinue = null,
): RequestBody {
  if (framing.kind === "length") {
    return framing.length === 0 ? NO_BODY : lengthBody(framing.length, reader, sendContinue);
  }
  if (framing.kind === "chunked") return chunkedBody(reader, maxBodySize, sendContinue);
  return NO_BODY;
}

/** Content-Length framing: exactly `length` bytes. */
function lengthBody(length: number, reader: BufReader, sendContinue: SendContinue): RequestBody {
  let remaining = length;

  /** The next piece of the body (a copy: the reader's buffer is reused), or null at its end. */
  async function next(): Promise<Uint8Array[] | null> {
    if (remaining === 0) return null;
    let buf = reader.buffered();
    if (buf.length === 0) {
      if ((await reader.fill()) === null) throw new UnexpectedEofError(length - remaining, length);
      buf = reader.buffered();
    }
    const take = Math.min(buf.length, remaining);
    const piece = buf.slice(0, take);
    reader.discard(take);
    remaining -= take;
    return [piece];
  }

  /** Drops the unread rest without copying it, if it is short enough to be worth it. */
  async function drain(): Promise<boolean> {
    if (remaining > DRAIN_LIMIT) return false;
    while (remaining > 0) {
      if (reader.buffered().length === 0 && (await reader.fill()) === null) return false;
      const take = Math.min(reader.buffered().length, remaining);
      reader.discard(take);
      remaining -= take;
    }
    return true;
  }

  return pulledBody(next, drain, sendContinue);
}

/** Chunked framing (from HTTP/1.1 clients): decoded, with a limit on the decoded size. */
function chunkedBody(reader: BufReader, maxBodySize: number, sendContinue: SendContinue): RequestBody {
  const decoder = new ChunkedDecoder();
  let done = false;
  let total = 0;

  /** Decoded pieces from what is buffered, reading more until there is one or the end. */
  async function next(): Promise<Uint8Array[] | null> {
    for (;;) {
      if (done) return null;
      const buf = reader.buffered();
      if (buf.length > 0) {
        const r = decoder.decode(buf, 0, buf.length);
        // Copy before discarding: the pieces are views into the reader's buffer.
        const pieces = r.data.map((d) => d.slice());
        reader.discard(r.consumed);
        done = r.done;
        for (const p of pieces) total += p.length;
        if (total > maxBodySize) throw new BodyTooLargeError(`Request body is over the limit of ${maxBodySize} bytes`);
        if (pieces.length > 0) return pieces;
        if (done) return null;
        if (r.consumed > 0) continue;
      }
      if ((await reader.fill()) === null) throw new UnexpectedEofError(total);
    }
  }

  /** Decodes and drops the rest, up to DRAIN_LIMIT more bytes. */
  async function drain(): Promise<boolean> {
    const limit = total + DRAIN_LIMIT;
    while ((await next()) !== null) {
      if (total > limit) return false;
    }
    return true;
  }

  return pulledBody(next, drain, sendContinue);
}

/**
 * A RequestBody over `next` (the body's next pieces, copies, or null at its end) and
 * `drain` (reads and drops the rest; true when the connection is in sync). The stream is
 * made only if the handler reads the body: it is costly to build, and `drain` needs none.
 */
function pulledBody(
  next: () => Promise<Uint8Array[] | null>,
  drain: () => Promise<boolean>,
  sendContinue: SendContinue,
): RequestBody {
  let failed = false;
  let finished = false;
  let ended = false;
  let stream: ReadableStream<Uint8Array> | undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    body.onEnd?.();
  };
  const makeStream = () =>
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (finished) return controller.close();
        try {
          if (sendContinue !== null) {
            const send = sendContinue;
            sendContinue = null;
            await send();
          }
          const pieces = await next();
          if (pieces === null) {
            controller.close();
            end();
          } else {
            for (const p of pieces) controller.enqueue(p);
          }
        } catch (err) {
          failed = true;
          controller.error(err);
        }
      },
    });

  const body: RequestBody = {
    get stream() {
      return stream ??= makeStream();
    },
    async finish() {
      finished = true;
      // The client may be waiting for a 100 Continue that will not come: it may or may not
      // send the body now, so the connection cannot be kept in sync.
      if (failed || sendContinue !== null) return false;
      try {
        const inSync = await drain();
        if (inSync) end();
        return inSync;
      } catch {
        return false;
      }
    },
    onEnd: null,
  };
  return body;
}
