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
        throw new InvalidHeaderValueError(`Cannot serialize header ${name}: invalid character ${describe(c)} in value`, 0, 500);
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
