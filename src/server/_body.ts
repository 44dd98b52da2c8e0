/**
 * Request bodies: a `ReadableStream` over the one body reader (`../body/`) that reads
 * exactly the body's bytes by the framing the head declared, strict about chunk line
 * endings, and a `finish()` that drops what the handler left unread so the next request on
 * the connection starts in step.
 *
 * `Expect: 100-continue` (RFC 9110 §10.1.1) is answered here: the interim response goes out
 * when the handler first reads the body, and not before, so a handler that answers without
 * reading (a 401, a 413) sends its final response at once and the client never sends a
 * body nobody wants. Then the connection closes: the client may still send the body.
 *
 * @module
 */
import { BodyReader } from "../body/body_reader.ts";
import type { BufReader } from "../transport/buf_reader.ts";
import type { BodyFraming } from "../http10/framing.ts";

/** Unread request bytes the server will read and drop to keep a connection; more closes it. */
const DRAIN_LIMIT = 256 * 1024;

/** A request body being read. */
export interface RequestBody {
  /** The body for `Request`, or null when the request has none; made on first use. */
  readonly stream: ReadableStream<Uint8Array> | null;
  /**
   * Reads and drops what the handler did not consume. Resolves true when the body was
   * read to its end (the connection is in step), false when the connection must close.
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
  if (framing.kind === "none" || framing.kind === "close" || (framing.kind === "length" && framing.length === 0)) {
    return NO_BODY;
  }
  let continuePending = sendContinue !== null;
  let stream: ReadableStream<Uint8Array> | undefined;
  const source: BodyReader = new BodyReader({
    reader,
    framing,
    maxBodySize,
    allowBareLf: false,
    beforeRead: sendContinue === null ? undefined : () => {
      continuePending = false;
      return sendContinue();
    },
    onEnd() {
      if (source.complete) body.onEnd?.();
    },
  });
  const body: RequestBody = {
    // Made only if the handler reads the body: it is costly to build, and finish() needs none.
    get stream() {
      return stream ??= source.stream();
    },
    finish() {
      // The client may be waiting for a 100 Continue that will not come: it may or may not
      // send the body now, so the connection cannot be kept in step.
      if (continuePending) return Promise.resolve(false);
      return source.skip(DRAIN_LIMIT);
    },
    onEnd: null,
  };
  return body;
}
