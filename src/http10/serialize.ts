/**
 * Head serializers: status lines and request lines with their header fields, as bytes.
 * We always write HTTP/1.0 and CRLF, and refuse to write anything our own parser would
 * reject: that is what keeps a bad header from a handler from splitting a response.
 *
 * @module
 */
import { isToken, TARGET_CHAR, TCHAR } from "./_ascii.ts";
import {
  InvalidHeaderNameError,
  InvalidHeaderValueError,
  InvalidMethodError,
  InvalidStatusError,
  InvalidTargetError,
} from "./errors.ts";
import { statusText } from "./status.ts";

/**
 * Serializes `HTTP/1.0 <status> <reason>\r\n`, one `<name>: <value>\r\n` per header, and the
 * empty line, encoded as ISO-8859-1. `reason` defaults to `statusText(status)`. Header lines
 * are written as given: nothing is merged, reordered or added.
 *
 * Throws (with status 500, since the server wrote them): `InvalidStatusError` for a status
 * outside 100-599 or a reason with control characters; `InvalidHeaderNameError` for a name
 * that is not a token; `InvalidHeaderValueError` for a value with CR, LF, NUL, another
 * control character except HTAB, DEL, or a character above U+00FF.
 *
 * @example
 * ```ts
 * serializeResponseHead(200, [["Content-Length", "2"]]);
 * // "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n" as bytes
 * ```
 */
export function serializeResponseHead(
  status: number,
  headers: Iterable<readonly [string, string]>,
  reason?: string,
): Uint8Array {
  const line = statusLine(status, reason);
  const fields = fieldArray(headers);
  const out = new Uint8Array(headSize(line, fields));
  writeHead(out, line, fields);
  return out;
}

/**
 * Writes the bytes {@linkcode serializeResponseHead} would return into `target`, from index
 * 0, and returns their count; or returns -1, writing nothing, when they do not fit. A server
 * can so put a head and a short body in one buffer it reuses: allocating a new array per
 * response is what costs most on Deno. Throws the same errors for the same input.
 *
 * @example
 * ```ts
 * const buf = new Uint8Array(4096);
 * const n = serializeResponseHeadInto(buf, 204, [["Server", "http10"]]);
 * buf.subarray(0, n); // "HTTP/1.0 204 No Content\r\nServer: http10\r\n\r\n" as bytes
 * ```
 */
export function serializeResponseHeadInto(
  target: Uint8Array,
  status: number,
  headers: Iterable<readonly [string, string]>,
  reason?: string,
): number {
  const line = statusLine(status, reason);
  const fields = fieldArray(headers);
  const size = headSize(line, fields);
  if (size > target.length) {
    // Check the fields all the same: the caller must get the same errors either way.
    writeHead(new Uint8Array(size), line, fields);
    return -1;
  }
  writeHead(target, line, fields);
  return size;
}

/**
 * Writes a response head into `target` one piece at a time, with the checks and errors of
 * {@linkcode serializeResponseHead}, for a caller that has its fields in some other shape
 * than an array (a server walking a `Headers`) and wants to build no array per response.
 * Call `field()` for each field, then `end()`; when the head does not fit, nothing useful
 * is in `target` and `end()` returns -1, but every field is still checked.
 *
 * @example
 * ```ts
 * const buf = new Uint8Array(4096);
 * const head = new ResponseHeadWriter(buf, 200);
 * head.field("Content-Length", "2");
 * const n = head.end(); // "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n" is buf.subarray(0, n)
 * ```
 */
export class ResponseHeadWriter {
  readonly #out: Uint8Array;
  /** The head must end before this index of `#out`. */
  readonly #limit: number;
  /** Where the next byte goes; -1 once something did not fit. */
  #at: number;

  /** Starts a head at index 0 of `target`, to end before `limit` (default: its length). */
  constructor(target: Uint8Array, status: number, reason?: string, limit: number = target.length) {
    this.#out = target;
    this.#limit = Math.min(limit, target.length);
    const line = statusLine(status, reason);
    if (line.length > this.#limit) {
      this.#at = -1;
    } else {
      for (let i = 0; i < line.length; i++) target[i] = line.charCodeAt(i);
      this.#at = line.length;
    }
  }

  /** Appends `name: value` CRLF, after checking both like `serializeResponseHead` does. */
  field(name: string, value: string): void {
    checkName(name);
    checkValue(name, value);
    const at = this.#at;
    const out = this.#out;
    if (at < 0 || at + name.length + value.length + 4 > this.#limit) {
      this.#at = -1;
      return;
    }
    let i = at;
    for (let j = 0; j < name.length; j++) out[i++] = name.charCodeAt(j);
    out[i++] = 0x3a; // ":"
    out[i++] = 0x20;
    for (let j = 0; j < value.length; j++) out[i++] = value.charCodeAt(j);
    out[i++] = 0x0d;
    out[i++] = 0x0a;
    this.#at = i;
  }

