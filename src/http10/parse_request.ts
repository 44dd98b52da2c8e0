/**
 * The request head parser: bytes in, a validated head out (RFC 1945, RFC 9112 §2-§3, §5).
 *
 * @module
 */
import { CR, decodeLatin1, LF, SP, TARGET_CHAR, TCHAR } from "./_ascii.ts";
import {
  checkRange,
  type FieldRules,
  type FieldSpans,
  lineEnding,
  scanHead,
  showByte,
  skipEmptyLines,
} from "./_fields.ts";
import { isUsualHost, isValidHost } from "./_host.ts";
import {
  BodyTooLargeError,
  HeaderTooLargeError,
  InvalidHostError,
  InvalidMethodError,
  InvalidTargetError,
  InvalidVersionError,
  MissingHostError,
  MultipleHostError,
  UriTooLongError,
  VersionNotSupportedError,
} from "./errors.ts";
import { type BodyFraming, requestBodyFraming } from "./framing.ts";
import { HeaderList } from "./header_list.ts";
import { ParsedLines } from "./_parsed_lines.ts";
import { DEFAULT_LIMITS, type Limits } from "./limits.ts";
import { atLeastHttp11, HTTP_0_9, type HttpVersion } from "./version.ts";

/** A parsed, validated request head. */
export interface RequestHead {
  /** The method, case-sensitive as sent ("GET", "POST", or any other token). */
  method: string;
  /** The request target as sent: "/path?q", "http://host/path", "*", or "host:port" (CONNECT). */
  target: string;
  /** The version: 1.x from the request line, or 0.9 for a Simple-Request. */
  version: HttpVersion;
  /** The header fields, in order, names as received. */
  headers: HeaderList;
  /** Where the body ends, derived while validating Content-Length and Transfer-Encoding. */
  framing: BodyFraming;
}

/** Limits (defaults from `DEFAULT_LIMITS`) and the one leniency, bare LF line endings. */
export interface RequestParseOptions extends Partial<Limits> {
  /**
   * Accept LF without CR as a line ending (default false). Safe because a CR anywhere else
   * is still rejected, so no line can end differently for us than for a strict peer.
   */
  allowBareLf?: boolean;
}

// 1.0 through 1.9, shared and frozen: parsing allocates no version objects.
const VERSIONS_1: readonly Readonly<HttpVersion>[] = Array.from(
  { length: 10 },
  (_, minor) => Object.freeze({ major: 1, minor }),
);

const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"

/**
 * Parses a request head from `buf[start:end]`: the request line, the header fields and the
 * empty line after them. Returns "incomplete" until that empty line is in the bytes; then the
 * head and `consumed`, the byte count from `start` through the empty line (the body follows).
 *
 * Throws an `HttpParseError` subclass (with `status` and `offset`) for invalid input, as
 * soon as the bytes seen prove it, limits included: a request line over `maxRequestLine` is
 * 414, a head over `maxHeadSize` or with more than `maxHeaderCount` fields is 431, and a
 * declared Content-Length over `maxBodySize` is 413.
 *
 * Empty lines before the request line are skipped (RFC 9112 §2.2). A line `GET /path` with no
 * version is an HTTP/0.9 Simple-Request (RFC 1945 §4.1): version 0.9, no headers.
 *
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode("GET /hi HTTP/1.0\r\nHost: a.example\r\n\r\n");
 * const result = parseRequestHead(bytes);
 * if (result !== "incomplete") {
 *   result.head.method; // "GET"
 *   result.head.headers.get("host"); // "a.example"
 *   result.consumed; // 37
 * }
 * ```
 */
