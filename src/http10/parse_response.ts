/**
 * The response head parser, for the client: liberal where that is safe, never ambiguous.
 *
 * @module
 */
import { CR, LF, SP } from "./_ascii.ts";
import { checkRange, type FieldRules, type FieldSpans, lineEnding, scanHead, skipEmptyLines } from "./_fields.ts";
import { HeaderTooLargeError, InvalidStatusLineError } from "./errors.ts";
import { HeaderList } from "./header_list.ts";
import { ParsedLines } from "./_parsed_lines.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import type { HttpVersion } from "./version.ts";

/** A parsed response head. Body framing depends on the request: see `responseBodyFraming`. */
export interface ResponseHead {
  /** The version from the status line (always 1.x). */
  version: HttpVersion;
  /** The status code, 100-599. */
  status: number;
  /** The reason phrase as sent; may be empty. */
  reason: string;
  /** The header fields, in order, names as received, obs-folds joined with one SP. */
  headers: HeaderList;
}

/** Limits for a response head (defaults from `DEFAULT_LIMITS`). */
export interface ResponseParseOptions {
  /** Largest head in bytes, status line included (431-coded error beyond). */
  maxHeadSize?: number;
  /** Most field lines (431-coded error beyond). */
  maxHeaderCount?: number;
}

const VERSIONS_1: readonly Readonly<HttpVersion>[] = Array.from(
  { length: 10 },
  (_, minor) => Object.freeze({ major: 1, minor }),
);

const HTTP_SLASH_1 = [0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e]; // "HTTP/1."
// What was expected at each of the first 12 bytes of a status line, for error messages.
const STATUS_LINE_PARTS = [
  ...Array(5).fill('expected "HTTP/"'),
  ...Array(3).fill("expected version HTTP/1.x"),
  "expected one space after the version",
  ...Array(3).fill("expected a three-digit status code"),
];

/**
 * Parses a response head from `buf[start:end]`. Returns "incomplete" until the empty line
 * after the fields has arrived, then the head and `consumed` (bytes from `start` through it).
 *
 * Accepted beyond the strict grammar, because no reading of them is ambiguous: bare LF line
 * endings, a missing or empty reason phrase ("HTTP/1.1 200\r\n"), empty lines before the
 * status line, obs-fold lines (joined to the previous value with one SP), and whitespace
 * between a field name and its colon (dropped, as RFC 9112 §5.1 tells proxies to do).
 * Still rejected: a bad status line (`InvalidStatusLineError`, 502), NUL or a bare CR anywhere,
 * control characters in values, invalid name characters, and oversized heads (431 codes).
 *
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi");
 * const result = parseResponseHead(bytes);
 * if (result !== "incomplete") {
 *   result.head.status; // 200
 *   bytes.subarray(result.consumed); // the body: "hi"
 * }
 * ```
 */
