/**
 * Typed errors for the whole project. Every error has a stable string `code`; protocol
 * errors also carry the HTTP `status` a server answers with and the byte `offset` (from
 * the `start` the parser was given) where the problem was found.
 *
 * One class per condition, so callers can use `instanceof` or switch on `code`:
 *
 * @example
 * ```ts
 * import { HttpParseError } from "./errors.ts";
 * import { parseRequestHead } from "./parse_request.ts";
 *
 * const bytes = new TextEncoder().encode("GET / HTTP/1.0\r\nBad Name: x\r\n\r\n");
 * try {
 *   parseRequestHead(bytes);
 * } catch (err) {
 *   if (err instanceof HttpParseError) console.log(err.status, err.code, err.offset);
 * }
 * ```
 *
 * Serializers throw the same classes with `status` 500: a bad header from a handler is the
 * server's fault, not the peer's.
 *
 * @module
 */

import { Http10Error } from "../errors/http10_error.ts";

export { Http10Error };

/** Every error code this project's protocol layer can produce, by name. */
export const ERROR_CODES = {
  INVALID_METHOD: "HTTP10_INVALID_METHOD",
  INVALID_TARGET: "HTTP10_INVALID_TARGET",
  INVALID_VERSION: "HTTP10_INVALID_VERSION",
  VERSION_NOT_SUPPORTED: "HTTP10_VERSION_NOT_SUPPORTED",
  INVALID_HEADER_NAME: "HTTP10_INVALID_HEADER_NAME",
  SPACE_BEFORE_COLON: "HTTP10_SPACE_BEFORE_COLON",
  OBS_FOLD: "HTTP10_OBS_FOLD",
  INVALID_HEADER_VALUE: "HTTP10_INVALID_HEADER_VALUE",
  BARE_CR: "HTTP10_BARE_CR",
  BARE_LF: "HTTP10_BARE_LF",
  INVALID_CONTENT_LENGTH: "HTTP10_INVALID_CONTENT_LENGTH",
  CONFLICTING_CONTENT_LENGTH: "HTTP10_CONFLICTING_CONTENT_LENGTH",
  TE_WITH_CONTENT_LENGTH: "HTTP10_TE_WITH_CONTENT_LENGTH",
  TE_ON_HTTP10: "HTTP10_TE_ON_HTTP10",
  INVALID_TRANSFER_ENCODING: "HTTP10_INVALID_TRANSFER_ENCODING",
  UNSUPPORTED_TRANSFER_ENCODING: "HTTP10_UNSUPPORTED_TRANSFER_ENCODING",
  MISSING_HOST: "HTTP10_MISSING_HOST",
  MULTIPLE_HOST: "HTTP10_MULTIPLE_HOST",
  INVALID_HOST: "HTTP10_INVALID_HOST",
  URI_TOO_LONG: "HTTP10_URI_TOO_LONG",
  HEADER_TOO_LARGE: "HTTP10_HEADER_TOO_LARGE",
  TOO_MANY_HEADERS: "HTTP10_TOO_MANY_HEADERS",
  BODY_TOO_LARGE: "HTTP10_BODY_TOO_LARGE",
  LENGTH_REQUIRED: "HTTP10_LENGTH_REQUIRED",
  INVALID_STATUS_LINE: "HTTP10_INVALID_STATUS_LINE",
  INVALID_STATUS: "HTTP10_INVALID_STATUS",
  INVALID_CHUNK: "HTTP10_INVALID_CHUNK",
} as const;

/** One of the codes in {@linkcode ERROR_CODES}. */
export type ErrorCode = typeof ERROR_CODES[keyof typeof ERROR_CODES];

/**
 * The base of protocol errors: bytes that are not valid HTTP, or valid HTTP this
 * implementation refuses. `status` is what a server answers with.
 */
export class HttpParseError extends Http10Error {
  /** The HTTP status code a server should answer with (400, 414, 431, 501, 505, ...). */
  readonly status: number;
  /** Byte offset from the parser's `start` where the problem was found (0 when not tied to bytes). */
  readonly offset: number;