export function parseRequestHead(
  buf: Uint8Array,
  start = 0,
  end: number = buf.length,
  options?: RequestParseOptions,
): "incomplete" | { head: RequestHead; consumed: number } {
  checkRange(buf, start, end);
  const maxHead = options?.maxHeadSize ?? DEFAULT_LIMITS.maxHeadSize;
  const maxLine = options?.maxRequestLine ?? DEFAULT_LIMITS.maxRequestLine;
  const bareLf = options?.allowBareLf === true;
  // Bytes past the head limit can never belong to a valid head: scan up to `stop` only.
  const stop = end - start > maxHead ? start + maxHead : end;
  let p = skipEmptyLines(buf, start, stop, start, bareLf);
  if (p < 0) return ranOut(stop, end, maxHead, start);

  // Request line: method SP request-target SP HTTP-version CRLF, one SP each.
  const lineStart = p;
  const lineLimit = lineStart + maxLine + 1; // the line ending must start before this index
  const lim = lineLimit < stop ? lineLimit : stop;

  while (p < lim && TCHAR[buf[p]] === 1) p++;
  if (p >= lim) return ranOutOfLine(p, lineLimit, maxLine, stop, end, maxHead, start);
  const methodEnd = p;
  let c = buf[p];
  if (p === lineStart) {
    throw new InvalidMethodError(`Cannot parse request line: invalid character ${showByte(c)} in method`, p - start);
  }
  if (c !== SP) {
    if (c !== CR && c !== LF) {
      throw new InvalidMethodError(`Cannot parse request line: invalid character ${showByte(c)} in method`, p - start);
    }
    if (lineEnding(buf, p, stop, start, bareLf) === 0) return ranOut(stop, end, maxHead, start);
    throw new InvalidTargetError("Cannot parse request line: missing request target", p - start);
  }
  p++;

  const targetStart = p;
  while (p < lim && TARGET_CHAR[buf[p]] === 1) p++;
  if (p >= lim) return ranOutOfLine(p, lineLimit, maxLine, stop, end, maxHead, start);
  const targetEnd = p;
  c = buf[p];
  if (c !== SP && c !== CR && c !== LF) {
    throw new InvalidTargetError(
      `Cannot parse request line: invalid character ${showByte(c)} in request target`,
      p - start,
    );
  }
  if (targetStart === targetEnd) {
    if (c !== SP && lineEnding(buf, p, stop, start, bareLf) === 0) return ranOut(stop, end, maxHead, start);
    throw new InvalidTargetError("Cannot parse request line: missing request target", p - start);
  }
  checkTargetForm(buf, lineStart, methodEnd, targetStart, targetEnd, start);

  if (c !== SP) {
    // The line ends right after the target: an HTTP/0.9 Simple-Request, valid only for GET.
    const n = lineEnding(buf, p, stop, start, bareLf);
    if (n === 0) return ranOut(stop, end, maxHead, start);
    if (!(methodEnd - lineStart === 3 && bytesAre(buf, lineStart, "GET"))) {
      throw new InvalidVersionError("Cannot parse request line: missing HTTP version", p - start);
    }
    const head: RequestHead = {
      method: "GET",
      target: decodeLatin1(buf, targetStart, targetEnd, true),
      version: HTTP_0_9,
      headers: new HeaderList(),
      framing: { kind: "none" },
    };
    return { head, consumed: p + n - start };
  }
  p++;

  // HTTP-version = "HTTP/" DIGIT "." DIGIT, checked byte by byte so errors come early.
  const versionStart = p;
  if (p + 8 < lim && isHttpVersion(buf, p)) {
    p += 8; // the usual case, in one test
  } else {
    for (let i = 0; i < 8; i++, p++) {
      if (p >= lim) return ranOutOfLine(p, lineLimit, maxLine, stop, end, maxHead, start);
      c = buf[p];
      const ok = i < 5 ? c === HTTP_SLASH[i] : i === 6 ? c === 0x2e : c >= 0x30 && c <= 0x39;
      if (!ok) throw new InvalidVersionError("Cannot parse request line: invalid HTTP version", versionStart - start);
    }
  }
  if (p >= lim) return ranOutOfLine(p, lineLimit, maxLine, stop, end, maxHead, start);
  c = buf[p];
  if (c !== CR && c !== LF) {
    throw new InvalidVersionError("Cannot parse request line: invalid HTTP version", versionStart - start);
  }
  const n = lineEnding(buf, p, stop, start, bareLf);
  if (n === 0) return ranOut(stop, end, maxHead, start);
  const major = buf[versionStart + 5] - 0x30;
  const minor = buf[versionStart + 7] - 0x30;
  if (major !== 1) {
    throw new VersionNotSupportedError(`HTTP/${major}.${minor} is not supported`, versionStart - start);
  }
  p += n;

  // Header fields, then the empty line.
  const maxCount = options?.maxHeaderCount ?? DEFAULT_LIMITS.maxHeaderCount;
  const rules = maxCount === DEFAULT_LIMITS.maxHeaderCount
    ? (bareLf ? RULES_BARE_LF : RULES)
    : fieldRules(bareLf, maxCount);
  const text = scanHead(buf, lineStart, p, stop, start, rules, SCRATCH, 0);
  if (text === null) return ranOut(stop, end, maxHead, start);

  // Complete and well formed, and decoded once: the list cuts names and values out of the
  // text when they are asked for. Note the Host lines and whether any name could be
  // Content-Length or Transfer-Encoding.
  const headEnd = SCRATCH.end!;
  const spans = SCRATCH.spans;
  const count = SCRATCH.count!;
  const headers = new HeaderList(count === 0 ? undefined : new ParsedLines(text, spans.slice(0, count), lineStart));
  let host = -1; // the first Host line
  let secondHost = -1;
  let framed = false;
  for (let i = 0; i < count; i += 4) {
    const nameStart = spans[i];
    const nameEnd = spans[i + 1];
    const length = nameEnd - nameStart;
    if (length === 4 && isHostName(buf, nameStart)) {
      if (host < 0) host = i >> 2;
      else if (secondHost < 0) secondHost = i >> 2;
    } else if (length === 14 || length === 17) {
      framed = true;
    }
  }
  const version = VERSIONS_1[minor];
  checkHost(buf, version, headers, host, secondHost, spans, start, headEnd - start);
  // Only names of these lengths can change the framing; without them it is "none".
  let framing = NO_BODY;
  if (framed) {
    const offsets: number[] = [];
    for (let i = 0; i < count; i += 4) offsets.push(spans[i] - start);
    framing = requestBodyFraming(version, headers, offsets);
    const maxBody = options?.maxBodySize ?? DEFAULT_LIMITS.maxBodySize;
    if (framing.kind === "length" && framing.length > maxBody) {
      throw new BodyTooLargeError(
        `Content-Length ${framing.length} is larger than the ${maxBody}-byte limit`,
        offsets[headers.indexOf("content-length")],
      );
    }
  }
  const head: RequestHead = {
    method: text.slice(0, methodEnd - lineStart),
    target: text.slice(targetStart - lineStart, targetEnd - lineStart),
    version,
    headers,
    framing,
  };
  return { head, consumed: headEnd - start };
}

