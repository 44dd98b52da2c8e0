/**
 * The body reader's own error: the connection ended before the body did.
 *
 * @module
 */
import { Http10Error } from "../errors/http10_error.ts";

/** The connection ended before the whole body arrived: Content-Length promised more, or chunked was cut off. */
export class TruncatedBodyError extends Http10Error {
  /** The bytes the peer promised (Content-Length), or undefined for a chunked body. */
  readonly expected: number | undefined;
  /** The body bytes that arrived (decoded bytes, for chunked). */
  readonly received: number;

  /** Creates the error for `received` of `expected` bytes (`expected` undefined: chunked). */
  constructor(received: number, expected?: number) {
    super(
      "HTTP10_TRUNCATED_BODY",
      expected === undefined
        ? `Body truncated: the connection closed after ${received} bytes, before the last chunk`
        : `Body truncated: Content-Length promised ${expected} bytes, got ${received}`,
    );
    this.expected = expected;
    this.received = received;
  }
}
