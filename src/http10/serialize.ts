/**
 * Head serializers: status lines and request lines with their header fields, as bytes.
 * We always write HTTP/1.0 and CRLF, and refuse to write anything our own parser would
 * reject: that is what keeps a bad header from a handler from splitting a response.
 *
 * @module
 */
import { TARGET_CHAR, TCHAR } from "./_ascii.ts";
import {
  InvalidHeaderNameError,
  InvalidHeaderValueError,
  InvalidMethodError,
  InvalidStatusError,
  InvalidTargetError,
} from "./errors.ts";
import { statusText } from "./status.ts";

const encoder = new TextEncoder();

/**
 * Serializes `HTTP/1.0 <status> <reason>\r\n`, one `<name>: <value>\r\n` per header, and the
 * empty line, encoded as ISO-8859-1. `reason` defaults to `statusText(status)`.
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
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new InvalidStatusError(`Cannot serialize status ${status}: must be an integer from 100 to 599`);
  }
  const phrase = reason ?? statusText(status);
  const reasonCheck = checkText(phrase);
  if (reasonCheck < 0) {
    throw new InvalidStatusError(`Cannot serialize reason phrase ${JSON.stringify(phrase)}: invalid character`);
  }
  return finish(`HTTP/1.0 ${status} ${phrase}\r\n`, headers, reasonCheck > 0);
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
  if (!isTokenText(method)) {
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
  return finish(`${method} ${target} HTTP/1.0\r\n`, headers, false);
}

// Appends the validated field lines and the empty line to `line`, then encodes.
function finish(line: string, headers: Iterable<readonly [string, string]>, latin1: boolean): Uint8Array {
  let text = line;
  for (const [name, value] of headers) {
    if (!isTokenText(name)) {
      throw new InvalidHeaderNameError(`Cannot serialize header name ${JSON.stringify(name)}: not a token`, 0, 500);
    }
    const check = checkText(value);
    if (check < 0) {
      throw new InvalidHeaderValueError(
        `Cannot serialize header ${name}: invalid character ${describe(value.charCodeAt(-check - 1))} in value`,
        0,
        500,
      );
    }
    if (check > 0) latin1 = true;
    text += `${name}: ${value}\r\n`;
  }
  text += "\r\n";
  return latin1 ? encodeLatin1(text) : encoder.encode(text);
}

function isTokenText(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f || TCHAR[c] !== 1) return false;
  }
  return true;
}

// Field values and reason phrases: HTAB, SP, VCHAR, obs-text. Returns 0 for ASCII, 1 when
// there are chars 0x80-0xFF, or -(index + 1) of the first forbidden char.
function checkText(s: string): number {
  let high = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c === 0x09) continue;
    if (c >= 0x80 && c <= 0xff) {
      high = 1;
      continue;
    }
    return -(i + 1);
  }
  return high;
}

function describe(c: number): string {
  const names: Record<number, string> = { 0: "NUL", 10: "LF", 13: "CR", 127: "DEL" };
  return names[c] ?? `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}

// Every char is <= 0xFF here (checked), so one char is one byte.
function encodeLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