function fieldRules(allowBareLf: boolean, maxCount: number): FieldRules {
  return { allowBareLf, unfold: false, spaceBeforeColon: false, maxCount };
}

// The rules with the default field count, shared by every call that does not set one.
const RULES = fieldRules(false, DEFAULT_LIMITS.maxHeaderCount);
const RULES_BARE_LF = fieldRules(true, DEFAULT_LIMITS.maxHeaderCount);

// The spans of the last scan. Parsing is synchronous and the spans are read before it
// returns, so one array serves every call (growing it per call cost more than the scan).
const SCRATCH: FieldSpans = { spans: [], high: 0 };

// The framing of a request without Content-Length and Transfer-Encoding, as framing.ts
// gives it (the same frozen object every time).
const NO_BODY: BodyFraming = requestBodyFraming(HTTP_0_9, new HeaderList());

// The bytes ran out at `stop`: need more, unless the head limit is what stopped us.
function ranOut(stop: number, end: number, maxHead: number, start: number): "incomplete" {
  if (stop < end) throw new HeaderTooLargeError(`Request head is larger than ${maxHead} bytes`, stop - start);
  return "incomplete";
}

// The scan reached `p` inside the request line: too long (414) or out of bytes.
function ranOutOfLine(
  p: number,
  lineLimit: number,
  maxLine: number,
  stop: number,
  end: number,
  maxHead: number,
  start: number,
): "incomplete" {
  if (p >= lineLimit) throw new UriTooLongError(`Request line is longer than ${maxLine} bytes`, p - start);
  return ranOut(stop, end, maxHead, start);
}