export function parseResponseHead(
  buf: Uint8Array,
  start = 0,
  end: number = buf.length,
  options?: ResponseParseOptions,
): "incomplete" | { head: ResponseHead; consumed: number } {
  checkRange(buf, start, end);
  const maxHead = options?.maxHeadSize ?? DEFAULT_LIMITS.maxHeadSize;
  const stop = end - start > maxHead ? start + maxHead : end;
  // Empty lines before the status line are skipped, and a bare LF is accepted.
  let p = skipEmptyLines(buf, start, stop, start, true);
  if (p < 0) return ranOut(stop, end, maxHead, start);

  // status-line = "HTTP/1." DIGIT SP 3DIGIT [ SP reason-phrase ] CRLF
  const lineStart = p;
  if (p + 12 < stop && isStatusStart(buf, p)) {
    p += 12; // the usual case, in one test
  } else {
    for (let i = 0; i < 12; i++, p++) {
      if (p >= stop) return ranOut(stop, end, maxHead, start);
      const c = buf[p];
      const ok = i < 7 ? c === HTTP_SLASH_1[i] : i === 8 ? c === SP : c >= 0x30 && c <= 0x39;
      if (!ok) throw new InvalidStatusLineError(`Cannot parse status line: ${STATUS_LINE_PARTS[i]}`, p - start);
    }
  }
  const status = (buf[lineStart + 9] - 0x30) * 100 + (buf[lineStart + 10] - 0x30) * 10 + buf[lineStart + 11] - 0x30;
  if (status < 100 || status > 599) {
    throw new InvalidStatusLineError(
      `Cannot parse status line: status ${status} is out of range`,
      lineStart + 9 - start,
    );
  }
  if (p >= stop) return ranOut(stop, end, maxHead, start);
  let reasonStart = p;
  let high = 0;
  if (buf[p] === SP) {
    reasonStart = ++p;
    // reason-phrase = *( HTAB / SP / VCHAR / obs-text )
    for (;;) {
      if (p >= stop) return ranOut(stop, end, maxHead, start);
      const c = buf[p];
      if (c >= SP && c !== 0x7f) high |= c;
      else if (c !== 0x09) break;
      p++;
    }
  }
  const reasonEnd = p;
  if (buf[p] !== CR && buf[p] !== LF) {
    throw new InvalidStatusLineError("Cannot parse status line: invalid character after the status", p - start);
  }
  const n = lineEnding(buf, p, stop, start, true);
  if (n === 0) return ranOut(stop, end, maxHead, start);
  p += n;

  const rules: FieldRules = {
    allowBareLf: true,
    unfold: true,
    spaceBeforeColon: true,
    maxCount: options?.maxHeaderCount ?? DEFAULT_LIMITS.maxHeaderCount,
  };
  const text = scanHead(buf, lineStart, p, stop, start, rules, SCRATCH, high);
  if (text === null) return ranOut(stop, end, maxHead, start);
  const headEnd = SCRATCH.end!;
  const spans = SCRATCH.spans;
  const count = SCRATCH.count!;
  const headers = hasFolds(spans, count)
    ? foldedList(text, spans, count, lineStart)
    : new HeaderList(new ParsedLines(text, spans.slice(0, count), lineStart));
  const head: ResponseHead = {
    version: VERSIONS_1[buf[lineStart + 7] - 0x30],
    status,
    reason: text.slice(reasonStart - lineStart, reasonEnd - lineStart),
    headers,
  };
  return { head, consumed: headEnd - start };
}

// True if a line of the scan is an obs-fold continuation (its nameStart is -1).
function hasFolds(spans: number[], count: number): boolean {
  for (let i = 0; i < count; i += 4) if (spans[i] < 0) return true;
  return false;
}

// The lines as strings, continuation lines joined to their field's value (RFC 9112 §5.2).
function foldedList(text: string, spans: number[], count: number, lineStart: number): HeaderList {
  const headers = new HeaderList();
  for (let i = 0; i < count;) {
    const name = text.slice(spans[i] - lineStart, spans[i + 1] - lineStart);
    let value = text.slice(spans[i + 2] - lineStart, spans[i + 3] - lineStart);
    // obs-fold (RFC 9112 §5.2): continuation lines join the value with one SP.
    for (i += 4; i < count && spans[i] < 0; i += 4) {
      const more = text.slice(spans[i + 2] - lineStart, spans[i + 3] - lineStart);
      value = value === "" ? more : more === "" ? value : `${value} ${more}`;
    }
    headers.append(name, value);
  }
  return headers;
}

// True if the 12 bytes at `at` are "HTTP/1." DIGIT SP 3DIGIT.
function isStatusStart(buf: Uint8Array, at: number): boolean {
  return buf[at] === 0x48 && buf[at + 1] === 0x54 && buf[at + 2] === 0x54 && buf[at + 3] === 0x50 &&
    buf[at + 4] === 0x2f && buf[at + 5] === 0x31 && buf[at + 6] === 0x2e && isDigit(buf[at + 7]) &&
    buf[at + 8] === SP && isDigit(buf[at + 9]) && isDigit(buf[at + 10]) && isDigit(buf[at + 11]);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

// The spans of the last scan, reused: parsing is synchronous and reads them before returning.
const SCRATCH: FieldSpans = { spans: [], high: 0 };

function ranOut(stop: number, end: number, maxHead: number, start: number): "incomplete" {
  if (stop < end) throw new HeaderTooLargeError(`Response head is larger than ${maxHead} bytes`, stop - start);
  return "incomplete";
}
