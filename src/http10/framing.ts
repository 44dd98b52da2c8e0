/**
 * Body framing: where a message body ends (RFC 9112 §6.3), and whether a connection stays
 * open after a request (RFC 9112 §9.3, RFC 1945 keep-alive practice).
 *
 * @module
 */
import { equalsIgnoreCase, listElements, trimOws } from "./_ascii.ts";
import {
  ConflictingContentLengthError,
  InvalidContentLengthError,
  InvalidTransferEncodingError,
  TeOnHttp10Error,
  TeWithContentLengthError,
  UnsupportedTransferEncodingError,
} from "./errors.ts";
import type { HeaderList } from "./header_list.ts";
import { atLeastHttp11, type HttpVersion } from "./version.ts";

/**
 * How a message body is delimited:
 * - `none`: there is no body;
 * - `length`: exactly `length` bytes (Content-Length; may be 0);
 * - `chunked`: chunked transfer coding, decoded with `ChunkedDecoder`;
 * - `close`: everything until the peer closes the connection (responses only).
 */
export type BodyFraming =
  | { kind: "none" }
  | { kind: "length"; length: number }
  | { kind: "chunked" }
  | { kind: "close" };

const NONE: BodyFraming = Object.freeze({ kind: "none" });
const CHUNKED: BodyFraming = Object.freeze({ kind: "chunked" });
const CLOSE: BodyFraming = Object.freeze({ kind: "close" });

/**
 * The framing of a request body, after checking the rules that prevent request smuggling:
 * Transfer-Encoding with Content-Length → 400; Transfer-Encoding on HTTP/1.0 → 400; on 1.1,
 * only exactly `chunked` is supported (another coding → 501, chunked twice or not last → 400);
 * several Content-Length values must agree.
 *
 * `fieldOffsets[i]` is the byte offset of field line `i`; errors then point at the field.
 * `parseRequestHead` passes them; other callers can leave it out (errors say offset 0).
 *
 * @example
 * ```ts
 * import { HeaderList } from "./header_list.ts";
 * import { HTTP_1_0, HTTP_1_1 } from "./version.ts";
 *
 * requestBodyFraming(HTTP_1_0, new HeaderList({ "Content-Length": "5" })); // { kind: "length", length: 5 }
 * requestBodyFraming(HTTP_1_1, new HeaderList({ "Transfer-Encoding": "chunked" })); // { kind: "chunked" }
 * ```
 */
export function requestBodyFraming(
  version: HttpVersion,
  headers: HeaderList,
  fieldOffsets?: readonly number[],
): BodyFraming {
  const te = headers.indexOf("transfer-encoding");
  const cl = headers.indexOf("content-length");
  if (te >= 0) {
    if (cl >= 0) {
      throw new TeWithContentLengthError(
        "Request has both Transfer-Encoding and Content-Length",
        fieldOffsets?.[Math.max(te, cl)] ?? 0,
      );
    }
    if (!atLeastHttp11(version)) {
      throw new TeOnHttp10Error("Transfer-Encoding is not defined for HTTP/1.0 requests", fieldOffsets?.[te] ?? 0);
    }
    const codings = transferCodings(headers, te, fieldOffsets, true);
    if (codings.length !== 1 || codings[0] !== "chunked") {
      throw new UnsupportedTransferEncodingError(
        `Unsupported Transfer-Encoding "${codings.join(", ")}"; only "chunked" is supported`,
        fieldOffsets?.[te] ?? 0,
      );
    }
    return CHUNKED;
  }
  if (cl >= 0) return { kind: "length", length: contentLength(headers, cl, fieldOffsets) };
  return NONE;
}

/**
 * The framing of a response body (RFC 9112 §6.3), given the method of the request it answers.
 * In order: HEAD, 1xx, 204, 304 and 2xx-to-CONNECT have no body; Transfer-Encoding whose
 * final coding is chunked → chunked (it wins over Content-Length); other codings → close;
 * a valid Content-Length → length; otherwise the body runs until the server closes.
 *
 * An HTTP/1.0 response with Transfer-Encoding is framed `close`, ignoring Transfer-Encoding
 * and Content-Length: RFC 9112 §6.1 says to treat its framing as faulty and close after it.
 *
 * Throws `InvalidContentLengthError` / `ConflictingContentLengthError` for a bad length and
 * `InvalidTransferEncodingError` for chunked applied twice.
 *
 * @example
 * ```ts
 * import { HeaderList } from "./header_list.ts";
 * import { HTTP_1_0, HTTP_1_1 } from "./version.ts";
 *
 * responseBodyFraming("GET", 200, HTTP_1_0, new HeaderList()); // { kind: "close" }
 * responseBodyFraming("HEAD", 200, HTTP_1_1, new HeaderList({ "Content-Length": "9" })); // { kind: "none" }
 * ```
 */
export function responseBodyFraming(
  requestMethod: string,
  status: number,
  version: HttpVersion,
  headers: HeaderList,
): BodyFraming {
  if (requestMethod === "HEAD" || status < 200 || status === 204 || status === 304) return NONE;
  if (requestMethod === "CONNECT" && status < 300) return NONE;
  const te = headers.indexOf("transfer-encoding");
  if (te >= 0) {
    if (!atLeastHttp11(version)) return CLOSE;
    const codings = transferCodings(headers, te, undefined, false);
    return codings[codings.length - 1] === "chunked" ? CHUNKED : CLOSE;
  }
  const cl = headers.indexOf("content-length");
  if (cl >= 0) return { kind: "length", length: contentLength(headers, cl, undefined) };
  return CLOSE;
}