// The four forms of RFC 9112 §3.2: origin (/path), absolute (scheme://...), asterisk (*, only
// OPTIONS) and authority (host:port, only and always for CONNECT).
function checkTargetForm(
  buf: Uint8Array,
  lineStart: number,
  methodEnd: number,
  t0: number,
  t1: number,
  start: number,
): void {
  const method = methodEnd - lineStart;
  if (method === 7 && bytesAre(buf, lineStart, "CONNECT")) {
    if (!isValidHost(decodeLatin1(buf, t0, t1, true), true)) {
      throw new InvalidTargetError("CONNECT needs an authority-form target (host:port)", t0 - start);
    }
    return;
  }
  const first = buf[t0];
  if (first === 0x2f /* / */) return;
  if (first === 0x2a /* * */ && t1 - t0 === 1) {
    if (method === 7 && bytesAre(buf, lineStart, "OPTIONS")) return;
    throw new InvalidTargetError('The asterisk-form target "*" is only for OPTIONS', t0 - start);
  }
  // absolute-form: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://".
  let i = t0;
  if (isAlpha(buf[i])) {
    i++;
    while (
      i < t1 && (isAlpha(buf[i]) || (buf[i] >= 0x30 && buf[i] <= 0x39) || buf[i] === 0x2b ||
        buf[i] === 0x2d || buf[i] === 0x2e)
    ) i++;
    if (i + 3 <= t1 && buf[i] === 0x3a && buf[i + 1] === 0x2f && buf[i + 2] === 0x2f) return;
  }
  throw new InvalidTargetError(
    'Cannot parse request target: expected "/path", "scheme://authority/path" or "*"',
    t0 - start,
  );
}

// Host (RFC 9112 §3.2): exactly one on 1.1, at most one on 1.0, and a valid value if present.
// `first` and `second` are the line numbers of the first two Host lines (or -1).
function checkHost(
  buf: Uint8Array,
  version: HttpVersion,
  headers: HeaderList,
  first: number,
  second: number,
  spans: number[],
  start: number,
  endOffset: number,
): void {
  if (first < 0) {
    if (atLeastHttp11(version)) throw new MissingHostError("HTTP/1.1 request has no Host field", endOffset);
    return;
  }
  if (second >= 0) throw new MultipleHostError("Request has more than one Host field", spans[second * 4] - start);
  if (isUsualHost(buf, spans[first * 4 + 2], spans[first * 4 + 3])) return;
  const value = headers.valueAt(first);
  if (!isValidHost(value)) {
    const shown = JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);
    throw new InvalidHostError(`Invalid Host ${shown}`, spans[first * 4] - start);
  }
}

// True if the 4 bytes at `at` spell "host" in any case. (`c | 0x20` is a lower-case letter
// only for that letter in either case.)
function isHostName(buf: Uint8Array, at: number): boolean {
  return (buf[at] | 0x20) === 0x68 && (buf[at + 1] | 0x20) === 0x6f && (buf[at + 2] | 0x20) === 0x73 &&
    (buf[at + 3] | 0x20) === 0x74;
}

// True if the 8 bytes at `at` are "HTTP/" DIGIT "." DIGIT.
function isHttpVersion(buf: Uint8Array, at: number): boolean {
  return buf[at] === 0x48 && buf[at + 1] === 0x54 && buf[at + 2] === 0x54 && buf[at + 3] === 0x50 &&
    buf[at + 4] === 0x2f && buf[at + 5] - 0x30 >>> 0 <= 9 && buf[at + 6] === 0x2e && buf[at + 7] - 0x30 >>> 0 <= 9;
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function bytesAre(buf: Uint8Array, at: number, ascii: string): boolean {
  for (let i = 0; i < ascii.length; i++) if (buf[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}