  /** Creates a protocol error; subclasses fill in `code` and the default `status`. */
  constructor(code: string, status: number, message: string, offset = 0) {
    super(code, message);
    this.status = status;
    this.offset = offset;
    this.name = "HttpParseError";
  }
}

/** The method is empty or has a character that is not a token character (400). */
export class InvalidMethodError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given (serializers use 500). */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.INVALID_METHOD, status, message, offset);
    this.name = "InvalidMethodError";
  }
}

/** The request target is missing, has a forbidden byte, or is in no valid form (400). */
export class InvalidTargetError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given (serializers use 500). */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.INVALID_TARGET, status, message, offset);
    this.name = "InvalidTargetError";
  }
}

/** The HTTP version is missing or not spelled `HTTP/<digit>.<digit>` (400). */
export class InvalidVersionError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.INVALID_VERSION, status, message, offset);
    this.name = "InvalidVersionError";
  }
}

/** The version is well formed but its major number is not 1, e.g. `HTTP/2.0` (505). */
export class VersionNotSupportedError extends HttpParseError {
  /** Creates the error; `status` is 505 unless given. */
  constructor(message: string, offset = 0, status = 505) {
    super(ERROR_CODES.VERSION_NOT_SUPPORTED, status, message, offset);
    this.name = "VersionNotSupportedError";
  }
}

/** A field name is empty, has a non-token character, or the line has no colon (400). */
export class InvalidHeaderNameError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given (serializers use 500). */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.INVALID_HEADER_NAME, status, message, offset);
    this.name = "InvalidHeaderNameError";
  }
}

/** Whitespace between a field name and its colon (RFC 9112 §5.1 says reject) (400). */
export class SpaceBeforeColonError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.SPACE_BEFORE_COLON, status, message, offset);
    this.name = "SpaceBeforeColonError";
  }
}

/** A field line starts with SP or HTAB: obsolete line folding, rejected in requests (400). */
export class ObsFoldError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.OBS_FOLD, status, message, offset);
    this.name = "ObsFoldError";
  }
}

/** A field value has NUL, a control character other than HTAB, or DEL (400). */
export class InvalidHeaderValueError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given (serializers use 500). */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.INVALID_HEADER_VALUE, status, message, offset);
    this.name = "InvalidHeaderValueError";
  }
}

/** A CR that is not followed by LF (400). */
export class BareCrError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.BARE_CR, status, message, offset);
    this.name = "BareCrError";
  }
}

/** A line ends in LF without CR and bare LF was not allowed (400). */
export class BareLfError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.BARE_LF, status, message, offset);
    this.name = "BareLfError";
  }
}

/** Content-Length is not `1*DIGIT` or is beyond `Number.MAX_SAFE_INTEGER` (400). */
export class InvalidContentLengthError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.INVALID_CONTENT_LENGTH, status, message, offset);
    this.name = "InvalidContentLengthError";
  }
}

/** Several Content-Length values that differ (400). */
export class ConflictingContentLengthError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.CONFLICTING_CONTENT_LENGTH, status, message, offset);
    this.name = "ConflictingContentLengthError";
  }
}

/** A request with both Transfer-Encoding and Content-Length: the smuggling signature (400). */
export class TeWithContentLengthError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.TE_WITH_CONTENT_LENGTH, status, message, offset);
    this.name = "TeWithContentLengthError";
  }
}

/** Transfer-Encoding in an HTTP/1.0 request, where it does not exist (400). */
export class TeOnHttp10Error extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.TE_ON_HTTP10, status, message, offset);
    this.name = "TeOnHttp10Error";
  }
}

/** Transfer-Encoding is malformed: empty, chunked twice, or chunked not last (400). */
export class InvalidTransferEncodingError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.INVALID_TRANSFER_ENCODING, status, message, offset);
    this.name = "InvalidTransferEncodingError";
  }
}

