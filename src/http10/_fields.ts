/**
 * The scanner for header field lines, shared by the request and response parsers and the
 * chunked trailer section. Private to `src/http10/`.
 *
 * It validates bytes and records where names and values are; it decodes nothing. The
 * callers decode the whole head once and slice it (much cheaper than one decode per field).
 *
 * @module
 */
import { COLON, CR, HTAB, LF, SP, TCHAR } from "./_ascii.ts";
import {
  BareCrError,
  BareLfError,
  InvalidHeaderNameError,
  InvalidHeaderValueError,
  ObsFoldError,
  SpaceBeforeColonError,
  TooManyHeadersError,
} from "./errors.ts";

/** Returned instead of a position when the bytes end before the thing being scanned. */
export const NEED_MORE = -1;

/** How strict to be. Requests: all false. Responses: liberal but never ambiguous. */
export interface FieldRules {
  /** Accept LF alone as a line ending. */
  allowBareLf: boolean;
  /** Join an obs-fold line to the previous value instead of throwing `ObsFoldError`. */
  unfold: boolean;
  /** Drop whitespace between name and colon instead of throwing `SpaceBeforeColonError`. */
  spaceBeforeColon: boolean;
  /** Most field lines allowed (continuation lines do not count). */
  maxCount: number;
}

/** What {@linkcode scanFields} found. */
export interface FieldSpans {
  /**
   * Four buffer indexes per line: nameStart, nameEnd, valueStart, valueEnd (value already
   * trimmed of OWS). nameStart is -1 for an obs-fold continuation line.
   */
  spans: number[];
  /** The OR of every value byte: 0x80 or more means obs-text was seen, so decode as latin1. */
  high: number;
}

/**
 * At a CR or LF at `p`, returns the length of the line ending (2 for CRLF, 1 for a bare LF),
 * or 0 if the byte after a CR has not arrived. Throws for a CR without LF, and for a bare LF
 * unless allowed. Offsets in errors are relative to `base`.
 */
export function lineEnding(buf: Uint8Array, p: number, stop: number, base: number, allowBareLf: boolean): number {
  if (buf[p] === LF) {
    if (!allowBareLf) throw new BareLfError("Line ends in a bare LF; expected CRLF", p - base);
    return 1;
  }
  if (p + 1 >= stop) return 0;
  if (buf[p + 1] !== LF) throw new BareCrError("CR not followed by LF", p - base);
  return 2;
}

/** Throws a RangeError unless `start..end` lies within `buf`: the parsers' common precondition. */
export function checkRange(buf: Uint8Array, start: number, end: number): void {
  if (start < 0 || end > buf.length || start > end) {
    throw new RangeError(`Invalid range ${start}..${end} of a ${buf.length}-byte buffer`);
  }
}

/**
 * Skips the empty lines a message may start with (RFC 9112 §2.2, robustness). Returns the
 * index of the first other byte, or -1 when the bytes ran out at `stop` before one came.
 */
export function skipEmptyLines(buf: Uint8Array, p: number, stop: number, base: number, allowBareLf: boolean): number {
  for (;;) {
    if (p >= stop) return -1;
    const c = buf[p];
    if (c !== CR && c !== LF) return p;
    const n = lineEnding(buf, p, stop, base, allowBareLf);
    if (n === 0) return -1;
    p += n;
  }
}

/** A byte for an error message: "0x00". */
export function showByte(c: number): string {
  return `0x${c.toString(16).padStart(2, "0").toUpperCase()}`;
}

/**
 * Scans field lines from `p` through the empty line that ends the section. Returns the index
 * just past that empty line, or {@linkcode NEED_MORE} if `stop` comes first. Throws for
 * anything invalid, as soon as the bytes seen prove it. Appends to `out`.
 */
export function scanFields(
  buf: Uint8Array,
  p: number,
  stop: number,
  base: number,
  rules: FieldRules,
  out: FieldSpans,
): number {
  const spans = out.spans;
  let count = 0;
  let high = 0;
  for (;;) {
    if (p >= stop) return NEED_MORE;
    let c = buf[p];
    if (c === CR || c === LF) {
      const n = lineEnding(buf, p, stop, base, rules.allowBareLf);
      if (n === 0) return NEED_MORE;
      out.high |= high;
      return p + n;
    }

    const lineStart = p;
    let nameEnd = -1;
    if (c === SP || c === HTAB) {
      if (!rules.unfold) {
        throw new ObsFoldError("Obsolete line folding: a field line starts with whitespace", p - base);
      }
      if (count === 0) throw new ObsFoldError("A continuation line comes before any field", p - base);
    } else {
      if (++count > rules.maxCount) {
        throw new TooManyHeadersError(`More than ${rules.maxCount} header fields`, p - base);
      }
      while (p < stop && TCHAR[buf[p]] === 1) p++;
      if (p >= stop) return NEED_MORE;
      nameEnd = p;
      c = buf[p];
      if (c !== COLON) p = afterOddName(buf, p, stop, base, rules, lineStart);
      if (p === NEED_MORE) return NEED_MORE;
      if (nameEnd === lineStart) throw new InvalidHeaderNameError("Empty header name", p - base);
      p++; // the colon
    }

    while (p < stop && (buf[p] === SP || buf[p] === HTAB)) p++;
    const valueStart = p;
    let valueEnd = p;
    for (;;) {
      // The hot loop: a run of visible ASCII. Everything else is decided below it.
      const run = p;
      while (p < stop && (c = buf[p]) > SP && c < 0x7f) p++;
      if (p > run) valueEnd = p;
      if (p >= stop) return NEED_MORE;
      if (c === SP || c === HTAB) {
        p++; // OWS inside the value, or trailing (then valueEnd stays before it)
      } else if (c > 0x7f) {
        high = c; // obs-text: decode this head as latin1
        valueEnd = ++p;
      } else {
        break;
      }
    }
    if (c !== CR && c !== LF) {
      throw new InvalidHeaderValueError(`Invalid character ${showByte(c)} in header value`, p - base);
    }
    const n = lineEnding(buf, p, stop, base, rules.allowBareLf);
    if (n === 0) return NEED_MORE;
    spans.push(nameEnd < 0 ? -1 : lineStart, nameEnd, valueStart, valueEnd);
    p += n;
  }
}

// The name ended at something other than a colon: whitespace before the colon (an error, or
// dropped for responses), a line without colon, or a bad byte. Returns the colon's index.
function afterOddName(
  buf: Uint8Array,
  p: number,
  stop: number,
  base: number,
  rules: FieldRules,
  lineStart: number,
): number {
  const c = buf[p];
  if (c === SP || c === HTAB) {
    let q = p;
    while (q < stop && (buf[q] === SP || buf[q] === HTAB)) q++;
    if (q >= stop) return NEED_MORE;
    if (buf[q] !== COLON) throw new InvalidHeaderNameError("Whitespace inside a header name", p - base);
    if (!rules.spaceBeforeColon) {
      throw new SpaceBeforeColonError("Whitespace between header name and colon", p - base);
    }
    return q;
  }
  if (c === CR || c === LF) {
    if (lineEnding(buf, p, stop, base, rules.allowBareLf) === 0) return NEED_MORE;
    throw new InvalidHeaderNameError("Header line has no colon", lineStart - base);
  }
  throw new InvalidHeaderNameError(`Invalid character ${showByte(c)} in header name`, p - base);
}