  /** Appends the empty line; returns the head's length, or -1 if it did not fit. */
  end(): number {
    const at = this.#at;
    if (at < 0 || at + 2 > this.#limit) return -1;
    this.#out[at] = 0x0d;
    this.#out[at + 1] = 0x0a;
    return at + 2;
  }
}

function checkName(name: string): void {
  if (name.length === 0) throw new InvalidHeaderNameError("Cannot serialize an empty header name", 0, 500);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 0x7f || TCHAR[c] !== 1) {
      throw new InvalidHeaderNameError(`Cannot serialize header name ${JSON.stringify(name)}: not a token`, 0, 500);
    }
  }
}

function checkValue(name: string, value: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isTextChar(c)) {
      throw new InvalidHeaderValueError(
        `Cannot serialize header ${name}: invalid character ${describe(c)} in value`,
        0,
        500,
      );
    }
  }
}

function statusLine(status: number, reason: string | undefined): string {
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new InvalidStatusError(`Cannot serialize status ${status}: must be an integer from 100 to 599`);
  }
  const phrase = reason ?? statusText(status);
  for (let i = 0; i < phrase.length; i++) {
    if (!isTextChar(phrase.charCodeAt(i))) {
      throw new InvalidStatusError(`Cannot serialize reason phrase ${JSON.stringify(phrase)}: invalid character`);
    }
  }
  return `HTTP/1.0 ${status} ${phrase}\r\n`;
}

/**
 * Serializes `<method> <target> HTTP/1.0\r\n`, the header fields and the empty line. The
 * caller supplies Host (RFC 1945 clients may omit it; ours always send it).
 *
 * Throws (status 500) `InvalidMethodError` for a method that is not a token,
 * `InvalidTargetError` for an empty target or one with SP, a control character, "#" or a
 * character outside ASCII (percent-encode first), and the header errors of
 * {@linkcode serializeResponseHead}.
 *
 * @example
 * ```ts
 * serializeRequestHead("GET", "/", [["Host", "example.com"]]);
 * // "GET / HTTP/1.0\r\nHost: example.com\r\n\r\n" as bytes
 * ```
 */
export function serializeRequestHead(
  method: string,
  target: string,
  headers: Iterable<readonly [string, string]>,
): Uint8Array {
  if (!isToken(method)) {
    throw new InvalidMethodError(`Cannot serialize method ${JSON.stringify(method)}: not a token`, 0, 500);
  }
  if (target.length === 0) throw new InvalidTargetError("Cannot serialize an empty request target", 0, 500);
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c > 0x7f || TARGET_CHAR[c] !== 1) {
      throw new InvalidTargetError(
        `Cannot serialize request target ${JSON.stringify(target)}: invalid character at ${i}`,
        0,
        500,
      );
    }
  }
  const line = `${method} ${target} HTTP/1.0\r\n`;
  const fields = fieldArray(headers);
  const out = new Uint8Array(headSize(line, fields));
  writeHead(out, line, fields);
  return out;
}

type Fields = readonly (readonly [string, string])[];

function fieldArray(headers: Iterable<readonly [string, string]>): Fields {
  return Array.isArray(headers) ? headers as Fields : [...headers];
}

// ISO-8859-1 makes one char one byte, so the size is known before writing.
function headSize(line: string, fields: Fields): number {
  let size = line.length + 2;
  for (const [name, value] of fields) size += name.length + value.length + 4;
  return size;
}

// Writes `line` (already checked), the field lines and the empty line into `out`, which
// has room for them. Each char is checked as it is written: one pass, no intermediate
// string, no encoder.
function writeHead(out: Uint8Array, line: string, fields: Fields): void {
  let at = 0;
  for (let i = 0; i < line.length; i++) out[at++] = line.charCodeAt(i);
  for (const [name, value] of fields) {
    if (name.length === 0) throw new InvalidHeaderNameError("Cannot serialize an empty header name", 0, 500);
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c > 0x7f || TCHAR[c] !== 1) {
        throw new InvalidHeaderNameError(`Cannot serialize header name ${JSON.stringify(name)}: not a token`, 0, 500);
      }
      out[at++] = c;
    }
    out[at++] = 0x3a; // ":"
    out[at++] = 0x20;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (!isTextChar(c)) {
        throw new InvalidHeaderValueError(
          `Cannot serialize header ${name}: invalid character ${describe(c)} in value`,
          0,
          500,
        );
      }
      out[at++] = c;
    }
    out[at++] = 0x0d;
    out[at++] = 0x0a;
  }
  out[at++] = 0x0d;
  out[at] = 0x0a;
}

// Field values and reason phrases: HTAB, SP, VCHAR, obs-text (up to U+00FF, one byte each).
function isTextChar(c: number): boolean {
  return (c >= 0x20 && c !== 0x7f && c <= 0xff) || c === 0x09;
}

function describe(c: number): string {
  const names: Record<number, string> = { 0: "NUL", 10: "LF", 13: "CR", 127: "DEL" };
  return names[c] ?? `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}