/** Transfer-Encoding names a coding other than chunked, which we do not decode (501). */
export class UnsupportedTransferEncodingError extends HttpParseError {
  /** Creates the error; `status` is 501 unless given. */
  constructor(message: string, offset = 0, status = 501) {
    super(ERROR_CODES.UNSUPPORTED_TRANSFER_ENCODING, status, message, offset);
    this.name = "UnsupportedTransferEncodingError";
  }
}

/** An HTTP/1.1 request without a Host field (400). */
export class MissingHostError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.MISSING_HOST, status, message, offset);
    this.name = "MissingHostError";
  }
}

/** A request with more than one Host field, on any version (400). */
export class MultipleHostError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.MULTIPLE_HOST, status, message, offset);
    this.name = "MultipleHostError";
  }
}

/** A Host value (or CONNECT authority) that is not `uri-host [ ":" port ]` (400). */
export class InvalidHostError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.INVALID_HOST, status, message, offset);
    this.name = "InvalidHostError";
  }
}

/** The request line is longer than `maxRequestLine` (414). */
export class UriTooLongError extends HttpParseError {
  /** Creates the error; `status` is 414 unless given. */
  constructor(message: string, offset = 0, status = 414) {
    super(ERROR_CODES.URI_TOO_LONG, status, message, offset);
    this.name = "UriTooLongError";
  }
}

/** The head (or a chunked trailer section) is larger than its limit (431). */
export class HeaderTooLargeError extends HttpParseError {
  /** Creates the error; `status` is 431 unless given. */
  constructor(message: string, offset = 0, status = 431) {
    super(ERROR_CODES.HEADER_TOO_LARGE, status, message, offset);
    this.name = "HeaderTooLargeError";
  }
}

/** More field lines than `maxHeaderCount` (431). */
export class TooManyHeadersError extends HttpParseError {
  /** Creates the error; `status` is 431 unless given. */
  constructor(message: string, offset = 0, status = 431) {
    super(ERROR_CODES.TOO_MANY_HEADERS, status, message, offset);
    this.name = "TooManyHeadersError";
  }
}

/** The body is (or declares it will be) larger than `maxBodySize` (413). */
export class BodyTooLargeError extends HttpParseError {
  /** Creates the error; `status` is 413 unless given. */
  constructor(message: string, offset = 0, status = 413) {
    super(ERROR_CODES.BODY_TOO_LARGE, status, message, offset);
    this.name = "BodyTooLargeError";
  }
}

/** A request needs a Content-Length it did not send (411); raised by the server layer. */
export class LengthRequiredError extends HttpParseError {
  /** Creates the error; `status` is 411 unless given. */
  constructor(message: string, offset = 0, status = 411) {
    super(ERROR_CODES.LENGTH_REQUIRED, status, message, offset);
    this.name = "LengthRequiredError";
  }
}

/** A response's status line is not `HTTP/1.x SP 3DIGIT [SP reason]` (502, the gateway view). */
export class InvalidStatusLineError extends HttpParseError {
  /** Creates the error; `status` is 502 unless given. */
  constructor(message: string, offset = 0, status = 502) {
    super(ERROR_CODES.INVALID_STATUS_LINE, status, message, offset);
    this.name = "InvalidStatusLineError";
  }
}

/** A status code or reason phrase that cannot be serialized (500; serializer side only). */
export class InvalidStatusError extends HttpParseError {
  /** Creates the error; `status` is 500 unless given. */
  constructor(message: string, offset = 0, status = 500) {
    super(ERROR_CODES.INVALID_STATUS, status, message, offset);
    this.name = "InvalidStatusError";
  }
}

/** Malformed chunked body: bad size, bad extension, or missing CRLF after the data (400). */
export class InvalidChunkError extends HttpParseError {
  /** Creates the error; `status` is 400 unless given. */
  constructor(message: string, offset = 0, status = 400) {
    super(ERROR_CODES.INVALID_CHUNK, status, message, offset);
    this.name = "InvalidChunkError";
  }
}