/**
 * True if the connection should stay open after answering this request, as the client asked:
 * HTTP/1.0 only with `Connection: keep-alive` (and no `close`); HTTP/1.1 unless
 * `Connection: close`; HTTP/0.9 never. The server still closes when the length is unknown.
 *
 * @example
 * ```ts
 * import { HeaderList } from "./header_list.ts";
 * import { HTTP_1_0, HTTP_1_1 } from "./version.ts";
 *
 * requestWantsKeepAlive(HTTP_1_0, new HeaderList({ Connection: "Keep-Alive" })); // true
 * requestWantsKeepAlive(HTTP_1_1, new HeaderList()); // true
 * ```
 */
export function requestWantsKeepAlive(version: HttpVersion, headers: HeaderList): boolean {
  if (version.major < 1) return false;
  if (connectionHasToken(headers, "close")) return false;
  return atLeastHttp11(version) || connectionHasToken(headers, "keep-alive");
}

/**
 * True if any Connection field lists `token` (comma-separated, case-insensitive, OWS trimmed).
 *
 * @example
 * ```ts
 * import { HeaderList } from "./header_list.ts";
 *
 * connectionHasToken(new HeaderList([["Connection", "Upgrade, close"]]), "close"); // true
 * ```
 */
export function connectionHasToken(headers: HeaderList, token: string): boolean {
  const key = token.toLowerCase();
  for (let i = headers.indexOf("connection"); i >= 0; i = headers.indexOf("connection", i + 1)) {
    if (listHasToken(headers.valueAt(i), key)) return true;
  }
  return false;
}

/**
 * True if a comma-separated field value (such as one Connection field) lists `lowerToken`,
 * compared case-insensitively with OWS trimmed. `lowerToken` must be in lower case.
 *
 * @example
 * ```ts
 * listHasToken("Upgrade, Close", "close"); // true
 * listHasToken("closed", "close"); // false
 * ```
 */
export function listHasToken(value: string, lowerToken: string): boolean {
  // Nearly every value is one token ("keep-alive", "close"): no list to split.
  if (!value.includes(",")) return lowerToken !== "" && equalsIgnoreCase(trimOws(value), lowerToken);
  for (const element of listElements(value)) {
    if (equalsIgnoreCase(element, lowerToken)) return true;
  }
  return false;
}

/**
 * One Content-Length field value as a number: `1*DIGIT` with optional surrounding OWS, up
 * to `Number.MAX_SAFE_INTEGER`; null for anything else (a sign, a list, hex, an empty value).
 *
 * @example
 * ```ts
 * parseContentLength(" 42 "); // 42
 * parseContentLength("4 2"); // null
 * ```
 */
export function parseContentLength(value: string): number | null {
  const n = digits(trimOws(value));
  return n < 0 ? null : n;
}

// The transfer codings of every Transfer-Encoding line, in order, lower case, parameters
// kept (so "chunked;x=1" is not chunked). Empty or chunked twice → 400; in a request, chunked
// before another coding → 400 too (RFC 9112 §6.3: the length cannot be determined).
function transferCodings(
  headers: HeaderList,
  first: number,
  offsets: readonly number[] | undefined,
  isRequest: boolean,
): string[] {
  const codings: string[] = [];
  for (let i = first; i >= 0; i = headers.indexOf("transfer-encoding", i + 1)) {
    for (const element of listElements(headers.valueAt(i))) codings.push(element.toLowerCase());
  }
  const at = offsets?.[first] ?? 0;
  if (codings.length === 0) throw new InvalidTransferEncodingError("Transfer-Encoding is empty", at);
  const chunked = codings.indexOf("chunked");
  if (chunked >= 0 && codings.indexOf("chunked", chunked + 1) >= 0) {
    throw new InvalidTransferEncodingError("Transfer-Encoding applies chunked more than once", at);
  }
  if (isRequest && chunked >= 0 && chunked !== codings.length - 1) {
    throw new InvalidTransferEncodingError("Transfer-Encoding has chunked before another coding", at);
  }
  return codings;
}

// The body length from every Content-Length line: each value is 1*DIGIT or a list of them,
// and all must be equal (RFC 9110 §8.6).
function contentLength(headers: HeaderList, first: number, offsets: readonly number[] | undefined): number {
  let length = -1;
  for (let i = first; i >= 0; i = headers.indexOf("content-length", i + 1)) {
    const raw = headers.valueAt(i);
    const parts = raw.includes(",") ? raw.split(",") : [raw];
    for (const part of parts) {
      const n = digits(parts.length > 1 ? trimOws(part) : part); // list elements may have OWS
      if (n < 0) throw new InvalidContentLengthError(`Invalid Content-Length ${quote(raw)}`, offsets?.[i] ?? 0);
      if (length >= 0 && n !== length) {
        throw new ConflictingContentLengthError(
          `Conflicting Content-Length values ${length} and ${n}`,
          offsets?.[i] ?? 0,
        );
      }
      length = n;
    }
  }
  return length;
}

// 1*DIGIT as a number, or -1 if not digits or above MAX_SAFE_INTEGER.
function digits(s: string): number {
  if (s.length === 0) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
    if (n > Number.MAX_SAFE_INTEGER) return -1;
  }
  return n;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}...` : s);
}
