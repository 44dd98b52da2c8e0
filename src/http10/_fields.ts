/**
 * The scanner for header field lines, shared by the request and response parsers and the
 * chunked trailer section. Private to `src/http10/`.
 *
 * It validates bytes and records where names and values are; it decodes nothing. The
 * callers decode the whole head once and slice it (much cheaper than one decode per field).
 *
 * @module
 */
import { COLON, CR, decodeLatin1, HTAB, LF, SP, TCHAR } from "./_ascii.ts";
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
   * trimmed of OWS). nameStart is -1 for an obs-fold continuation line. Written from index
   * 0; a reused array may hold stale entries past `count`.
   */
  spans: number[];
  /** How many entries of `spans` this scan wrote (4 per line); set when the scan completes. */
  count?: number;
  /** The index just past the empty line that ends the section; set by {@linkcode scanHead}. */
  end?: number;
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
 * Scans the field lines from `p` with {@linkcode scanFields}, then decodes the whole head
 * `buf[headStart:]` through the empty line in one go: the text every name and value is sliced
 * from (index `i` of `buf` is index `i - headStart` of it). Returns null if `stop` comes first.
 * `high` is the OR of the bytes before `p` that may be obs-text (a reason phrase), else 0.
 * Sets `out.spans`, `out.count` and `out.end`, the index just past the empty line.
 */
export function scanHead(
  buf: Uint8Array,
  headStart: number,
  p: number,
  stop: number,
  base: number,
  rules: FieldRules,
  out: FieldSpans,
  high: number,
): string | null {
  out.high = high;
  const end = scanFields(buf, p, stop, base, rules, out);
  if (end === NEED_MORE) return null;
  out.end = end;
  return decodeLatin1(buf, headStart, end, out.high < 0x80);
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
  const bareLf = rules.allowBareLf;
  const maxCount = rules.maxCount;
  // No fields at all (the smallest requests): end here, without setting up the word view.
  if (p < stop && (buf[p] === CR || buf[p] === LF)) {
    const len = lineEnding(buf, p, stop, base, bareLf);
    if (len === 0) return NEED_MORE;
    out.count = 0;
    return p + len;
  }
  // Values are checked four bytes at a time through an Int32Array over the whole buffer;
  // `off` turns buffer indexes into byte offsets in it.
  const words = wordsOf(buf);
  const off = buf.byteOffset;
  const wStop = Math.min((off + stop) >>> 2, words.length);
  let n = 0; // entries written to spans
  let count = 0;
  let high = 0;
  for (;;) {
    if (p >= stop) return NEED_MORE;
    let c = buf[p];
    if (c === CR || c === LF) {
      const len = lineEnding(buf, p, stop, base, bareLf);
      if (len === 0) return NEED_MORE;
      out.high |= high;
      out.count = n;
      return p + len;
    }

    const lineStart = p;
    let nameEnd = -1;
    if (c === SP || c === HTAB) {
      if (!rules.unfold) {
        throw new ObsFoldError("Obsolete line folding: a field line starts with whitespace", p - base);
      }
      if (count === 0) throw new ObsFoldError("A continuation line comes before any field", p - base);
    } else {
      if (++count > maxCount) {
        throw new TooManyHeadersError(`More than ${maxCount} header fields`, p - base);
      }
      while (p < stop && TCHAR[buf[p]] === 1) p++;
      if (p >= stop) return NEED_MORE;
      nameEnd = p;
      if (buf[p] !== COLON) p = afterOddName(buf, p, stop, base, rules, lineStart);
      if (p === NEED_MORE) return NEED_MORE;
      if (nameEnd === lineStart) throw new InvalidHeaderNameError("Empty header name", p - base);
      p++; // the colon
    }

    while (p < stop && (buf[p] === SP || buf[p] === HTAB)) p++;
    const valueStart = p;
    // The hot loop: a run of visible ASCII, SP and HTAB. Bytes up to a word boundary one by
    // one, then whole words whose bytes are all 0x20-0x7E; the first other word is looked at
    // byte by byte, and the word-wise run resumes after it if all four were valid (a tab).
    // Obs-text (0x80-0xFF) is allowed too, and marks the head to be decoded as latin1.
    for (;;) {
      while (((off + p) & 3) !== 0 && p < stop && FIELD_VCHAR[buf[p]] === 1) p++;
      if (((off + p) & 3) === 0) {
        let w = (off + p) >>> 2;
        while (w < wStop) {
          const x = words[w];
          // A byte < 0x20 borrows into its high bit in x - 0x20202020 (and ~x keeps it only
          // if that byte was < 0x80); x itself has the high bit for >= 0x80; x + 1 for 0x7F.
          if ((((x - 0x20202020) & ~x) | x | (x + 0x01010101)) & 0x80808080) break;
          w++;
        }
        p = w * 4 - off;
        const e = p + 4 < stop ? p + 4 : stop;
        while (p < e && FIELD_VCHAR[buf[p]] === 1) p++;
        if (p === e && p < stop) continue;
      }
      if (p >= stop) return NEED_MORE;
      c = buf[p];
      if (c < 0x80) break;
      high = c; // obs-text: decode this head as latin1
      p++;
    }
    if (c !== CR && c !== LF) {
      throw new InvalidHeaderValueError(`Invalid character ${showByte(c)} in header value`, p - base);
    }
    const len = lineEnding(buf, p, stop, base, bareLf);
    if (len === 0) return NEED_MORE;
    // Trailing OWS is not part of the value.
    let valueEnd = p;
    while (valueEnd > valueStart && (buf[valueEnd - 1] === SP || buf[valueEnd - 1] === HTAB)) valueEnd--;
    spans[n] = nameEnd < 0 ? -1 : lineStart;
    spans[n + 1] = nameEnd;
    spans[n + 2] = valueStart;
    spans[n + 3] = valueEnd;
    n += 4;
    p += len;
  }
}

// field-vchar, SP and HTAB (RFC 9110 §5.5), without obs-text: 1 = may continue a value.
const FIELD_VCHAR = new Uint8Array(256);
FIELD_VCHAR[HTAB] = 1;
FIELD_VCHAR.fill(1, SP, 0x7f);

// The last buffer seen and an Int32Array view of all of it: parsers meet the same pooled
// buffer again and again, and a new view per call would cost more than short values gain.
// (It keeps that one buffer alive until another comes.)
let wordsView: Uint8Array | null = null; // the last view of it seen: same view, same buffer
let wordsBuffer: ArrayBufferLike | null = null;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);

/**
 * An Int32Array over all of `buf.buffer`, whole words only. A resizable buffer may shrink
 * later: callers stop at the view's length and leave words past it to byte loops.
 */
function wordsOf(buf: Uint8Array): Int32Array<ArrayBufferLike> {
  if (buf !== wordsView) {
    wordsView = buf;
    if (buf.buffer !== wordsBuffer) {
      wordsBuffer = buf.buffer;
      words = new Int32Array(wordsBuffer, 0, wordsBuffer.byteLength >>> 2);
    }
  }
  return words;
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
